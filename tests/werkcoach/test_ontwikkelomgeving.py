"""`make run`: e-mail links point to the port it serves on, and in-process tasks keep quiet."""

import logging
import os
import subprocess

from celery import shared_task
from django.conf import settings


def _make_run_droog(**variabelen: str) -> str:
    env = {k: v for k, v in os.environ.items() if k != "SITE_URL"}
    result = subprocess.run(  # noqa: S603 - fixed arguments
        ["make", "-n", "run", *(f"{k}={v}" for k, v in variabelen.items())],  # noqa: S607
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    return result.stdout


def test_make_run_passes_its_own_port_as_the_base_of_email_links():
    uit = _make_run_droog(PORT="8123")
    assert "SITE_URL=http://127.0.0.1:8123 " in uit
    assert "runserver 127.0.0.1:8123" in uit


def test_a_site_url_of_the_environment_wins():
    uit = _make_run_droog(PORT="8123", SITE_URL="https://werkcoach.example")
    assert "SITE_URL=https://werkcoach.example " in uit


@shared_task(name="tests.stille_taak")
def _stille_taak() -> int:
    return 1


def test_in_process_tasks_do_not_log_every_success(caplog):
    assert settings.CELERY_TASK_ALWAYS_EAGER
    with caplog.at_level(logging.INFO):
        assert _stille_taak.delay().get() == 1
    assert not [r for r in caplog.records if "succeeded" in r.getMessage()]
    assert logging.getLogger("celery.app.trace").getEffectiveLevel() == logging.WARNING

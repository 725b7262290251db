"""`make run`: e-mail links point to the port it serves on, and in-process tasks keep quiet."""

import logging
import os
import subprocess
import sys

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


_EAGER_SCRIPT = """
import io, logging, django
django.setup()
import celery
from django.conf import settings
assert settings.CELERY_TASK_ALWAYS_EAGER
uit = io.StringIO()
handler = logging.StreamHandler(uit)
logging.getLogger().addHandler(handler)
logging.getLogger().setLevel(logging.INFO)
@celery.shared_task(name="tests.stille_taak")
def stille_taak():
    return 1
assert stille_taak.delay().get() == 1
print(logging.getLogger("celery.app.trace").getEffectiveLevel())
print("succeeded" in uit.getvalue())
"""


def test_in_process_tasks_do_not_log_every_success():
    """As ``make run`` has it: no broker, tasks in-process (a fresh process, whatever broker
    the test run itself uses)."""
    env = {k: v for k, v in os.environ.items() if k not in ("CELERY_BROKER_URL", "DJANGO_ENV")}
    env["DJANGO_SETTINGS_MODULE"] = "werkcoach.settings"
    result = subprocess.run(  # noqa: S603 - fixed arguments
        [sys.executable, "-c", _EAGER_SCRIPT],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    niveau, gelogd = result.stdout.split()[-2:]
    assert int(niveau) == logging.WARNING
    assert gelogd == "False"

"""A real Celery worker (subprocess) against the broker of CELERY_BROKER_URL and the test
database: the report is generated once, even when its task is delivered twice."""

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.storage import default_storage
from django.db import connection

from rapportage import tasks
from rapportage.kpi import Periode
from rapportage.models import Rapport
from rapportage.services import rapport_aanvragen
from tests.conftest import services_vereist

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]


def _vereisten() -> None:
    reden = None
    if not os.environ.get("CELERY_BROKER_URL"):
        reden = "CELERY_BROKER_URL is not set: no broker for a real worker"
    elif connection.vendor != "postgresql":
        reden = "a worker process cannot share the in-memory SQLite test database; set DATABASE_URL"
    if reden and services_vereist():
        pytest.fail(reden)
    if reden:
        pytest.skip(reden)


def _database_url() -> str:
    d = connection.settings_dict
    return (
        f"postgres://{d['USER']}:{d['PASSWORD']}@{d['HOST'] or '127.0.0.1'}:{d['PORT'] or 5432}"
        f"/{d['NAME']}"
    )


def _wacht(voorwaarde, seconden=90):
    eind = time.monotonic() + seconden
    while time.monotonic() < eind:
        if voorwaarde():
            return True
        time.sleep(0.5)
    return False


@pytest.fixture
def worker(tmp_path):
    _vereisten()
    env = {
        **os.environ,
        "DATABASE_URL": _database_url(),  # the test database, not the development one
        "WERKCOACH_VAR_DIR": str(tmp_path),  # same private storage as this test (conftest)
        "DJANGO_SETTINGS_MODULE": "werkcoach.settings",
    }
    log = (tmp_path / "worker.log").open("w")
    proc = subprocess.Popen(  # noqa: S603 - our own interpreter and arguments
        [sys.executable, "-m", "celery", "-A", "werkcoach", "worker", "--pool=solo", "-l", "INFO"],
        cwd=str(settings.BASE_DIR),
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        yield proc
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        log.close()
        print(Path(tmp_path / "worker.log").read_text()[-3000:])


def test_real_worker_generates_the_report_once(wereld, worker):
    periode = Periode.maand(2024, 1)
    rapport, gestart = rapport_aanvragen(
        pilot=wereld.pilot, soort=Rapport.Soort.MAANDRAPPORTAGE, periode=periode, door=None
    )
    assert gestart
    assert _wacht(lambda: Rapport.objects.get(pk=rapport.pk).status == "klaar"), "not generated"
    rapport.refresh_from_db()
    eerste = (rapport.pdf_bestand, rapport.pdf_sha256, rapport.gegenereerd_op)
    # The same task delivered again, and the same report asked for again.
    tasks.rapport_genereren.delay(rapport.pk)
    _, opnieuw = rapport_aanvragen(
        pilot=wereld.pilot, soort=Rapport.Soort.MAANDRAPPORTAGE, periode=periode, door=None
    )
    assert not opnieuw
    # A later task in the same queue: when it is done, the repeated one was handled before it.
    tasks.maandrapportages_plannen.delay()
    assert _wacht(lambda: Rapport.objects.filter(status="klaar").count() == 1 + 2), (
        "the planner's reports were not generated"
    )
    rapport.refresh_from_db()
    assert (rapport.pdf_bestand, rapport.pdf_sha256, rapport.gegenereerd_op) == eerste
    assert Rapport.objects.filter(periode_start=periode.start).count() == 1
    assert len(default_storage.listdir(f"rapporten/{wereld.pilot.pk}")[1]) == 2 + 2

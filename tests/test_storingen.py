"""Faults against the real components: a Celery worker (prefork) and beat as subprocesses, an
own Redis server (so it can be frozen without touching anyone else's), and the PostgreSQL test
database. Leases and the sweep are seconds here, so each fault is recovered in seconds.

Needs ``DATABASE_URL`` (PostgreSQL) and ``redis-server`` on the PATH; CI (``.ci/run``) has
both. Without them it skips, and in CI it fails.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from rapportage.kpi import Periode
from rapportage.models import Rapport
from rapportage.services import rapport_aanvragen
from tests.conftest import maak_traject, services_vereist
from werkcoach import wachtrij
from werkcoach.models import Taakbericht

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]

# Short leases: a dead worker's report is taken over after seconds, not a minute.
SNEL = {
    "WERKCOACH_RAPPORT_LEASE": "4",
    "WERKCOACH_RAPPORT_HARTSLAG": "1",
    "WERKCOACH_RAPPORT_WACHTRIJ_LEASE": "6",
    "WERKCOACH_BEWAKING_INTERVAL": "1",
}
HERSTEL = 4 + 120  # the promise: within the lease plus two minutes


def _vrije_poort() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _vereisten() -> None:
    reden = None
    if connection.vendor != "postgresql":
        reden = "a worker process cannot share the in-memory SQLite test database; set DATABASE_URL"
    elif not shutil.which("redis-server"):
        reden = "redis-server is not installed: the fault tests run their own"
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


def _wacht(voorwaarde, seconden: float) -> float:
    """Wait until ``voorwaarde()``; returns the seconds it took (fails after ``seconden``)."""
    begin = time.monotonic()
    while time.monotonic() - begin < seconden:
        if voorwaarde():
            return time.monotonic() - begin
        time.sleep(0.05)
    raise AssertionError(f"not within {seconden} s")


class Redis:
    def __init__(self, map: Path):
        self.poort = _vrije_poort()
        self.url = f"redis://127.0.0.1:{self.poort}/0"
        self.proc = subprocess.Popen(  # noqa: S603 - the system's redis-server, fixed arguments
            [
                shutil.which("redis-server") or "redis-server",
                "--port",
                str(self.poort),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
                "--dir",
                str(map),
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        _wacht(self._antwoordt, 10)

    def _antwoordt(self) -> bool:
        try:
            with socket.create_connection(("127.0.0.1", self.poort), timeout=0.5) as s:
                s.sendall(b"PING\r\n")
                return s.recv(16).startswith(b"+PONG")
        except OSError:
            return False

    def stoppen(self) -> None:
        self.proc.send_signal(signal.SIGCONT)
        self.proc.kill()
        self.proc.wait(timeout=10)


class Achtergrond:
    """The worker(s) and beat of one test, with their logs; all stopped at the end."""

    def __init__(self, map: Path, broker_url: str):
        self.map = map
        self.env = {
            **os.environ,
            **SNEL,
            "DATABASE_URL": _database_url(),
            "CELERY_BROKER_URL": broker_url,
            "WERKCOACH_VAR_DIR": str(map),  # the same private storage as this test (conftest)
            "DJANGO_SETTINGS_MODULE": "werkcoach.settings",
            "PYTHONUNBUFFERED": "1",
        }
        self.lopend: list[tuple[str, subprocess.Popen]] = []

    def starten(self, naam: str, *args: str) -> subprocess.Popen:
        log = (self.map / f"{naam}.log").open("a")
        proc = subprocess.Popen(  # noqa: S603 - our own interpreter and fixed arguments
            [sys.executable, "-m", "celery", "-A", "werkcoach", *args],
            cwd=str(settings.BASE_DIR),
            env=self.env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group: "kill the whole worker"
        )
        log.close()
        self.lopend.append((naam, proc))
        return proc

    def worker(self, naam: str = "worker") -> subprocess.Popen:
        return self.starten(
            naam, "worker", "--pool=prefork", "--concurrency=2", "-l", "INFO", "-n", f"{naam}@%h"
        )

    def beat(self) -> subprocess.Popen:
        return self.starten("beat", "beat", "-l", "INFO", "-s", str(self.map / "beat-schedule"))

    def stoppen(self) -> None:
        for _, proc in self.lopend:
            if proc.poll() is None:
                os.killpg(proc.pid, signal.SIGTERM)
        for _, proc in self.lopend:
            try:
                proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait()
        for pad in sorted(self.map.glob("*.log")):
            print(f"--- {pad.name} ---\n{pad.read_text(errors='replace')[-2500:]}")


@pytest.fixture
def omgeving(tmp_path, celery_conf, monkeypatch):
    _vereisten()
    redis = Redis(tmp_path)
    # This process publishes to the same Redis (through the outbox), never in-process.
    celery_conf(task_always_eager=False, broker_url=redis.url)
    monkeypatch.setattr(wachtrij._storing, "tot", 0.0, raising=False)
    achtergrond = Achtergrond(tmp_path, redis.url)
    try:
        yield redis, achtergrond
    finally:
        achtergrond.stoppen()
        redis.stoppen()


def _kinderen(pid: int) -> list[int]:
    pad = Path(f"/proc/{pid}/task/{pid}/children")
    return [int(p) for p in pad.read_text().split()] if pad.exists() else []


def _rapport_dat_rendert(wereld) -> Rapport:
    """A verantwoording of the whole pilot, caught while its PDF is being rendered."""
    rapport, _ = rapport_aanvragen(
        pilot=wereld.pilot,
        soort=Rapport.Soort.VERANTWOORDING,
        periode=Periode(wereld.pilot.startdatum, wereld.pilot.einddatum),
        door=wereld.projectleider,
    )
    _wacht(lambda: Rapport.objects.get(pk=rapport.pk).voortgang == 35, 90)
    return rapport


def _precies_eenmaal_klaar(rapport: Rapport, seconden: float) -> Rapport:
    _wacht(lambda: Rapport.objects.get(pk=rapport.pk).status == "klaar", seconden)
    rapport.refresh_from_db()
    assert rapport.pogingen == 2  # the interrupted start and the one that finished
    assert Rapport.objects.filter(soort=rapport.soort, pilot=rapport.pilot).count() == 1
    return rapport


def test_killed_pool_processes_the_report_completes_once(wereld, omgeving):
    _, achtergrond = omgeving
    worker = achtergrond.worker()
    achtergrond.beat()
    rapport = _rapport_dat_rendert(wereld)
    for kind in _kinderen(worker.pid):
        os.kill(kind, signal.SIGKILL)
    duur = _wacht(lambda: Rapport.objects.get(pk=rapport.pk).pogingen == 2, HERSTEL)
    print(f"taken over after {duur:.1f} s")
    _precies_eenmaal_klaar(rapport, HERSTEL)


def test_a_killed_worker_s_report_is_finished_by_the_next_worker_once(wereld, omgeving):
    _, achtergrond = omgeving
    worker = achtergrond.worker()
    achtergrond.beat()
    rapport = _rapport_dat_rendert(wereld)
    os.killpg(worker.pid, signal.SIGKILL)  # the whole worker: main process and pool
    worker.wait(timeout=10)
    # The status says what happened once the lease ran out; then the sweep queues it again.
    _wacht(lambda: "Onderbroken" in Rapport.objects.get(pk=rapport.pk).toestand, 10)
    achtergrond.worker("worker2")  # as systemd or Docker would restart it
    _precies_eenmaal_klaar(rapport, HERSTEL)


def _snel_en_zonder_500(antwoord_maken) -> int:
    begin = time.monotonic()
    antwoord = antwoord_maken()
    duur = time.monotonic() - begin
    assert duur < 2, f"the request took {duur:.1f} s"
    assert antwoord.status_code < 500
    return antwoord.status_code


def test_a_frozen_redis_blocks_no_request_and_everything_runs_after_it_thaws(
    wereld, omgeving, client
):
    from cases.models import Notificatie
    from tests.cases.test_aanmelden import formulier

    redis, achtergrond = omgeving
    traject = maak_traject(wereld, op=timezone.now() - timezone.timedelta(days=3))
    redis.proc.send_signal(signal.SIGSTOP)  # accepts connections (the kernel), answers nothing

    client.force_login(wereld.sociaal_werker)
    data = formulier(gebiedsteam=str(wereld.team_a.pk))
    assert _snel_en_zonder_500(lambda: client.post(reverse("cases:aanmelding_nieuw"), data)) == 302
    client.force_login(wereld.werkcoach)
    url = reverse("trajecten:dossier_contactmoment", kwargs={"pk": traject.pk})
    contact = {
        "contactmoment-versie": traject.versie,
        "contactmoment-datum": timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
        "contactmoment-soort": "telefoon",
        "contactmoment-verslag": "Gebeld over de open dag.",
    }
    assert _snel_en_zonder_500(lambda: client.post(url, contact)) == 302
    client.force_login(wereld.projectleider)
    aanvraag = {"pilot": wereld.pilot.pk, "jaar": 2024, "maand": 1}
    maand_url = reverse("rapportage:maandrapportage_aanvragen")
    assert _snel_en_zonder_500(lambda: client.post(maand_url, aanvraag)) == 302
    assert Taakbericht.objects.filter(gepubliceerd_op__isnull=True).count() >= 3
    rapport = Rapport.objects.get()
    assert rapport.status == "wachtrij"

    redis.proc.send_signal(signal.SIGCONT)
    achtergrond.worker()
    achtergrond.beat()
    _wacht(lambda: not Taakbericht.objects.filter(gepubliceerd_op__isnull=True).exists(), 60)
    _wacht(lambda: Rapport.objects.get(pk=rapport.pk).status == "klaar", 90)
    _wacht(lambda: Notificatie.objects.exists(), 30)  # the referral's e-mail went out

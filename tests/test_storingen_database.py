"""PostgreSQL restarts against the real components: an own throw-away PostgreSQL cluster (so it
can be restarted without touching anyone else's database), made and migrated once per session,
with gunicorn, a Celery worker, beat and an own Redis as subprocesses.

Needs PostgreSQL's ``initdb``/``pg_ctl`` and ``redis-server``; CI (``.ci/run``) has both. Without
them it skips, and in CI it fails. As root (as in CI) the cluster runs as the ``postgres`` user.
"""

from __future__ import annotations

import glob
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any

import psycopg
import pytest
from django.conf import settings

from tests.conftest import services_vereist
from tests.test_storingen import SNEL, Achtergrond, Redis, _vrije_poort, _wacht

pytestmark = pytest.mark.integration


def _pg_programma(naam: str) -> str | None:
    gevonden = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{naam}"))
    return gevonden[-1] if gevonden else shutil.which(naam)


def _vereisten() -> None:
    reden = None
    if not (_pg_programma("initdb") and _pg_programma("pg_ctl")):
        reden = "PostgreSQL's initdb and pg_ctl are not installed: these tests run their own"
    elif not shutil.which("redis-server"):
        reden = "redis-server is not installed: these tests run their own"
    if reden and services_vereist():
        pytest.fail(reden)
    if reden:
        pytest.skip(reden)


class Cluster:
    """A PostgreSQL cluster in a temporary folder on a free port, with one migrated database."""

    def __init__(self) -> None:
        self.map = Path(tempfile.mkdtemp(prefix="werkcoach-pg-"))
        self.poort = _vrije_poort()
        self.url = f"postgres://postgres@127.0.0.1:{self.poort}/werkcoach"
        self.wereld: dict[str, Any] = {}  # what _INRICHTEN made: pilot, projectleider, session
        if os.geteuid() == 0:  # PostgreSQL refuses to run as root
            shutil.chown(self.map, "postgres", "postgres")
        self._als_eigenaar(
            _pg_programma("initdb"), "-D", str(self.map / "data"), "-A", "trust", "-U", "postgres"
        )
        self.pg_ctl("start")
        with psycopg.connect(self.dsn("postgres"), autocommit=True) as verbinding:
            verbinding.execute("CREATE DATABASE werkcoach")

    def _als_eigenaar(self, *args) -> None:
        voor = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
        subprocess.run(  # noqa: S603 - PostgreSQL's own programs, fixed arguments
            [*voor, *args], check=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
        )

    def pg_ctl(self, actie: str, *extra: str) -> None:
        opties = f"-p {self.poort} -k {self.map} -c listen_addresses=127.0.0.1 -c fsync=off"
        self._als_eigenaar(
            _pg_programma("pg_ctl"), actie, "-D", str(self.map / "data"), "-w", "-o", opties,
            "-l", str(self.map / "log"), *extra,
        )  # fmt: skip

    def herstarten(self) -> float:
        begin = time.monotonic()
        self.pg_ctl("restart", "-m", "fast")  # ends every connection, as an upgrade would
        return time.monotonic() - begin

    def dsn(self, database: str = "werkcoach") -> str:
        return f"host=127.0.0.1 port={self.poort} user=postgres dbname={database} connect_timeout=2"

    def rij(self, sql: str, *params):
        """One row on a fresh connection, or None while the database is away."""
        try:
            with psycopg.connect(self.dsn()) as verbinding:
                return verbinding.execute(sql, params).fetchone()
        except psycopg.OperationalError:
            return None

    def stoppen(self) -> None:
        try:
            self.pg_ctl("stop", "-m", "immediate")
        finally:
            shutil.rmtree(self.map, ignore_errors=True)


def _omgeving(cluster: Cluster, **extra: str) -> dict[str, str]:
    return {
        **os.environ,
        **SNEL,
        "DATABASE_URL": cluster.url,
        "DJANGO_SETTINGS_MODULE": "werkcoach.settings",
        "WERKCOACH_2FA_VERPLICHT": "0",
        "PYTHONUNBUFFERED": "1",
        **extra,
    }


def _django(cluster: Cluster, code: str, **extra: str) -> str:
    """Run ``code`` in a Django process on the cluster's database; returns what it prints."""
    uit = subprocess.run(  # noqa: S603 - our own interpreter and fixed code
        [sys.executable, "-c", f"import django; django.setup()\n{code}"],
        cwd=str(settings.BASE_DIR),
        env=_omgeving(cluster, **extra),
        check=True,
        capture_output=True,
        text=True,
    )
    return uit.stdout.strip().splitlines()[-1] if uit.stdout.strip() else ""


# The pilot and a projectleider with a logged-in session (the cookie gunicorn's requests send).
_INRICHTEN = """
import json
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore
from tests.factories import GebruikerFactory, GemeenteFactory, OrganisatieFactory, PilotFactory
from werkcoach.models import Rol
from werkcoach.services import rollen_inrichten

rollen_inrichten()
nop = GemeenteFactory(naam="Noordoostpolder", dorpen=["Emmeloord"])
wc = OrganisatieFactory(naam="WerkCorporatie", soort="werkbedrijf", gemeenten=[nop])
pilot = PilotFactory(gemeente=nop, naam="Pilot NOP", jaardoelen={2024: 30})
pl = GebruikerFactory(
    username="pl", organisatie=wc, rollen=[Rol.PROJECTLEIDER], gemeenten=[nop], gebiedsteams=[]
)
sessie = SessionStore()
sessie[SESSION_KEY] = str(pl.pk)
sessie[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
sessie[HASH_SESSION_KEY] = pl.get_session_auth_hash()
sessie.create()
print(json.dumps({"pilot": pilot.pk, "projectleider": pl.pk, "sessie": sessie.session_key}))
"""


@pytest.fixture(scope="session")
def cluster():
    _vereisten()
    cluster = Cluster()
    try:
        _django(cluster, "from django.core.management import call_command; call_command('migrate')")
        cluster.wereld = json.loads(_django(cluster, _INRICHTEN))
        yield cluster
    finally:
        cluster.stoppen()


class Gunicorn:
    def __init__(self, cluster: Cluster, map: Path):
        self.poort = _vrije_poort()
        self.log = map / "gunicorn.log"
        with self.log.open("a") as log:
            self.proc = subprocess.Popen(  # noqa: S603 - our own interpreter, fixed arguments
                [
                    sys.executable, "-m", "gunicorn", "werkcoach.wsgi", "-b",
                    f"127.0.0.1:{self.poort}", "--workers", "2", "--threads", "2",
                ],
                cwd=str(settings.BASE_DIR),
                env=_omgeving(cluster, WERKCOACH_VAR_DIR=str(map)),
                stdout=log,
                stderr=subprocess.STDOUT,
            )  # fmt: skip
        _wacht(lambda: self.get("/gezondheid/", None)[0] > 0, 30)

    def get(self, pad: str, sessie: str | None) -> tuple[int, str]:
        verzoek = urllib.request.Request(f"http://127.0.0.1:{self.poort}{pad}")  # noqa: S310
        if sessie:
            verzoek.add_header("Cookie", f"sessionid={sessie}")
        try:
            with urllib.request.urlopen(verzoek, timeout=15) as antwoord:  # noqa: S310
                return antwoord.status, antwoord.geturl()
        except urllib.error.HTTPError as fout:
            return fout.code, fout.geturl()
        except OSError:
            return 0, pad

    def stoppen(self) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.proc.kill()
        print(f"--- gunicorn.log ---\n{self.log.read_text(errors='replace')[-3000:]}")


def test_a_postgresql_restart_under_light_traffic_costs_no_error_page(cluster, tmp_path):
    gunicorn = Gunicorn(cluster, tmp_path)
    antwoorden: list[tuple[float, int, str]] = []
    stop = threading.Event()

    def bezoeker() -> None:
        while not stop.is_set():
            status, url = gunicorn.get("/", cluster.wereld["sessie"])
            antwoorden.append((time.monotonic(), status, url))
            time.sleep(0.05)

    bezoekers = [threading.Thread(target=bezoeker) for _ in range(3)]
    try:
        for b in bezoekers:
            b.start()
        time.sleep(2)  # every gunicorn thread holds a persistent connection by now
        herstart = time.monotonic()
        duur = cluster.herstarten()
        time.sleep(3)
    finally:
        stop.set()
        for b in bezoekers:
            b.join(timeout=20)
        gunicorn.stoppen()
    statussen = [status for _, status, _ in antwoorden]
    print(f"restart took {duur:.1f} s; {len(statussen)} requests: {sorted(set(statussen))}")
    assert not [url for _, _, url in antwoorden if "login" in url]  # the session held
    assert [s for s in statussen if s != 200] == []  # no 500, no dropped request
    assert sum(1 for t, _, _ in antwoorden if t > herstart + duur) >= 10


def test_a_postgresql_restart_while_a_report_renders_is_retried_and_completes(cluster, tmp_path):
    redis = Redis(tmp_path)
    achtergrond = Achtergrond(tmp_path, redis.url)
    achtergrond.env["DATABASE_URL"] = cluster.url
    try:
        achtergrond.worker()
        achtergrond.beat()
        w = cluster.wereld
        pk = int(
            _django(
                cluster,
                "from rapportage.kpi import Periode\n"
                "from rapportage.models import Rapport\n"
                "from rapportage.services import rapport_aanvragen\n"
                "from werkcoach.models import Gebruiker, Pilot\n"
                f"pilot = Pilot.objects.get(pk={w['pilot']})\n"
                "rapport, _ = rapport_aanvragen(pilot=pilot, soort=Rapport.Soort.VERANTWOORDING,"
                " periode=Periode(pilot.startdatum, pilot.einddatum),"
                f" door=Gebruiker.objects.get(pk={w['projectleider']}))\n"
                "print(rapport.pk)",
                CELERY_BROKER_URL=redis.url,
            )
        )

        def toestand():
            return cluster.rij(
                "SELECT status, voortgang, pogingen FROM rapportage_rapport WHERE id = %s", pk
            )

        _wacht(lambda: (toestand() or ("",))[0] == "bezig" and toestand()[1] == 35, 90)
        duur = cluster.herstarten()
        print(f"restarted in {duur:.1f} s while rendering")
        _wacht(lambda: (toestand() or ("",))[0] == "klaar", 4 + 120)
        status, _, pogingen = toestand()
        assert status == "klaar"
        assert pogingen == 2  # the interrupted rendering and the retry that finished
        aantal = cluster.rij(
            "SELECT count(*) FROM rapportage_rapport WHERE pilot_id = %s", w["pilot"]
        )
        assert aantal == (1,)
    finally:
        achtergrond.stoppen()
        redis.stoppen()


def test_a_report_made_on_one_node_is_downloaded_on_another(cluster, tmp_path):
    """Two processes with their own WERKCOACH_VAR_DIR and no shared folder, one database: the
    one that made the report (in-process, as a worker) and a web node that serves it."""
    w = cluster.wereld
    opslag = {"WERKCOACH_OPSLAG": "database", "CELERY_BROKER_URL": ""}
    maken = (
        "from rapportage.kpi import Periode\n"
        "from rapportage.models import Rapport\n"
        "from rapportage.services import rapport_aanvragen\n"
        "from werkcoach.models import Gebruiker, Pilot\n"
        f"pilot = Pilot.objects.get(pk={w['pilot']})\n"
        "rapport, _ = rapport_aanvragen(pilot=pilot, soort=Rapport.Soort.MAANDRAPPORTAGE,"
        " periode=Periode(pilot.startdatum, pilot.startdatum.replace(day=28)),"
        f" door=Gebruiker.objects.get(pk={w['projectleider']}))\n"
        "rapport.refresh_from_db()\n"
        "print(rapport.pk, rapport.status, rapport.pdf_sha256)"
    )
    pk, status, sha256 = _django(
        cluster, maken, WERKCOACH_VAR_DIR=str(tmp_path / "worker"), **opslag
    ).split()
    assert status == "klaar"
    ophalen = (
        "import hashlib\n"
        "from django.test import Client\n"
        "from django.urls import reverse\n"
        "from werkcoach.models import Gebruiker\n"
        "client = Client()\n"
        f"client.force_login(Gebruiker.objects.get(pk={w['projectleider']}))\n"
        f"url = reverse('rapportage:rapport_download', kwargs={{'pk': {pk}, 'bestand': 'pdf'}})\n"
        "antwoord = client.get(url)\n"
        "print(antwoord.status_code, hashlib.sha256(antwoord.content).hexdigest())"
    )
    web = tmp_path / "web"
    assert _django(cluster, ophalen, WERKCOACH_VAR_DIR=str(web), **opslag).split() == [
        "200",
        sha256,
    ]
    assert not list(tmp_path.glob("*/private/**/*.pdf"))  # no file on either node's disk

"""Latency and throughput of the main pages, on a throw-away database filled with demo history.

    .venv/bin/python benchmarks/pages.py --residents 500
    .venv/bin/python benchmarks/pages.py --residents 500 \
        --database-url postgres://postgres@127.0.0.1:5432/postgres

Without ``--database-url`` it uses a temporary SQLite file. With it, it connects to that server,
creates a database with a fresh random name (``werkcoach_bench_<hex>``), works only in that one
and drops it at the end: the database named in the URL is used only to issue CREATE/DROP.

Everything runs in-process with Django's test ``Client`` (no network). Times are wall-clock per
request, without query capturing; the query count comes from one separate captured request.
"""

from __future__ import annotations

import argparse
import os
import platform
import secrets
import shutil
import sys
import tempfile
import threading
import time
from contextlib import contextmanager
from dataclasses import dataclass
from math import ceil
from pathlib import Path
from statistics import median
from urllib.parse import urlsplit, urlunsplit

BASE_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BASE_DIR))


def _args() -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    p.add_argument("--residents", type=int, default=500, help="residents (inwoners) in total")
    p.add_argument("--repeat", type=int, default=30, help="timed requests per page")
    p.add_argument("--warmup", type=int, default=3, help="untimed requests per page first")
    p.add_argument("--pdf-repeat", type=int, default=3, help="timed runs of each PDF export")
    p.add_argument("--threads", type=int, default=2, help="threads for the throughput run")
    p.add_argument("--seconds", type=float, default=5.0, help="length of the throughput run")
    p.add_argument(
        "--database-url",
        help="PostgreSQL server to create a throw-away database on (postgres://...); "
        "default: a temporary SQLite file",
    )
    p.add_argument("--seed", type=int, default=5150, help="seed of the extra residents' history")
    return p.parse_args()


# --- Throw-away database ---------------------------------------------------------------------


@contextmanager
def _postgres_database(url: str):
    """Create a database with a fresh name on the server in ``url``; drop it afterwards."""
    import psycopg
    from psycopg import sql

    delen = urlsplit(url)
    if delen.scheme not in ("postgres", "postgresql", "pgsql"):
        raise SystemExit("--database-url must be a postgres:// URL")
    naam = f"werkcoach_bench_{secrets.token_hex(6)}"
    beheer = urlunsplit(delen._replace(scheme="postgresql"))
    with psycopg.connect(beheer, autocommit=True) as conn:
        # Fails when the name exists: an existing database is never used or dropped.
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(naam)))
    try:
        yield urlunsplit(delen._replace(path="/" + naam)), naam
    finally:
        from django.db import connections

        connections.close_all()
        with psycopg.connect(beheer, autocommit=True) as conn:
            conn.execute(
                sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(naam))
            )
        print(f"<!-- dropped database {naam} -->", file=sys.stderr)


def _django_setup(var_dir: str, database_url: str | None) -> None:
    os.environ["WERKCOACH_VAR_DIR"] = var_dir
    os.environ["DJANGO_SETTINGS_MODULE"] = "werkcoach.settings"
    os.environ["DJANGO_ENV"] = "development"
    os.environ["DJANGO_DEBUG"] = "0"  # as in production: no debug query log, no debug pages
    os.environ["WERKCOACH_2FA_VERPLICHT"] = "0"
    os.environ["LOG_LEVEL"] = "WARNING"
    os.environ.pop("CELERY_BROKER_URL", None)  # tasks run in-process (eager)
    os.environ.pop("EMAIL_HOST", None)
    if database_url:
        os.environ["DATABASE_URL"] = database_url
    else:
        os.environ.pop("DATABASE_URL", None)
    import django

    django.setup()
    from django.conf import settings

    # Notification e-mails go to memory, not to the console.
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"


# --- Data ------------------------------------------------------------------------------------


def _vullen(residents: int, seed: int) -> tuple[float, float, int]:
    """Migrate, load the demo, add residents with the demo's history generator.
    Returns (seconds for migrate + demo, seconds for the extra history, residents added)."""
    from django.core.management import call_command

    from cases.models import Inwoner
    from demo.laden import demo_laden
    from werkcoach.models import Gebiedsteam, Organisatie, Pilot

    t0 = time.perf_counter()
    call_command("migrate", verbosity=0, interactive=False)
    resultaat = demo_laden()
    t1 = time.perf_counter()
    gebruikers = resultaat.gebruikers
    pilot = Pilot.objects.get(gemeente__naam="Noordoostpolder")
    teams = list(Gebiedsteam.objects.filter(gemeente=pilot.gemeente).order_by("pk"))
    partners = {o.naam: o for o in Organisatie.objects.all()}
    begin = Inwoner.objects.count()
    _geschiedenis_toevoegen(residents, seed, gebruikers, pilot, teams, partners, t1)
    return t1 - t0, time.perf_counter() - t1, Inwoner.objects.count() - begin


def _geschiedenis_toevoegen(residents, seed, gebruikers, pilot, teams, partners, t1) -> None:
    from django.db import transaction
    from django.utils import timezone

    from cases.models import Inwoner
    from demo.geschiedenis import geschiedenis

    blok, n = 500, 0
    while (over := residents - Inwoner.objects.count()) > 0:
        with transaction.atomic():
            geschiedenis(
                pilot=pilot,
                teams=teams,
                gebruikers=gebruikers,
                sociaal_werkers=[gebruikers["sociaalwerker"], gebruikers["sociaalwerker2"]],
                werkcoach=gebruikers["werkcoach"],
                partners=partners,
                aantal=min(blok, over),
                vandaag=timezone.localdate(),
                seed=seed + n,
                verse=(),  # no extra fresh referrals: the inbox keeps the demo's size
            )
        n += 1
        print(
            f"<!-- {Inwoner.objects.count()} residents, {time.perf_counter() - t1:.0f} s -->",
            file=sys.stderr,
        )


# --- Measuring -------------------------------------------------------------------------------


@dataclass
class Meting:
    naam: str
    tijden: list[float]  # seconds
    queries: int | None
    grootte: int | None  # bytes
    opmerking: str = ""

    def ms(self, q: float) -> float:
        s = sorted(self.tijden)
        return s[max(0, ceil(q * len(s)) - 1)] * 1000


def _client(username: str):
    from django.test import Client

    from werkcoach.models import Gebruiker

    client = Client()
    client.force_login(Gebruiker.objects.get(username=username))
    return client


def _pagina(naam, client, url, *, warmup, repeat) -> Meting:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for _ in range(warmup):
        _get(client, url)
    with CaptureQueriesContext(connection) as ctx:
        response = _get(client, url)
    queries = len(ctx.captured_queries)  # now: later requests clear the connection's log
    tijden = []
    for _ in range(repeat):
        t = time.perf_counter()
        _get(client, url)
        tijden.append(time.perf_counter() - t)
    return Meting(naam, tijden, queries, len(response.content))


def _get(client, url):
    response = client.get(url)
    if response.status_code != 200:
        raise SystemExit(f"GET {url} gave {response.status_code}, expected 200")
    return response


def _keer(naam, functie, *, repeat) -> Meting:
    """Time a function that returns (bytes, remark): one captured run, then ``repeat`` timed."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as ctx:
        grootte, opmerking = functie()
    queries = len(ctx.captured_queries)  # now: later requests clear the connection's log
    tijden = []
    for _ in range(repeat):
        t = time.perf_counter()
        functie()
        tijden.append(time.perf_counter() - t)
    return Meting(naam, tijden, queries, grootte, opmerking)


def _rapport_meter():
    """Generating one monthly report (PDF + XLSX) through the service; the task runs eagerly.
    The first run asks for it (rapport_aanvragen), later runs ask for a new version of it."""
    import uuid

    from django.core.files.storage import default_storage
    from django.utils import timezone

    from rapportage.models import Rapport
    from rapportage.services import rapport_aanvragen, rapport_nieuwe_versie, vorige_maand
    from werkcoach.models import Gebruiker, Pilot

    pilot = Pilot.objects.get(gemeente__naam="Noordoostpolder")
    door = Gebruiker.objects.get(username="projectleider")
    staat = {}

    def run():
        if "rapport" not in staat:
            rapport, _ = rapport_aanvragen(
                pilot=pilot,
                soort=Rapport.Soort.MAANDRAPPORTAGE,
                periode=vorige_maand(timezone.localdate()),
                door=door,
            )
        else:
            rapport = rapport_nieuwe_versie(
                rapport=staat["rapport"],
                door=door,
                toelichting="Benchmark.",
                aanvraagsleutel=uuid.uuid4(),
            )
        rapport.refresh_from_db()
        if rapport.status != Rapport.Status.KLAAR:
            raise SystemExit(f"report {rapport.pk}: {rapport.status} {rapport.foutmelding}")
        staat["rapport"] = rapport
        pdf = default_storage.size(rapport.pdf_bestand)
        xlsx = default_storage.size(rapport.xlsx_bestand)
        return pdf + xlsx, f"PDF {pdf / 1024:.0f} kB + XLSX {xlsx / 1024:.0f} kB"

    return run


def _doorvoer(username: str, url: str, threads: int, seconden: float) -> tuple[float, int, int]:
    """Requests per second on ``url`` with ``threads`` threads, each with its own Client and
    database connection, for about ``seconden`` seconds. Returns (rps, requests, errors)."""
    from django.db import connection

    start = threading.Barrier(threads + 1)
    tellers = [[0, 0] for _ in range(threads)]
    eind = [0.0]

    def werk(i):
        try:
            client = _client(username)
            client.get(url)  # this thread's connection and session warm
            start.wait()
            while time.perf_counter() < eind[0]:
                r = client.get(url)
                tellers[i][0 if r.status_code == 200 else 1] += 1
        finally:
            connection.close()

    draden = [threading.Thread(target=werk, args=(i,)) for i in range(threads)]
    for d in draden:
        d.start()
    eind[0] = time.perf_counter() + seconden  # read by the threads only after the barrier
    start.wait()
    t0 = time.perf_counter()
    for d in draden:
        d.join(timeout=seconden + 60)
    verstreken = time.perf_counter() - t0
    goed = sum(t[0] for t in tellers)
    fout = sum(t[1] for t in tellers)
    return goed / verstreken, goed, fout


# --- Report ----------------------------------------------------------------------------------


def _machine() -> list[str]:
    import django
    from django.db import connection

    cpu = ""
    try:
        for regel in Path("/proc/cpuinfo").read_text().splitlines():
            if regel.startswith("model name"):
                cpu = regel.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    nproc = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    if connection.vendor == "postgresql":
        with connection.cursor() as c:
            c.execute("SHOW server_version")
            db = f"PostgreSQL {c.fetchone()[0]}"
    else:
        import sqlite3

        db = f"{connection.vendor} {sqlite3.sqlite_version} (file)"
    return [
        f"- date: {time.strftime('%Y-%m-%d %H:%M %Z')}",
        f"- machine: {platform.system()} {platform.machine()}, nproc {nproc}, {cpu or 'cpu unknown'}",
        f"- Python {platform.python_version()}, Django {django.get_version()}, database {db}",
    ]


def _tabel(metingen: list[Meting], residents: int) -> list[str]:
    uit = [
        "| page | residents | median ms | p95 ms | max ms | queries | kB |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    for m in metingen:
        kb = f"{m.grootte / 1024:.1f}" if m.grootte is not None else ""
        naam = f"{m.naam} ({m.opmerking})" if m.opmerking else m.naam
        uit.append(
            f"| {naam} | {residents} | {median(m.tijden) * 1000:.1f} | {m.ms(0.95):.1f} "
            f"| {max(m.tijden) * 1000:.1f} | {m.queries} | {kb} |"
        )
    return uit


def _meten(args, opbouw: tuple[float, float, int]) -> None:
    from django.db.models import Count
    from django.urls import reverse

    from cases.models import Inwoner
    from trajecten.klantreis import OPEN_FASEN
    from trajecten.models import Traject

    residents = Inwoner.objects.count()
    werkcoach = _client("werkcoach")
    # The dossier with the most contact moments among the werkcoach's open trajecten:
    # the heaviest dossier page, not an average one.
    traject = (
        Traject.objects.filter(werkcoach__username="werkcoach", fase__in=OPEN_FASEN)
        .annotate(n=Count("contactmomenten"))
        .order_by("-n", "pk")
        .first()
    )
    caseload = reverse("trajecten:caseload")
    paginas = [
        ("caseload", werkcoach, caseload),
        (
            "caseload, filter (alle, stap oriëntatie)",
            werkcoach,
            caseload + "?wie=alle&fase=orientatie",
        ),
        ("caseload, zoek 'de vries'", werkcoach, caseload + "?wie=alle&zoek=de+vries"),
        (
            f"dossier ({traject.n} contactmomenten)",
            werkcoach,
            reverse("trajecten:dossier", args=[traject.pk]),
        ),
        ("inbox", werkcoach, reverse("aanmeldingen:inbox")),
        (
            "mijn aanmeldingen (sociaalwerker)",
            _client("sociaalwerker"),
            reverse("aanmeldingen:mijn_aanmeldingen"),
        ),
        ("instrumentenwaaier", werkcoach, reverse("trajecten:instrumenten")),
        ("dashboard (manager)", _client("manager"), reverse("rapportage:dashboard")),
        ("begroting (projectleider)", _client("projectleider"), reverse("rapportage:begroting")),
        (
            "overdrachten (accountmanager)",
            _client("accountmanager"),
            reverse("trajecten:overdrachten"),
        ),
    ]
    metingen = []
    for naam, client, url in paginas:
        print(f"<!-- measuring {naam} -->", file=sys.stderr)
        metingen.append(_pagina(naam, client, url, warmup=args.warmup, repeat=args.repeat))

    print("<!-- measuring PDFs -->", file=sys.stderr)
    metingen.append(
        _keer(
            "maandrapportage PDF+XLSX (service, eager task)",
            _rapport_meter(),
            repeat=args.pdf_repeat,
        )
    )
    inzage = reverse("avg:inzage_pdf", args=[traject.inwoner_id])

    def inzage_pdf():
        return len(_get(werkcoach, inzage).content), ""

    metingen.append(
        _keer("inzage art. 15 PDF (avg:inzage_pdf)", inzage_pdf, repeat=args.pdf_repeat)
    )

    print("<!-- measuring throughput -->", file=sys.stderr)
    rps, aantal, fouten = _doorvoer("werkcoach", caseload, args.threads, args.seconds)

    migreren, geschiedenis, toegevoegd = opbouw
    regels = [
        f"## werkcoach page benchmark, {residents} residents",
        "",
        *_machine(),
        f"- data: migrate + demo_laden {migreren:.1f} s; {toegevoegd} extra residents with "
        f"demo._geschiedenis in {geschiedenis:.1f} s",
        f"- per page: {args.warmup} warm-up, {args.repeat} timed requests (queries and size from "
        f"one extra captured request); PDFs: 1 captured + {args.pdf_repeat} timed runs",
        "",
        *_tabel(metingen, residents),
        "",
        f"Throughput: caseload (werkcoach), {args.threads} threads, {args.seconds:g} s in-process: "
        f"**{rps:.1f} requests/s** ({aantal} requests, {fouten} not 200).",
    ]
    print("\n".join(regels))


def main() -> None:
    args = _args()
    var_dir = tempfile.mkdtemp(prefix="werkcoach-bench-")
    try:
        if args.database_url:
            with _postgres_database(args.database_url) as (url, _naam):
                _django_setup(var_dir, url)
                _meten(args, _vullen(args.residents, args.seed))
        else:
            _django_setup(var_dir, None)
            _meten(args, _vullen(args.residents, args.seed))
            from django.db import connections

            connections.close_all()
    finally:
        shutil.rmtree(var_dir, ignore_errors=True)


if __name__ == "__main__":
    main()

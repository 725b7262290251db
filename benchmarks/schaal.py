"""Small database next to the large one, in one run (``make bench-scale``).

    .venv/bin/python benchmarks/schaal.py                  # large: werkcoach_schaal on $DATABASE_URL
    .venv/bin/python benchmarks/schaal.py --groot bank_schaal --klein bank_schaal_klein

The small database (demo + ``--klein-inwoners`` residents, made by ``benchmarks/vullen.py``) is
recreated each run; the large one must have been filled with ``make bench-fill``. For each, a
gunicorn (one sync worker, development settings, DEBUG and 2FA off, Server-Timing on) serves
127.0.0.1; the pages are requested with real sessions (logged in through the login form). Page
time is measured by the client; SQL time and query count come from the ``Server-Timing`` header
(``werkcoach.middleware.ServerTimingMiddleware``). Reports and the retention job run in their own
process each (peak memory from ``resource.getrusage``); the retention job runs in a transaction
that is rolled back, so the large database stays as it was. Markdown goes to stdout.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from math import ceil
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

BASE_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BASE_DIR))
PY = sys.executable
WACHTWOORD = "demo-werkcoach-2026"


def _args() -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    p.add_argument("--groot", default="werkcoach_schaal", help="the large database (filled)")
    p.add_argument("--klein", default="werkcoach_schaal_klein", help="the small one (recreated)")
    p.add_argument("--klein-inwoners", type=int, default=100)
    p.add_argument("--repeat", type=int, default=20, help="timed requests per page")
    p.add_argument("--budget", type=float, default=40.0, help="max seconds per page (min 5 runs)")
    p.add_argument("--port", type=int, default=8771)
    p.add_argument("--intern", nargs="*", help=argparse.SUPPRESS)
    return p.parse_args()


def _url(naam: str) -> str:
    delen = urlsplit(os.environ.get("DATABASE_URL", ""))
    if delen.scheme not in ("postgres", "postgresql"):
        raise SystemExit("Set DATABASE_URL to a postgres:// URL of the server.")
    return urlunsplit(delen._replace(path="/" + naam))


def _env(database_url: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("CELERY_BROKER_URL", "EMAIL_HOST")}
    env.update(
        DATABASE_URL=database_url,
        DJANGO_SETTINGS_MODULE="werkcoach.settings",
        DJANGO_ENV="development",
        DJANGO_DEBUG="0",
        WERKCOACH_2FA_VERPLICHT="0",
        WERKCOACH_SERVER_TIMING="1",
        SESSION_COOKIE_AGE="7200",
        AXES_FAILURE_LIMIT="1000",
        LOG_LEVEL="WARNING",
        WERKCOACH_VAR_DIR=env.get("WERKCOACH_VAR_DIR") or tempfile.mkdtemp(prefix="wc-schaal-"),
    )
    return env


# --- Pages through gunicorn ----------------------------------------------------------------


@dataclass
class Meting:
    naam: str
    tijden: list[float]
    sql: list[float]
    queries: int

    def p(self, q: float) -> float:
        s = sorted(self.tijden)
        return s[max(0, ceil(q * len(s)) - 1)] * 1000


def _gunicorn(env: dict[str, str], port: int) -> subprocess.Popen:
    import requests

    proces = subprocess.Popen(  # noqa: S603 - fixed arguments
        [
            str(Path(PY).parent / "gunicorn"),
            "werkcoach.wsgi",
            "-b",
            f"127.0.0.1:{port}",
            "-w",
            "1",
            "--timeout",
            "300",
            "--log-level",
            "warning",
        ],
        cwd=BASE_DIR,
        env=env,
    )
    for _ in range(120):
        try:
            if requests.get(f"http://127.0.0.1:{port}/gezondheid/", timeout=5).ok:
                return proces
        except requests.ConnectionError:
            time.sleep(0.5)
    proces.terminate()
    raise SystemExit("gunicorn did not start")


def _sessie(basis: str, username: str):
    import requests

    sessie = requests.Session()
    formulier = sessie.get(f"{basis}/inloggen/", timeout=60).text
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', formulier)
    assert token, "no CSRF token on the login page"  # noqa: S101 - narrows the type
    r = sessie.post(
        f"{basis}/inloggen/",
        data={"username": username, "password": WACHTWOORD, "csrfmiddlewaretoken": token[1]},
        headers={"Referer": f"{basis}/inloggen/"},
        timeout=60,
    )
    if "sessionid" not in sessie.cookies:
        raise SystemExit(f"login as {username} failed ({r.status_code})")
    return sessie


def _meet(naam: str, sessie, url: str, repeat: int, budget: float) -> Meting:
    m = Meting(naam, [], [], 0)
    for _ in range(2):
        _get(sessie, url)
    begin = time.perf_counter()
    while len(m.tijden) < repeat and (len(m.tijden) < 5 or time.perf_counter() - begin < budget):
        t = time.perf_counter()
        r = _get(sessie, url)
        m.tijden.append(time.perf_counter() - t)
        timing = re.search(r'db;dur=([\d.]+);desc="(\d+) queries"', r.headers["Server-Timing"])
        assert timing, r.headers.get("Server-Timing")  # noqa: S101 - narrows the type
        m.sql.append(float(timing[1]) / 1000)
        m.queries = int(timing[2])
    return m


def _get(sessie, url: str):
    r = sessie.get(url, timeout=300, allow_redirects=False)
    if r.status_code != 200:
        raise SystemExit(f"GET {url} gave {r.status_code}")
    return r


def _objecten(database_url: str) -> dict[str, int]:
    """The objects the pages are measured on, looked up in SQL."""
    import psycopg

    wc = "werkcoach.almere.1"
    with psycopg.connect(database_url.replace("postgres://", "postgresql://", 1)) as conn:
        rijen = conn.execute(
            "SELECT t.id, count(c.id) FROM trajecten_traject t JOIN werkcoach_gebruiker g "
            "ON g.id = t.werkcoach_id LEFT JOIN cases_contactmoment c ON c.traject_id = t.id "
            "WHERE g.username = %s AND t.beeindigd_op IS NULL GROUP BY t.id ORDER BY 2, 1",
            [wc],
        ).fetchall()
        zwaarst = conn.execute(
            "SELECT t.id, count(c.id) FROM trajecten_traject t JOIN werkcoach_gebruiker g "
            "ON g.id = t.werkcoach_id LEFT JOIN cases_contactmoment c ON c.traject_id = t.id "
            "WHERE g.username = %s GROUP BY t.id ORDER BY 2 DESC, 1 LIMIT 1",
            [wc],
        ).fetchone()
        team = conn.execute(
            "SELECT t.id FROM werkcoach_gebiedsteam t JOIN werkcoach_gemeente g "
            "ON g.id = t.gemeente_id WHERE g.naam = 'Almere' ORDER BY t.id LIMIT 1"
        ).fetchone()
    typisch = rijen[len(rijen) // 2]
    return {
        "typisch": typisch[0],
        "typisch_n": typisch[1],
        "zwaarst": zwaarst[0],
        "zwaarst_n": zwaarst[1],
        "team": team[0],
    }


def _paginas(o: dict[str, int]) -> list[tuple[str, str, str]]:
    """(name, user, path) of every page measured."""
    wc, pl = "werkcoach.almere.1", "projectleider.almere"
    return [
        ("caseload", wc, "/trajecten/"),
        ("caseload, filter stap oriëntatie", wc, "/trajecten/?fase=orientatie"),
        ("caseload, zoek 'de vries' (alle)", wc, "/trajecten/?wie=alle&zoek=de+vries"),
        ("dossier, typical (median open)", wc, f"/trajecten/{o['typisch']}/"),
        ("dossier, heaviest", wc, f"/trajecten/{o['zwaarst']}/"),
        ("inbox", wc, "/aanmeldingen/inbox/"),
        ("mijn aanmeldingen (sociaal werker)", "sociaalwerker.almere.1.1", "/aanmeldingen/mijn/"),
        ("instrumentenwaaier", wc, "/trajecten/instrumenten/"),
        ("dashboard (manager)", "manager.almere", "/rapportage/dashboard/"),
        ("dashboard (projectleider)", pl, "/rapportage/dashboard/"),
        (
            "dashboard (projectleider, gebiedsteam)",
            pl,
            f"/rapportage/dashboard/?gebiedsteam={o['team']}",
        ),
        ("begroting (projectleider)", pl, "/rapportage/begroting/"),
        ("overdrachten (accountmanager)", "accountmanager.almere", "/trajecten/overdrachten/"),
        ("auditlog (beheerder)", "beheerder.flevoland", "/auditlog/"),
        (
            "auditlog, filter gebruiker + actie",
            "beheerder.flevoland",
            "/auditlog/?gebruiker=werkcoach.almere.1&actie=wijzigen",
        ),
        ("rapportenarchief (projectleider)", pl, "/rapportage/rapporten/"),
    ]


def _paginas_meten(database_url: str, args) -> tuple[list[Meting], dict[str, int]]:
    objecten = _objecten(database_url)
    proces = _gunicorn(_env(database_url), args.port)
    basis = f"http://127.0.0.1:{args.port}"
    try:
        sessies: dict = {}
        metingen = []
        for naam, user, pad in _paginas(objecten):
            print(f"<!-- {naam} -->", file=sys.stderr, flush=True)
            sessie = sessies.get(user) or sessies.setdefault(user, _sessie(basis, user))
            metingen.append(_meet(naam, sessie, basis + pad, args.repeat, args.budget))
    finally:
        proces.terminate()
        proces.wait(30)
    return metingen, objecten


# --- Documents and the retention job, each in its own process ---------------------------------


def _intern(taak: list[str]) -> None:
    """Run in a child process: one document or one retention run; print JSON."""
    import django

    django.setup()
    from django.db import connection

    teller = {"n": 0}

    def tel(execute, sql, params, many, context):
        teller["n"] += 1
        return execute(sql, params, many, context)

    begin = time.perf_counter()
    with connection.execute_wrapper(tel):
        opmerking = _document(*taak[1:]) if taak[0] == "rapport" else _bewaring(taak[1])
    print(
        json.dumps(
            {
                "s": time.perf_counter() - begin,
                "mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
                "queries": teller["n"],
                "opmerking": opmerking,
            }
        )
    )


def _document(soort: str, formaat: str) -> str:
    from datetime import timedelta

    from django.utils import timezone

    from rapportage import documenten
    from rapportage.models import Rapport
    from werkcoach.models import Pilot
    from werkcoach.pdf import render_to_pdf

    pilot = Pilot.objects.get(gemeente__naam="Almere")
    vorige = timezone.localdate().replace(day=1) - timedelta(days=1)
    if soort == "maand":
        rapport = Rapport(
            pilot=pilot,
            soort=Rapport.Soort.MAANDRAPPORTAGE,
            periode_start=vorige.replace(day=1),
            periode_eind=vorige,
        )
        context = documenten.maandrapport_context(rapport)
        template = "rapportage/pdf/maandrapportage.html"
    else:
        rapport = Rapport(
            pilot=pilot,
            soort=Rapport.Soort.VERANTWOORDING,
            periode_start=pilot.startdatum,
            periode_eind=vorige,
        )
        context = documenten.verantwoording_context(rapport)
        template = "rapportage/pdf/verantwoording.html"
    data = (
        render_to_pdf(template, context)[1] if formaat == "pdf" else documenten.maak_xlsx(context)
    )
    return f"{len(data) / 1024:.0f} kB"


def _bewaring(geval: str) -> str:
    from django.db import transaction
    from django.utils import timezone

    from privacy import bewaring
    from werkcoach.werkdagen import plus_maanden

    nu = timezone.now()
    # "none due": a day on which no file has passed its term yet (the same candidates are read).
    peildatum = nu if geval == "veel" else plus_maanden(nu, -24)
    with transaction.atomic():
        resultaat = bewaring.bewaartermijnen_toepassen(peildatum=peildatum)
        transaction.set_rollback(True)  # measured, not kept: the database stays as it was
    return f"{resultaat.run.geanonimiseerd} geanonimiseerd"


def _kind(database_url: str, *taak: str) -> dict:
    uit = subprocess.run(  # noqa: S603 - fixed arguments
        [PY, __file__, "--intern", *taak],
        env=_env(database_url),
        capture_output=True,
        text=True,
        check=False,
    )
    if uit.returncode:
        raise SystemExit(f"{taak} failed:\n{uit.stderr[-3000:]}")
    return json.loads(uit.stdout.strip().splitlines()[-1])


TAKEN = [
    ("maandrapportage PDF", ("rapport", "maand", "pdf")),
    ("maandrapportage XLSX", ("rapport", "maand", "xlsx")),
    ("verantwoording PDF", ("rapport", "verantwoording", "pdf")),
    ("verantwoording XLSX", ("rapport", "verantwoording", "xlsx")),
    ("bewaartermijnen, files due", ("bewaring", "veel")),
    ("bewaartermijnen, none due", ("bewaring", "geen")),
]


# --- Report ----------------------------------------------------------------------------------


def _tellingen(database_url: str) -> str:
    import psycopg

    tabellen = ["cases_inwoner", "trajecten_traject", "cases_contactmoment", "werkcoach_logregel"]
    with psycopg.connect(database_url.replace("postgres://", "postgresql://", 1)) as conn:
        n = [conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in tabellen]  # noqa: S608  # nosec B608 - fixed names
    return ", ".join(f"{t} {a:,}" for t, a in zip(tabellen, n, strict=True))


def _tabel(klein: list[Meting], groot: list[Meting]) -> list[str]:
    uit = [
        "| page | queries small | queries large | small median ms | large median ms "
        "| large p95 ms | large SQL ms (median) | page / SQL |",
        "|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for k, g in zip(klein, groot, strict=True):
        sql = statistics.median(g.sql) * 1000
        verhouding = statistics.median(g.tijden) * 1000 / sql if sql else 0
        uit.append(
            f"| {g.naam} | {k.queries} | {g.queries} | {statistics.median(k.tijden) * 1000:.0f} "
            f"| {statistics.median(g.tijden) * 1000:.0f} | {g.p(0.95):.0f} | {sql:.0f} "
            f"| {verhouding:.1f} |"
        )
    return uit


def _taken_tabel(klein: dict, groot: dict) -> list[str]:
    uit = [
        "| job | small s | small MB | large s | large peak MB | large queries | large result |",
        "|---|---:|---:|---:|---:|---:|---|",
    ]
    for naam, _ in TAKEN:
        k, g = klein[naam], groot[naam]
        uit.append(
            f"| {naam} | {k['s']:.1f} | {k['mb']:.0f} | {g['s']:.1f} | {g['mb']:.0f} "
            f"| {g['queries']} | {g['opmerking']} |"
        )
    return uit


def main() -> None:
    args = _args()
    if args.intern:
        _intern(args.intern)
        return
    print("<!-- filling the small database -->", file=sys.stderr, flush=True)
    subprocess.run(  # noqa: S603 - fixed arguments
        [
            PY,
            str(BASE_DIR / "benchmarks" / "vullen.py"),
            "--naam",
            args.klein,
            "--inwoners",
            str(args.klein_inwoners),
        ],
        check=True,
        stdout=subprocess.DEVNULL,
    )
    klein_url, groot_url = _url(args.klein), _url(args.groot)
    uitslag = {}
    for naam, url in (("klein", klein_url), ("groot", groot_url)):
        metingen, objecten = _paginas_meten(url, args)
        taken = {}
        for taak, argumenten in TAKEN:
            print(f"<!-- {naam}: {taak} -->", file=sys.stderr, flush=True)
            taken[taak] = _kind(url, *argumenten)
        uitslag[naam] = (metingen, objecten, taken)
    _verslag(args, klein_url, groot_url, uitslag)


def _verslag(args, klein_url: str, groot_url: str, uitslag: dict) -> None:
    (klein, _, klein_taken), (groot, objecten, groot_taken) = uitslag["klein"], uitslag["groot"]
    laden = os.getloadavg()
    regels = [
        "## werkcoach at regional scale: small vs large",
        "",
        f"- date: {time.strftime('%Y-%m-%d %H:%M %Z')}; nproc {os.cpu_count()}; "
        f"load average at the end {laden[0]:.1f} / {laden[1]:.1f} / {laden[2]:.1f}",
        f"- small: {_tellingen(klein_url)}",
        f"- large: {_tellingen(groot_url)}",
        f"- dossiers (large): typical {objecten['typisch_n']} contactmomenten, heaviest "
        f"{objecten['zwaarst_n']}",
        f"- pages: gunicorn (1 sync worker) on 127.0.0.1, logged-in sessions; 2 warm-up and up to "
        f"{args.repeat} timed requests per page (at least 5, at most {args.budget:g} s)",
        "",
        *_tabel(klein, groot),
        "",
        *_taken_tabel(klein_taken, groot_taken),
    ]
    print("\n".join(regels))


if __name__ == "__main__":
    main()

"""Fill a PostgreSQL database with regional data at scale (``make bench-fill``).

    .venv/bin/python benchmarks/vullen.py                       # 100,000 residents
    .venv/bin/python benchmarks/vullen.py --inwoners 2000 --naam werkcoach_schaal_klein
    .venv/bin/python benchmarks/vullen.py --database-url postgres://u:p@host:5432/mijn_db

Without ``--database-url`` the database ``--naam`` (default ``werkcoach_schaal``) is (re)created
on the server of ``$DATABASE_URL``. Then ``migrate``, the demo (``demo_laden``: its users log in
with the demo password) and ``demo.schaal.schaal_vullen``. It prints the rows per table and the
time taken. ``--database-url`` names the database itself; it is filled as it is (not dropped).
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

BASE_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BASE_DIR))


def _args() -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    p.add_argument("--inwoners", type=int, default=100_000, help="residents to add")
    p.add_argument("--naam", default="werkcoach_schaal", help="database to (re)create")
    p.add_argument("--database-url", help="fill this database instead (postgres://...)")
    p.add_argument("--seed", type=int, default=2026)
    p.add_argument("--lijst-per-traject", type=float, default=0.5)
    return p.parse_args()


def database_maken(naam: str) -> str:
    """Drop and create ``naam`` on the server of ``$DATABASE_URL``; return its URL."""
    import psycopg
    from psycopg import sql

    basis = os.environ.get("DATABASE_URL", "")
    delen = urlsplit(basis)
    if delen.scheme not in ("postgres", "postgresql"):
        raise SystemExit("Set DATABASE_URL to a postgres:// URL, or pass --database-url.")
    beheer = urlunsplit(delen._replace(scheme="postgresql"))
    with psycopg.connect(beheer, autocommit=True) as conn:
        conn.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(naam))
        )
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(naam)))
    return urlunsplit(delen._replace(path="/" + naam))


def django_setup(database_url: str) -> None:
    os.environ.setdefault("WERKCOACH_VAR_DIR", tempfile.mkdtemp(prefix="werkcoach-schaal-"))
    os.environ["DJANGO_SETTINGS_MODULE"] = "werkcoach.settings"
    os.environ["DJANGO_ENV"] = "development"
    os.environ["DJANGO_DEBUG"] = "0"
    os.environ["LOG_LEVEL"] = "WARNING"
    os.environ["DATABASE_URL"] = database_url
    os.environ.pop("CELERY_BROKER_URL", None)  # the demo's report tasks run in-process
    os.environ.pop("EMAIL_HOST", None)
    import django

    django.setup()


def vullen(inwoners: int, seed: int, lijst_per_traject: float) -> None:
    from django.core.management import call_command
    from django.db import connection
    from django.test.utils import override_settings

    from demo.laden import demo_laden
    from demo.schaal import schaal_vullen

    t0 = time.perf_counter()
    call_command("migrate", verbosity=0, interactive=False)
    with override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend"):
        demo_laden()
    t1 = time.perf_counter()
    print(f"migrate + demo_laden: {t1 - t0:.1f} s", file=sys.stderr)
    verslag = schaal_vullen(
        inwoners=inwoners,
        seed=seed,
        lijst_per_traject=lijst_per_traject,
        voortgang=lambda tekst: print(
            f"  {tekst} ({time.perf_counter() - t1:.0f} s)", file=sys.stderr
        ),
    )
    t2 = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    t3 = time.perf_counter()
    print("| table | rows added |\n|---|---:|")
    for tabel, aantal in sorted(verslag.tellingen.items()):
        print(f"| {tabel} | {aantal:,} |")
    for gemeente, (laagst, hoogst) in verslag.open_per_werkcoach.items():
        print(f"- gemeente {gemeente}: {laagst}-{hoogst} open trajecten per werkcoach")
    print(
        f"- fill {verslag.seconden:.1f} s for {inwoners:,} residents (+ ANALYZE {t3 - t2:.1f} s; "
        f"migrate + demo {t1 - t0:.1f} s); total {t3 - t0:.1f} s"
    )


def main() -> None:
    args = _args()
    url = args.database_url or database_maken(args.naam)
    django_setup(url)
    vullen(args.inwoners, args.seed, args.lijst_per_traject)


if __name__ == "__main__":
    main()

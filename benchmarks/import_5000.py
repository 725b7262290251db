"""Time of the import of earlier registrations: a generated file of ``--rows`` rows (default
5,000; most with steps up to a vervolgtraject, some with errors), previewed and then imported,
on a throw-away SQLite database in a temporary ``WERKCOACH_VAR_DIR``. Prints a table.

    .venv/bin/python benchmarks/import_5000.py [--rows 5000]

Targets (issue): preview under 30 s, import under 2 minutes.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BASE_DIR))


def _bestand(rows: int, team: str) -> bytes:
    from uitwisseling.kolommen import KOLOMMEN

    rng = random.Random(5000)  # noqa: S311 - benchmark data
    koppen = [k.kop for k in KOLOMMEN]
    regels = [";".join(koppen)]
    for n in range(rows):
        dag = date(2023, 7, 1) + timedelta(days=rng.randint(0, 500))
        r = {
            "Voornaam": f"Inwoner{n}",
            "Achternaam": f"Achternaam{n}",
            "Geboortedatum": f"{rng.randint(1, 28):02d}-01-{rng.randint(1960, 2004)}",
            "Gebiedsteam": team if n % 50 else "Onbekend team",
            "Datum aanmelding": f"{dag:%d-%m-%Y}",
            "Signaal": "Wil weer werken.",
            "Toestemming": "ja",
            "Datum toestemming": f"{dag:%d-%m-%Y}",
            "Wijze toestemming": "mondeling",
        }
        if n % 3:
            r |= {
                "Datum gesprek": f"{dag + timedelta(days=7):%d-%m-%Y}",
                "Datum oriëntatie": f"{dag + timedelta(days=14):%d-%m-%Y}",
            }
        if n % 3 == 2:
            r |= {
                "Datum vervolgtraject": f"{dag + timedelta(days=60):%d-%m-%Y}",
                "Route": "werk",
                "Opleiding of organisatie": "WerkCorporatie",
            }
        regels.append(";".join(r.get(k, "") for k in koppen))
    return "\n".join(regels).encode()


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument("--rows", type=int, default=5000)
    args = p.parse_args()
    var = tempfile.mkdtemp(prefix="werkcoach-bench-import-")
    os.environ.update(WERKCOACH_VAR_DIR=var, DJANGO_SETTINGS_MODULE="werkcoach.settings")
    os.environ.pop("DATABASE_URL", None)
    try:
        import django

        django.setup()
        from django.core.management import call_command

        call_command("migrate", verbosity=0)
        _meten(args.rows)
    finally:
        shutil.rmtree(var, ignore_errors=True)


def _meten(rows: int) -> None:
    from django.test.utils import override_settings

    from cases.models import Aanmelding
    from tests.factories import GebiedsteamFactory, GebruikerFactory, PilotFactory
    from uitwisseling.services import import_bevestigen, import_voorbeeld
    from werkcoach.models import Rol

    pilot = PilotFactory()
    team = GebiedsteamFactory(gemeente=pilot.gemeente)
    wc = GebruikerFactory(rollen=[Rol.WERKCOACH], gemeenten=[pilot.gemeente])
    inhoud = _bestand(rows, team.naam)
    with override_settings(WERKCOACH_IMPORT_MAX_BYTES=50 * 1024 * 1024):
        t0 = time.perf_counter()
        bestand = import_voorbeeld(door=wc, gemeente=pilot.gemeente, naam="b.csv", inhoud=inhoud)
        t1 = time.perf_counter()
        import_bevestigen(importbestand=bestand, door=wc)
        t2 = time.perf_counter()
    fouten = sum(u["actie"] == "fout" for u in bestand.uitkomst)
    print(f"{'step':<10} {'rows':>6} {'seconds':>8} {'target':>8}")
    print(f"{'preview':<10} {rows:>6} {t1 - t0:>8.1f} {'< 30':>8}")
    print(f"{'import':<10} {rows:>6} {t2 - t1:>8.1f} {'< 120':>8}")
    print(f"rows with an error: {fouten}; referrals created: {Aanmelding.objects.count()}")


if __name__ == "__main__":
    main()

"""``manage.py schaal_vullen --inwoners 100000``: the regional scale data for the benchmarks
(see ``benchmarks/README.md``). Run after ``migrate`` and ``demo_data``."""

import sys

from django.core.management.base import BaseCommand

from demo.schaal import schaal_vullen


class Command(BaseCommand):
    help = "Vult de database snel met regionale testgegevens (standaard 100.000 inwoners)."

    def add_arguments(self, parser):
        parser.add_argument("--inwoners", type=int, default=100_000)
        parser.add_argument("--seed", type=int, default=2026)
        parser.add_argument(
            "--lijst-per-traject",
            type=float,
            default=0.5,
            help="list-page log rows per traject per 120 days open (sets the log's size)",
        )

    def handle(self, *args, **opts):
        verslag = schaal_vullen(
            inwoners=opts["inwoners"],
            seed=opts["seed"],
            lijst_per_traject=opts["lijst_per_traject"],
            voortgang=lambda tekst: print(f"  {tekst}", file=sys.stderr, flush=True),
        )
        for tabel, aantal in sorted(verslag.tellingen.items()):
            self.stdout.write(f"{tabel:32} {aantal:>10,}".replace(",", "."))
        for gemeente, (laagst, hoogst) in verslag.open_per_werkcoach.items():
            self.stdout.write(
                f"gemeente {gemeente}: {laagst}-{hoogst} open trajecten per werkcoach"
            )
        self.stdout.write(f"gevuld in {verslag.seconden:.1f} s")

from django.core.management.base import BaseCommand

from demo.laden import DEMO_WACHTWOORD, demo_laden
from werkcoach.models import Rol


class Command(BaseCommand):
    help = "Laadt de demodata (gemeente Noordoostpolder en Urk). Een tweede keer voegt niets toe."

    def handle(self, *args, **options):
        resultaat = demo_laden()
        self.stdout.write(
            "Demodata geladen." if resultaat.nieuw else "Demodata was al geladen; niets toegevoegd."
        )
        self.stdout.write(f"\nDemo-accounts (wachtwoord voor allemaal: {DEMO_WACHTWOORD}):")
        for username, gebruiker in resultaat.gebruikers.items():
            rollen = ", ".join(Rol(r).label for r in sorted(gebruiker.rollen))
            gemeenten = ", ".join(g.naam for g in gebruiker.gemeenten.all())
            self.stdout.write(f"  {username:<20} {rollen:<40} {gemeenten}")

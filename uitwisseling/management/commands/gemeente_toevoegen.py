"""Add a gemeente ready to work, from the standard template or an adjusted copy of it.

    manage.py gemeente_toevoegen --naam Dronten --beheerder-email a.visser@dronten.example \
        --beheerder-gebruikersnaam a.visser --beheerder-naam "Anna Visser" --toon-sjabloon \
        > dronten.json           # the template, to adjust
    manage.py gemeente_toevoegen --sjabloon dronten.json

Running it again with the same template changes nothing."""

from datetime import date
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from uitwisseling.services import Beheerder, Sjabloon, gemeente_onboarden, standaard_sjabloon


class Command(BaseCommand):
    help = "Voeg een gemeente toe die direct kan werken (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument("--sjabloon", type=Path, help="Een aangepast sjabloon (JSON).")
        parser.add_argument("--naam", help="De naam van de gemeente.")
        parser.add_argument("--beheerder-gebruikersnaam", default="")
        parser.add_argument("--beheerder-email", default="")
        parser.add_argument("--beheerder-naam", default="", help="Voornaam en achternaam.")
        parser.add_argument(
            "--startdatum",
            type=date.fromisoformat,
            help="Start van de pilot (jjjj-mm-dd); standaard de eerste van volgende maand.",
        )
        parser.add_argument(
            "--toon-sjabloon",
            action="store_true",
            help="Druk het standaardsjabloon af (om aan te passen) en voeg niets toe.",
        )

    def handle(self, *args, **opties):
        sjabloon = self._sjabloon(opties)
        if opties["toon_sjabloon"]:
            self.stdout.write(sjabloon.naar_json())
            return
        try:
            uitkomst = gemeente_onboarden(sjabloon=sjabloon)
        except ValidationError as exc:
            raise CommandError("; ".join(exc.messages)) from exc
        if not uitkomst.nieuw:
            self.stdout.write(f"Gemeente {uitkomst.gemeente} bestond al; er is niets gewijzigd.")
            return
        self.stdout.write(
            self.style.SUCCESS(
                f"Gemeente {uitkomst.gemeente} toegevoegd met pilot '{uitkomst.pilot.naam}', "
                f"{len(uitkomst.teams)} gebiedsteam(s) en {len(uitkomst.organisaties)} "
                f"organisatie(s)."
            )
        )
        if uitkomst.wachtwoord:
            self.stdout.write(
                f"Beheerder {uitkomst.beheerder.get_username()}: eerste wachtwoord "
                f"{uitkomst.wachtwoord} (geef het persoonlijk door). De inschrijflink voor de "
                f"tweede factor is gemaild naar {uitkomst.beheerder.email}."
            )

    def _sjabloon(self, opties) -> Sjabloon:
        if opties["sjabloon"]:
            try:
                tekst = opties["sjabloon"].read_text(encoding="utf-8")
            except OSError as exc:
                raise CommandError(f"Het sjabloon is niet te lezen: {exc}") from exc
            try:
                return Sjabloon.uit_json(tekst)
            except ValidationError as exc:
                raise CommandError("; ".join(exc.messages)) from exc
        if not opties["naam"] or not opties["beheerder_gebruikersnaam"]:
            raise CommandError(
                "Geef --sjabloon, of --naam met --beheerder-gebruikersnaam en --beheerder-email."
            )
        voornaam, _, achternaam = opties["beheerder_naam"].partition(" ")
        return standaard_sjabloon(
            gemeente=opties["naam"],
            beheerder=Beheerder(
                username=opties["beheerder_gebruikersnaam"],
                voornaam=voornaam,
                achternaam=achternaam,
                email=opties["beheerder_email"],
                organisatie="",
            ),
            startdatum=opties["startdatum"],
        )

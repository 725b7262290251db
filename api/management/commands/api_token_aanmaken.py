"""Make (or revoke) a partner organisation's API token: ``manage.py api_token_aanmaken
--organisatie Carrefour --koppelaccount carrefour-systeem --naam "Registratiesysteem"``. The
token is printed once; only its hash is stored."""

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from api.models import Partnertoken
from api.services import partnertoken_create, partnertoken_intrekken
from werkcoach.models import Gebruiker, Organisatie


class Command(BaseCommand):
    help = "Maak een API-token voor het systeem van een partnerorganisatie, of trek er een in."

    def add_arguments(self, parser):
        parser.add_argument("--organisatie", help="Naam van de organisatie")
        parser.add_argument(
            "--koppelaccount", help="Gebruikersnaam van het account waarmee het systeem werkt"
        )
        parser.add_argument("--naam", default="", help="Naam van de token (het systeem)")
        parser.add_argument("--intrekken", metavar="VOORVOEGSEL", help="Trek deze token in")

    def handle(self, *args, **opties):
        if opties["intrekken"]:
            return self._intrekken(opties["intrekken"])
        try:
            organisatie = Organisatie.objects.get(naam=opties["organisatie"])
            gebruiker = Gebruiker.objects.get(username=opties["koppelaccount"])
        except (Organisatie.DoesNotExist, Gebruiker.DoesNotExist) as exc:
            raise CommandError("Onbekende organisatie of onbekend koppelaccount.") from exc
        try:
            token, sleutel = partnertoken_create(
                organisatie=organisatie, gebruiker=gebruiker, naam=opties["naam"]
            )
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from exc
        self.stdout.write(f"Token {token} aangemaakt. Bewaar hem nu; hij wordt niet meer getoond:")
        self.stdout.write(sleutel)

    def _intrekken(self, voorvoegsel: str) -> None:
        tokens = list(Partnertoken.objects.geldig().filter(voorvoegsel=voorvoegsel))
        if len(tokens) != 1:
            raise CommandError("Geen (of meer dan één) geldige token met dit voorvoegsel.")
        partnertoken_intrekken(token=tokens[0])
        self.stdout.write(f"Token {tokens[0]} ingetrokken.")

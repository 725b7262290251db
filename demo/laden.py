"""Demo data: gemeente Noordoostpolder with a believable pilot history, and a second gemeente.

Everything is made through the services, so the demo obeys the same rules as real use. Running
it again adds nothing: reference data is looked up first, and the history is only generated for a
gemeente that has no referrals yet. The parts live by subject: ``inrichting`` (gemeenten,
organisations, teams, holidays, pilots), ``gebruikers``, ``geschiedenis`` with ``inwoners`` and
``klantreis`` (the referrals and their way through the klantreis), ``begroting`` (money, reports).
"""

from dataclasses import dataclass
from datetime import date

from django.db import transaction
from django.test.utils import override_settings
from django.utils import timezone

from cases.models import Aanmelding
from demo.begroting import begroting_laden, rapporten_laden, uitgaven_laden
from demo.gebruikers import DEMO_WACHTWOORD, gebruikers_laden
from demo.geschiedenis import geschiedenis
from demo.inrichting import NOP, URK, Inrichting, inrichting_laden, pilots_laden
from trajecten.services import catalogus_laden
from werkcoach.models import Gebruiker, Pilot
from werkcoach.services import rollen_inrichten

__all__ = ["DEMO_WACHTWOORD", "DemoResultaat", "demo_laden"]


@dataclass
class DemoResultaat:
    gebruikers: dict[str, Gebruiker]
    nieuw: bool


@transaction.atomic
def demo_laden(*, vandaag: date | None = None) -> DemoResultaat:
    rollen_inrichten()
    vandaag = vandaag or timezone.localdate()
    inrichting = inrichting_laden(vandaag=vandaag)
    gebruikers = gebruikers_laden(inrichting)
    catalogus_laden(door=gebruikers["beheerder"])
    pilot_nop, pilot_urk = pilots_laden(gemeenten=inrichting.gemeenten, vandaag=vandaag)
    # The history is the past: the notifications it would trigger are not sent anywhere.
    with override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend"):
        nieuw = _geschiedenissen(inrichting, gebruikers, pilot_nop, pilot_urk, vandaag)
    begroting_laden(pilot_nop, gebruikers["projectleider"])
    if nieuw:
        uitgaven_laden(pilot_nop, gebruikers["projectleider"], vandaag)
        rapporten_laden(pilot_nop, gebruikers["projectleider"], vandaag)
    return DemoResultaat(gebruikers=gebruikers, nieuw=nieuw)


def _geschiedenissen(
    inrichting: Inrichting,
    gebruikers: dict[str, Gebruiker],
    pilot_nop: Pilot,
    pilot_urk: Pilot,
    vandaag: date,
) -> bool:
    """Each gemeente's history, for a gemeente without referrals. True if any was made."""
    nieuw = False
    teams, partners = inrichting.teams, inrichting.organisaties
    if not Aanmelding.objects.filter(gemeente=inrichting.gemeenten[NOP]).exists():
        geschiedenis(
            pilot=pilot_nop,
            teams=[teams["Gebiedsteam Emmeloord"], teams["Gebiedsteam Dorpen"]],
            gebruikers=gebruikers,
            sociaal_werkers=[gebruikers["sociaalwerker"], gebruikers["sociaalwerker2"]],
            werkcoach=gebruikers["werkcoach"],
            partners=partners,
            aantal=64,
            vandaag=vandaag,
            seed=2023,
        )
        nieuw = True
    if not Aanmelding.objects.filter(gemeente=inrichting.gemeenten[URK]).exists():
        geschiedenis(
            pilot=pilot_urk,
            teams=[teams["Sociaal team Urk"]],
            gebruikers=gebruikers,
            sociaal_werkers=[gebruikers["sociaalwerker.urk"]],
            werkcoach=gebruikers["werkcoach.urk"],
            partners=partners,
            aantal=10,
            vandaag=vandaag,
            seed=184,
            verse=(2, 8),
        )
        nieuw = True
    return nieuw

"""Shared fixtures: a small world of two gemeenten with one user per role, built via services."""

import os
from dataclasses import dataclass
from datetime import date, datetime, time

import pytest
import time_machine
from django.utils import timezone

from cases.models import Aanmelding
from cases.services import aanmelding_create
from trajecten.aanmeldingen.services import aanmelding_accepteren
from werkcoach.models import Gebiedsteam, Gebruiker, Gemeente, Organisatie, Pilot, Rol
from werkcoach.services import gebruiker_create, pilot_create, rollen_inrichten

WACHTWOORD = "test-wachtwoord-lang-genoeg"


def dt(jaar: int, maand: int, dag: int, uur: int = 10) -> datetime:
    return timezone.make_aware(datetime.combine(date(jaar, maand, dag), time(uur)))


# The suite owns its clock: ``WERKCOACH_TEST_KLOK=2026-12-31T23:30`` (local time, Europe/Amsterdam)
# runs every test as if started at that moment, with the clock ticking on from there. `make test`
# runs the suite again at the year's, month's and DST's edges (``KLOK_RANDEN`` in the Makefile).
TEST_KLOK = os.environ.get("WERKCOACH_TEST_KLOK", "")


@pytest.fixture(autouse=True, scope="session")
def _klok():
    if not TEST_KLOK:
        yield None
        return
    from zoneinfo import ZoneInfo

    moment = datetime.fromisoformat(TEST_KLOK).replace(tzinfo=ZoneInfo("Europe/Amsterdam"))
    with time_machine.travel(moment, tick=True):
        yield moment


def pytest_report_header(config):
    return f"klok: {TEST_KLOK or 'de echte tijd'}"


@pytest.fixture
def klok():
    """Freeze the clock in a test: ``klok(date(2024, 6, 15))`` or with a datetime (local time)."""
    from zoneinfo import ZoneInfo

    reizen = []

    def zet(moment, tick: bool = False):
        if not isinstance(moment, datetime):
            moment = datetime.combine(moment, time(12))
        if moment.tzinfo is None:
            moment = moment.replace(tzinfo=ZoneInfo("Europe/Amsterdam"))
        reis = time_machine.travel(moment, tick=tick)
        reis.start()
        reizen.append(reis)
        return moment

    yield zet
    for reis in reversed(reizen):
        reis.stop()


@pytest.fixture(autouse=True)
def _taken_in_proces(request):
    """Run Celery tasks in-process even when CELERY_BROKER_URL is set (as in CI): unit tests are
    about what a task does; the tests marked ``integration`` use the real worker."""
    from werkcoach.celery import app

    if request.node.get_closest_marker("integration"):
        yield
        return
    oud = app.conf.task_always_eager
    app.conf.task_always_eager = True
    yield
    app.conf.task_always_eager = oud


@pytest.fixture(autouse=True)
def _lege_cache():
    """Counters in the cache (the rate limit of the duplicate check) start at zero per test."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _snelle_wachtwoorden(settings):
    """Hashing with production strength costs seconds per user; tests don't need it."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@dataclass
class Wereld:
    nop: Gemeente
    urk: Gemeente
    carrefour: Organisatie
    werkcorporatie: Organisatie
    roc: Organisatie
    team_a: Gebiedsteam
    team_b: Gebiedsteam
    team_urk: Gebiedsteam
    pilot: Pilot
    pilot_urk: Pilot
    sociaal_werker: Gebruiker
    sociaal_werker_b: Gebruiker
    werkcoach: Gebruiker
    projectleider: Gebruiker
    manager: Gebruiker
    partner: Gebruiker
    beheerder: Gebruiker
    sociaal_werker_urk: Gebruiker
    werkcoach_urk: Gebruiker
    # Added for the authorisation matrix: the same role outside the objects' scope.
    projectleider_urk: Gebruiker | None = None
    ander_onderwijs: Organisatie | None = None
    partner_ander: Gebruiker | None = None

    def rollen(self) -> dict[str, Gebruiker | None]:
        return {
            "sociaal_werker": self.sociaal_werker,
            "werkcoach": self.werkcoach,
            "projectleider": self.projectleider,
            "manager": self.manager,
            "partner": self.partner,
            "beheerder": self.beheerder,
            "sociaal_werker_ander_team": self.sociaal_werker_b,
            "werkcoach_andere_gemeente": self.werkcoach_urk,
            "projectleider_andere_gemeente": self.projectleider_urk,
            "partner_andere_organisatie": self.partner_ander,
        }


def _gebruiker(username, organisatie, rollen, gemeenten, teams=()):
    return gebruiker_create(
        username=username,
        password=WACHTWOORD,
        first_name=username.capitalize(),
        last_name="Test",
        email=f"{username}@example.org",
        organisatie=organisatie,
        rollen=rollen,
        gemeenten=gemeenten,
        gebiedsteams=teams,
    )


@pytest.fixture
def wereld(db) -> Wereld:
    rollen_inrichten()
    nop = Gemeente.objects.create(naam="Noordoostpolder", dorpen=["Emmeloord", "Ens", "Bant"])
    urk = Gemeente.objects.create(naam="Urk", dorpen=["Urk"])
    carrefour = Organisatie.objects.create(naam="Carrefour", soort="welzijn")
    wc = Organisatie.objects.create(naam="WerkCorporatie", soort="werkbedrijf")
    roc = Organisatie.objects.create(naam="ROC Friese Poort", soort="onderwijs")
    welzijn_urk = Organisatie.objects.create(naam="Welzijn Urk", soort="welzijn")
    ander_onderwijs = Organisatie.objects.create(naam="Vakschool Flevoland", soort="onderwijs")
    # Which gemeenten each organisation serves (handovers only go to those of the traject's).
    carrefour.gemeenten.set([nop])
    wc.gemeenten.set([nop])
    roc.gemeenten.set([nop, urk])
    welzijn_urk.gemeenten.set([urk])
    team_a = Gebiedsteam.objects.create(
        naam="Team A", organisatie=carrefour, gemeente=nop, dorpen=["Emmeloord"]
    )
    team_b = Gebiedsteam.objects.create(
        naam="Team B", organisatie=carrefour, gemeente=nop, dorpen=["Ens", "Bant"]
    )
    team_urk = Gebiedsteam.objects.create(naam="Team Urk", organisatie=welzijn_urk, gemeente=urk)
    pilot = pilot_create(
        gemeente=nop,
        naam="Pilot NOP",
        startdatum=date(2023, 1, 1),
        einddatum=date(2030, 12, 31),
        jaardoelen={2023: 20, 2024: 30},
    )
    pilot_urk = pilot_create(
        gemeente=urk, naam="Pilot Urk", startdatum=date(2023, 1, 1), einddatum=date(2030, 12, 31)
    )
    return Wereld(
        nop=nop,
        urk=urk,
        carrefour=carrefour,
        werkcorporatie=wc,
        roc=roc,
        team_a=team_a,
        team_b=team_b,
        team_urk=team_urk,
        pilot=pilot,
        pilot_urk=pilot_urk,
        sociaal_werker=_gebruiker("sw", carrefour, [Rol.SOCIAAL_WERKER], [nop], [team_a]),
        sociaal_werker_b=_gebruiker("swb", carrefour, [Rol.SOCIAAL_WERKER], [nop], [team_b]),
        werkcoach=_gebruiker("wc", wc, [Rol.WERKCOACH], [nop]),
        projectleider=_gebruiker("pl", wc, [Rol.PROJECTLEIDER], [nop]),
        manager=_gebruiker("mgr", wc, [Rol.MANAGER], [nop]),
        partner=_gebruiker("partner", roc, [Rol.PARTNER], [nop]),
        beheerder=_gebruiker("beheer", wc, [Rol.BEHEERDER], [nop, urk]),
        sociaal_werker_urk=_gebruiker(
            "swurk", welzijn_urk, [Rol.SOCIAAL_WERKER], [urk], [team_urk]
        ),
        werkcoach_urk=_gebruiker("wcurk", welzijn_urk, [Rol.WERKCOACH], [urk]),
        projectleider_urk=_gebruiker("pl-urk", welzijn_urk, [Rol.PROJECTLEIDER], [urk]),
        ander_onderwijs=ander_onderwijs,
        partner_ander=_gebruiker("partner-vakschool", ander_onderwijs, [Rol.PARTNER], [nop]),
    )


_teller = iter(range(1, 10**6))


def maak_aanmelding(wereld: Wereld, *, team=None, door=None, op=None, **inwoner) -> Aanmelding:
    team = team or wereld.team_a
    door = door or (
        wereld.sociaal_werker
        if team == wereld.team_a
        else wereld.sociaal_werker_b
        if team == wereld.team_b
        else wereld.sociaal_werker_urk
    )
    n = next(_teller)
    gegevens = {
        "voornaam": f"Inwoner{n}",
        "achternaam": "Test",
        "geboortedatum": date(1990, 1, 1 + n % 27),
        "postcode": "8302 AB",
        "woonplaats": (team.dorpen or ["Urk"])[0],
        "doelgroep": "jongere",
    }
    gegevens.update(inwoner)
    return aanmelding_create(
        door=door,
        gebiedsteam=team,
        inwoner_gegevens=gegevens,
        signaal="Wil graag aan het werk.",
        toestemming_gegeven=True,
        toestemming_datum=(op or timezone.now()).date(),
        toestemming_wijze="mondeling",
        op=op,
    )


def maak_traject(wereld: Wereld, *, op=None, werkcoach=None, **kwargs):
    aanmelding = maak_aanmelding(wereld, op=op, **kwargs)
    werkcoach = werkcoach or (
        wereld.werkcoach if aanmelding.gemeente_id == wereld.nop.pk else wereld.werkcoach_urk
    )
    return aanmelding_accepteren(aanmelding=aanmelding, door=werkcoach, op=op)


@pytest.fixture
def ingelogd(client):
    """Log a user in, bypassing the login form (which has its own tests)."""

    def _login(user):
        client.force_login(user)
        return client

    return _login


def services_vereist() -> bool:
    """In CI the real PostgreSQL, Redis and Celery must be there: a test that needs them fails
    instead of skipping."""
    return os.environ.get("WERKCOACH_REQUIRE_SERVICES") == "1" or os.environ.get("CI") == "true"

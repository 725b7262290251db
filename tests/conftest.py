"""Shared fixtures: a small world of two gemeenten with one user per role, built with the
factories (which go through the services), and the helpers that refer a resident and bring a
traject to any step of the klantreis."""

import os
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

import pytest
import time_machine
from django.utils import timezone

from cases.models import Aanmelding
from tests.factories import (
    WACHTWOORD,
    AanmeldingFactory,
    GebiedsteamFactory,
    GebruikerFactory,
    GemeenteFactory,
    OrganisatieFactory,
    PilotFactory,
)
from trajecten.aanmeldingen.services import aanmelding_accepteren
from trajecten.klantreis import OPEN_FASEN
from trajecten.models import Fase, Route, Traject
from trajecten.services import (
    gesprek_vastleggen,
    nazorgplan_create,
    overdracht_bevestigen,
    overdracht_create,
    traject_advance,
    vervolgtraject_vastleggen,
)
from werkcoach.models import Gebiedsteam, Gebruiker, Gemeente, Organisatie, Pilot, Rol
from werkcoach.services import rollen_inrichten

__all__ = ["WACHTWOORD", "dt", "maak_aanmelding", "maak_traject", "traject_op_stap"]


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


@pytest.fixture
def wereld(db) -> Wereld:
    rollen_inrichten()
    nop = GemeenteFactory(naam="Noordoostpolder", dorpen=["Emmeloord", "Ens", "Bant"])
    urk = GemeenteFactory(naam="Urk", dorpen=["Urk"])
    # Which gemeenten each organisation serves (handovers only go to those of the traject's).
    carrefour = OrganisatieFactory(naam="Carrefour", soort="welzijn", gemeenten=[nop])
    wc = OrganisatieFactory(naam="WerkCorporatie", soort="werkbedrijf", gemeenten=[nop])
    roc = OrganisatieFactory(naam="ROC Friese Poort", soort="onderwijs", gemeenten=[nop, urk])
    welzijn_urk = OrganisatieFactory(naam="Welzijn Urk", soort="welzijn", gemeenten=[urk])
    ander_onderwijs = OrganisatieFactory(naam="Vakschool Flevoland", soort="onderwijs")
    team_a = GebiedsteamFactory(
        naam="Team A", organisatie=carrefour, gemeente=nop, dorpen=["Emmeloord"]
    )
    team_b = GebiedsteamFactory(
        naam="Team B", organisatie=carrefour, gemeente=nop, dorpen=["Ens", "Bant"]
    )
    team_urk = GebiedsteamFactory(naam="Team Urk", organisatie=welzijn_urk, gemeente=urk, dorpen=[])
    pilot = PilotFactory(gemeente=nop, naam="Pilot NOP", jaardoelen={2023: 20, 2024: 30})
    pilot_urk = PilotFactory(gemeente=urk, naam="Pilot Urk")
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


def _gebruiker(username, organisatie, rollen, gemeenten, teams=()) -> Gebruiker:
    return GebruikerFactory(
        username=username,
        organisatie=organisatie,
        rollen=rollen,
        gemeenten=gemeenten,
        gebiedsteams=teams,
    )


def maak_aanmelding(wereld: Wereld, *, team=None, door=None, op=None, **inwoner) -> Aanmelding:
    """A referral by the team's sociaal werker; ``inwoner`` overrides the resident's details."""
    team = team or wereld.team_a
    door = door or (
        wereld.sociaal_werker
        if team == wereld.team_a
        else wereld.sociaal_werker_b
        if team == wereld.team_b
        else wereld.sociaal_werker_urk
    )
    return AanmeldingFactory(
        gebiedsteam=team,
        door=door,
        op=op,
        **{f"inwoner_gegevens__{veld}": waarde for veld, waarde in inwoner.items()},
    )


def maak_traject(wereld: Wereld, *, op=None, werkcoach=None, **kwargs) -> Traject:
    """A referral accepted at ``op``: a traject at the first step (gesprek)."""
    aanmelding = maak_aanmelding(wereld, op=op, **kwargs)
    werkcoach = werkcoach or (
        wereld.werkcoach if aanmelding.gemeente_id == wereld.nop.pk else wereld.werkcoach_urk
    )
    return aanmelding_accepteren(aanmelding=aanmelding, door=werkcoach, op=op)


KLANTREIS = OPEN_FASEN  # the steps in order


def traject_op_stap(
    wereld: Wereld,
    fase: str,
    *,
    traject: Traject | None = None,
    op: datetime | None = None,
    momenten: dict[str, datetime] | None = None,
    tussen: timedelta = timedelta(days=1),
    route: str = Route.WERK,
    vervolg: dict[str, Any] | None = None,
    naar_organisatie: Organisatie | None = None,
    naar_persoon: Gebruiker | None = None,
    bevestigd_op: datetime | None = None,
    nazorg_start: date | None = None,
    **aanmelding: Any,
) -> Traject:
    """A traject brought to ``fase`` through the services, meeting each step's precondition.

    A new traject is a referral accepted at ``op`` (default: 60 days ago; ``aanmelding`` goes
    to ``maak_traject``: team, werkcoach, woonplaats, ...); with ``traject`` it goes on from that
    traject's step. Each step is taken ``tussen`` after the one before, or at the moment
    ``momenten`` gives for it, keyed by the step reached (``"gesprek"``: when the conversation is
    held; at the first step it is only recorded when that moment is given). On the way: the
    vervolgtraject on ``route`` (``vervolg``: its details; agreed on the day of the step), the
    handover to ``naar_organisatie`` (default the ROC for an opleiding, else the
    WerkCorporatie), confirmed at ``bevestigd_op`` if given, and a monthly nazorg plan from
    ``nazorg_start`` (default the day of the step). Returns the traject as stored.
    """
    momenten = momenten or {}
    if traject is None:
        traject = maak_traject(wereld, op=op or timezone.now() - timedelta(days=60), **aanmelding)
    else:
        traject.refresh_from_db()
    laatst = traject.gesprek_gehouden_op or traject.fase_sinds

    def wanneer(stap: str) -> datetime:
        nonlocal laatst
        laatst = momenten.get(stap, laatst + tussen)
        return laatst

    door = traject.werkcoach
    verder = KLANTREIS[KLANTREIS.index(traject.fase) + 1 : KLANTREIS.index(fase) + 1]
    if not traject.gesprek_gehouden_op and (verder or Fase.GESPREK in momenten):
        gesprek_vastleggen(
            traject=traject, door=door, gehouden_op=wanneer(Fase.GESPREK), verslag="Gesprek."
        )
    for stap in verder:
        moment = wanneer(stap)
        if stap == Fase.ORIENTATIE:
            traject_advance(traject=traject, naar=Fase.ORIENTATIE, door=door, op=moment)
        elif stap == Fase.VERVOLGTRAJECT:
            _vervolgtraject(wereld, traject, door, moment, route, dict(vervolg or {}))
        elif stap == Fase.OVERDRACHT:
            naar = naar_organisatie or (
                wereld.roc if route == Route.OPLEIDING else wereld.werkcorporatie
            )
            _overdracht(wereld, traject, door, moment, naar, naar_persoon, bevestigd_op)
        elif stap == Fase.NAZORG:
            nazorgplan_create(
                traject=traject,
                door=door,
                startdatum=nazorg_start or timezone.localdate(moment),
                frequentie="maandelijks",
                op=moment,
            )
    traject.refresh_from_db()
    return traject


def _overdracht(wereld, traject, door, moment, naar, naar_persoon, bevestigd_op) -> None:
    """The warm handover; confirmed by the receiving person (or the partner) if a moment is given."""
    overdracht = overdracht_create(
        traject=traject,
        door=door,
        naar_organisatie=naar,
        naar_persoon=naar_persoon,
        overgedragen_op=moment,
    )
    if bevestigd_op:
        bevestiger = naar_persoon or wereld.partner
        overdracht_bevestigen(overdracht=overdracht, door=bevestiger, op=bevestigd_op)


def _vervolgtraject(wereld, traject, door, moment, route, vervolg) -> None:
    """The agreed route, with the details each route asks for."""
    if route == Route.OPLEIDING:
        vervolg.setdefault("onderwijsinstelling", wereld.roc)
    if route in (Route.VRIJWILLIGERSWERK, Route.ANDER_TRAJECT):
        vervolg.setdefault("organisatie_naam", "Vrijwilligerscentrale")
    vervolg.setdefault("afgesproken_op", timezone.localdate(moment))
    vervolgtraject_vastleggen(traject=traject, door=door, route=route, op=moment, **vervolg)


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


@pytest.fixture
def celery_conf(monkeypatch):
    """Change Celery's configuration in one test (``celery_conf(task_always_eager=False)``);
    the old values come back afterwards. Celery reads the broker from the environment first,
    so ``broker_url`` is set there too."""
    from celery import current_app

    oud: dict[str, Any] = {}

    def zet(**waarden):
        if "broker_url" in waarden:
            monkeypatch.setenv("CELERY_BROKER_URL", waarden["broker_url"])
        for naam, waarde in waarden.items():
            oud.setdefault(naam, current_app.conf[naam])
            current_app.conf[naam] = waarde

    yield zet
    for naam, waarde in oud.items():
        current_app.conf[naam] = waarde

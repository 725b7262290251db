"""Adding a gemeente ready to work: the gemeente, the organisations and gebiedsteams working
there, its public holidays for the coming years, its pilot with targets, response times,
suppression threshold, grant and budget, the regional instrument catalogue and its first
beheerder. From a template (``Sjabloon``) that the superuser adjusts; every part goes through
the services of the app that owns it and is looked up before it is made, so running it again
with the same template changes nothing."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from rapportage.models import Begroting, Post
from rapportage.services import JAARPLAN_2024, begroting_wijzigen
from trajecten.services import catalogus_laden
from werkcoach.models import Gebiedsteam, Gebruiker, Gemeente, Organisatie, Pilot
from werkcoach.services import (
    eerste_beheerder_inrichten,
    feestdagen_aanvullen,
    gebiedsteam_inrichten,
    gemeente_inrichten,
    organisatie_inrichten,
    pilot_inrichten,
)

# How many years ahead of today a new gemeente gets its public holidays (and the yearly job
# adds one more each year).
FEESTDAGEN_VOORUIT = 2


@dataclass
class Team:
    naam: str
    organisatie: str
    dorpen: list[str] = field(default_factory=list)


@dataclass
class Beheerder:
    username: str
    voornaam: str
    achternaam: str
    email: str
    organisatie: str


@dataclass
class Sjabloon:
    """Everything a new gemeente needs, as the superuser adjusts it. JSON-able (``naar_json``)
    so the command can print it and read an adjusted copy back."""

    gemeente: str
    beheerder: Beheerder
    cbs_code: str = ""
    dorpen: list[str] = field(default_factory=list)
    # (name, kind) of each organisation working there; an existing one is shared.
    organisaties: list[tuple[str, str]] = field(default_factory=list)
    gebiedsteams: list[Team] = field(default_factory=list)
    pilot_naam: str = "Werkcoach in de wijk"
    startdatum: date = field(default_factory=timezone.localdate)
    einddatum: date | None = None
    jaardoelen: dict[int, int] = field(default_factory=dict)
    # Pilot settings by field name (targets, response times, threshold, grant).
    instellingen: dict[str, Any] = field(default_factory=dict)
    # Budget per year and post (``rapportage.models.Post``), in euros.
    begroting: dict[int, dict[str, Decimal]] = field(default_factory=dict)

    def naar_json(self) -> str:
        return json.dumps(asdict(self), default=str, ensure_ascii=False, indent=2)

    @classmethod
    def uit_json(cls, tekst: str) -> Sjabloon:
        try:
            d = json.loads(tekst)
            return cls(
                gemeente=d["gemeente"],
                beheerder=Beheerder(**d["beheerder"]),
                cbs_code=d.get("cbs_code", ""),
                dorpen=list(d.get("dorpen", [])),
                organisaties=[(n, s) for n, s in d.get("organisaties", [])],
                gebiedsteams=[Team(**t) for t in d.get("gebiedsteams", [])],
                pilot_naam=d.get("pilot_naam", "Werkcoach in de wijk"),
                startdatum=date.fromisoformat(d["startdatum"]),
                einddatum=date.fromisoformat(d["einddatum"]) if d.get("einddatum") else None,
                jaardoelen={int(j): int(n) for j, n in d.get("jaardoelen", {}).items()},
                instellingen=dict(d.get("instellingen", {})),
                begroting={
                    int(j): {p: Decimal(str(b)) for p, b in posten.items()}
                    for j, posten in d.get("begroting", {}).items()
                },
            )
        except (KeyError, TypeError, ValueError, ArithmeticError) as exc:
            raise ValidationError(f"Het sjabloon is niet leesbaar: {exc}") from exc


def standaard_sjabloon(
    *, gemeente: str, beheerder: Beheerder, startdatum: date | None = None
) -> Sjabloon:
    """The template a superuser starts from: a two-year pilot from the first of next month,
    targets, response times and threshold as in the project plan, the 2024 year plan's
    budget for each year, a welfare organisation with one gebiedsteam, and the gemeente's own
    organisation where the beheerder works."""
    if startdatum is None:
        vandaag = timezone.localdate()
        startdatum = date(vandaag.year + vandaag.month // 12, vandaag.month % 12 + 1, 1)
    einddatum = date(startdatum.year + 2, startdatum.month, 1).replace(day=1)
    jaren = range(startdatum.year, einddatum.year + 1)
    eigen = beheerder.organisatie or f"Gemeente {gemeente}"
    return Sjabloon(
        gemeente=gemeente,
        beheerder=Beheerder(**{**asdict(beheerder), "organisatie": eigen}),
        dorpen=[gemeente],
        organisaties=[(eigen, Organisatie.Soort.GEMEENTE), (f"Welzijn {gemeente}", "welzijn")],
        gebiedsteams=[Team(f"Gebiedsteam {gemeente}", f"Welzijn {gemeente}", [gemeente])],
        startdatum=startdatum,
        einddatum=einddatum,
        jaardoelen=dict.fromkeys(jaren, 20),
        instellingen={
            "doel_orientatie_totaal": 50,
            "doel_conversie_procent": 80,
            "reactietijd_eerste_contact": 5,
            "reactietijd_gesprek": 15,
            "reactietijd_orientatie": 60,
            "reactietijd_overdracht_bevestiging": 5,
            "drempel_kleine_aantallen": 5,
            "subsidie_bedrag": Decimal("110000.00"),
        },
        begroting={j: {p: Decimal(b) for p, b in JAARPLAN_2024.items() if b} for j in jaren},
    )


@dataclass
class Onboarding:
    gemeente: Gemeente
    pilot: Pilot
    organisaties: dict[str, Organisatie]
    teams: dict[str, Gebiedsteam]
    beheerder: Gebruiker
    nieuw: bool  # False when everything existed already
    # The beheerder's first password, only when the account was made now: shown once, to be
    # handed over; the account's second factor is enrolled through the e-mailed link.
    wachtwoord: str | None = None


@transaction.atomic
def gemeente_onboarden(*, sjabloon: Sjabloon, door: Gebruiker | None = None) -> Onboarding:
    """Add a gemeente ready to work from ``sjabloon``. Idempotent: what exists is left alone,
    so a second run with the same template changes nothing (and sends no second link)."""
    s = sjabloon
    if not s.gemeente.strip():
        raise ValidationError({"gemeente": "Vul de naam van de gemeente in."})
    nieuw = not Gemeente.objects.filter(naam=s.gemeente.strip()).exists()
    gemeente = gemeente_inrichten(naam=s.gemeente, cbs_code=s.cbs_code, dorpen=s.dorpen)
    organisaties = {
        naam: organisatie_inrichten(naam=naam, soort=soort, gemeente=gemeente)
        for naam, soort in s.organisaties
    }
    teams = {t.naam: _team(gemeente, t, organisaties) for t in s.gebiedsteams}
    pilot = _pilot(gemeente, s, door)
    vandaag = timezone.localdate()
    feestdagen_aanvullen(
        gemeente=gemeente,
        jaren=range(min(vandaag.year, s.startdatum.year), vandaag.year + FEESTDAGEN_VOORUIT + 1),
    )
    catalogus_laden(door=door)
    if s.beheerder.organisatie not in organisaties:
        raise ValidationError(
            {"organisatie": "De organisatie van de beheerder staat niet bij de organisaties."}
        )
    wachtwoord = _eerste_wachtwoord()
    beheerder, nieuwe_beheerder = eerste_beheerder_inrichten(
        gemeente=gemeente,
        organisatie=organisaties[s.beheerder.organisatie],
        username=s.beheerder.username,
        first_name=s.beheerder.voornaam,
        last_name=s.beheerder.achternaam,
        email=s.beheerder.email,
        wachtwoord=wachtwoord,
        door=door,
    )
    return Onboarding(
        gemeente,
        pilot,
        organisaties,
        teams,
        beheerder,
        nieuw=nieuw or nieuwe_beheerder,
        wachtwoord=wachtwoord if nieuwe_beheerder else None,
    )


def _team(gemeente: Gemeente, team: Team, organisaties: dict[str, Organisatie]) -> Gebiedsteam:
    if team.organisatie not in organisaties:
        raise ValidationError(
            {"gebiedsteams": f"De organisatie van {team.naam} staat niet bij de organisaties."}
        )
    return gebiedsteam_inrichten(
        gemeente=gemeente,
        naam=team.naam,
        organisatie=organisaties[team.organisatie],
        dorpen=team.dorpen,
    )


def _pilot(gemeente: Gemeente, s: Sjabloon, door: Gebruiker | None) -> Pilot:
    """The pilot, and its budget when the pilot is new (an existing one keeps its own)."""
    onbekend = {p for posten in s.begroting.values() for p in posten} - set(Post.values)
    if onbekend:
        raise ValidationError({"begroting": f"Onbekende begrotingspost: {', '.join(onbekend)}."})
    pilot, nieuw = pilot_inrichten(
        gemeente=gemeente,
        naam=s.pilot_naam,
        startdatum=s.startdatum,
        einddatum=s.einddatum or date(s.startdatum.year + 2, s.startdatum.month, 1),
        jaardoelen=s.jaardoelen,
        **s.instellingen,
    )
    if nieuw and not Begroting.objects.filter(pilot=pilot).exists():
        for jaar, posten in sorted(s.begroting.items()):
            for post, bedrag in posten.items():
                begroting_wijzigen(
                    pilot=pilot,
                    jaar=jaar,
                    post=post,
                    bedrag=bedrag,
                    door=door,
                    toelichting="Begroting bij de start van de pilot",
                )
    return pilot


def _eerste_wachtwoord() -> str:
    """A first password nobody chose, shown once to whoever set up the gemeente."""
    import secrets

    return secrets.token_urlsafe(18)

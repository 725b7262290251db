"""The regional set-up the scale data lives in: five gemeenten, each with its own pilot, targets,
gebiedsteams, organisations, people and budget. Small numbers of rows, made with the ORM (and
``pilot_create``); an existing gemeente or pilot (Urk comes with the demo) is used as it is."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group

from demo.gebruikers import DEMO_WACHTWOORD
from demo.schaal.reis import Wereld
from rapportage.models import Begroting, Begrotingswijziging, Post, Uitgave
from trajecten.models import Instrument
from werkcoach.models import Gebiedsteam, Gebruiker, Gemeente, Organisatie, Pilot, Rol
from werkcoach.services import pilot_create

# (name, CBS code, share of the residents, gebiedsteams: (name, woonplaatsen))
GEMEENTEN: list[tuple[str, str, float, list[tuple[str, list[str]]]]] = [
    (
        "Almere",
        "0034",
        0.42,
        [
            ("Wijkteam Almere Stad", ["Almere Stad"]),
            ("Wijkteam Almere Buiten", ["Almere Buiten"]),
            ("Wijkteam Almere Haven", ["Almere Haven"]),
            ("Wijkteam Almere Poort", ["Almere Poort"]),
            ("Wijkteam Almere Hout", ["Almere Hout", "Almere Pampus"]),
        ],
    ),
    (
        "Lelystad",
        "0995",
        0.26,
        [
            ("Wijkteam Lelystad Noord", ["Lelystad"]),
            ("Wijkteam Lelystad Zuid", ["Lelystad"]),
            ("Wijkteam Lelystad Haven", ["Lelystad-Haven"]),
        ],
    ),
    (
        "Dronten",
        "0303",
        0.14,
        [
            ("Gebiedsteam Dronten", ["Dronten"]),
            ("Gebiedsteam Biddinghuizen en Swifterbant", ["Biddinghuizen", "Swifterbant"]),
        ],
    ),
    ("Zeewolde", "0050", 0.09, [("Sociaal team Zeewolde", ["Zeewolde"])]),
    ("Urk", "0184", 0.09, [("Sociaal team Urk", ["Urk"])]),
]
# Open trajecten per werkcoach the set-up aims at, and the share of stories still open today
# (measured on a fill; the filler prints the real spread).
OPEN_PER_WERKCOACH = 225
OPEN_AANDEEL = 0.30
SOCIAAL_WERKERS_PER_TEAM = 4


@dataclass
class Regio:
    werelden: list[tuple[Wereld, float]]  # each gemeente's world and its share
    gebruikers: int


def regio_inrichten(*, inwoners: int, vandaag: date) -> Regio:
    """Every gemeente's set-up; the werkcoaches are sized for ``inwoners`` residents."""
    wachtwoord = make_password(DEMO_WACHTWOORD)  # hashed once, shared by all scale accounts
    groepen = {g.name: g for g in Group.objects.all()}
    roc = _organisatie("ROC Flevoland", Organisatie.Soort.ONDERWIJS)
    regio_accounts = [
        _gebruiker("roc.flevoland", roc, Rol.PARTNER, wachtwoord, groepen),
        _gebruiker("beheerder.flevoland", None, Rol.BEHEERDER, wachtwoord, groepen),
    ]
    instrumenten = [
        (i.pk, i.kosten_indicatie or Decimal("0")) for i in Instrument.objects.filter(actief=True)
    ]
    werelden, aantal = [], len(regio_accounts)
    for naam, cbs, aandeel, teams in GEMEENTEN:
        gemeente, _ = Gemeente.objects.get_or_create(
            naam=naam, defaults={"cbs_code": cbs, "dorpen": [d for _, ds in teams for d in ds]}
        )
        for account in regio_accounts:
            account.gemeenten.add(gemeente)
        roc.gemeenten.add(gemeente)
        n = max(1, round(inwoners * aandeel * OPEN_AANDEEL / OPEN_PER_WERKCOACH))
        wereld, extra = _gemeente_inrichten(
            gemeente, teams, n, vandaag=vandaag, wachtwoord=wachtwoord, groepen=groepen
        )
        wereld.partners["opleiding"] = (roc.pk, regio_accounts[0].pk)
        wereld.instrumenten = instrumenten
        werelden.append((wereld, aandeel))
        aantal += extra
    return Regio(werelden=werelden, gebruikers=aantal)


def _slug(naam: str) -> str:
    return naam.lower().replace(" ", "")


def _organisatie(naam: str, soort: str, gemeente: Gemeente | None = None) -> Organisatie:
    organisatie, _ = Organisatie.objects.get_or_create(naam=naam, defaults={"soort": soort})
    if gemeente is not None:
        organisatie.gemeenten.add(gemeente)
    return organisatie


def _gebruiker(
    username: str, organisatie: Organisatie | None, rol: str, wachtwoord: str, groepen
) -> Gebruiker:
    gebruiker, nieuw = Gebruiker.objects.get_or_create(
        username=username,
        defaults={
            "password": wachtwoord,
            "first_name": username.split(".")[0].capitalize(),
            "last_name": username.split(".", 1)[-1].replace(".", " ").title(),
            "email": f"{username}@schaal.werkcoach.example",
            "organisatie": organisatie,
        },
    )
    if nieuw:
        gebruiker.groups.add(groepen[rol])
    return gebruiker


def _gemeente_inrichten(
    gemeente: Gemeente, teams, werkcoaches: int, *, vandaag: date, wachtwoord: str, groepen
) -> tuple[Wereld, int]:
    """One gemeente's organisations, teams, people and pilot, as a ``Wereld``."""
    slug = _slug(gemeente.naam)
    welzijn = _organisatie(f"Welzijn {gemeente.naam}", Organisatie.Soort.WELZIJN, gemeente)
    werk = _organisatie(f"Werkbedrijf {gemeente.naam}", Organisatie.Soort.WERKBEDRIJF, gemeente)
    vrijwilligers = _organisatie(
        f"Vrijwilligerscentrale {gemeente.naam}", Organisatie.Soort.ANDERS, gemeente
    )
    ander = _organisatie("Concern voor Werk", Organisatie.Soort.ANDERS, gemeente)

    def account(naam: str, organisatie: Organisatie, rol: str) -> Gebruiker:
        gebruiker = _gebruiker(naam, organisatie, rol, wachtwoord, groepen)
        gebruiker.gemeenten.add(gemeente)
        return gebruiker

    sociaal: dict[int, list[int]] = {}
    team_rijen: list[tuple[int, list[str]]] = []
    for t, (naam, woonplaatsen) in enumerate(teams, start=1):
        team, _ = Gebiedsteam.objects.get_or_create(
            gemeente=gemeente, naam=naam, defaults={"organisatie": welzijn, "dorpen": woonplaatsen}
        )
        team_rijen.append((team.pk, list(team.dorpen or woonplaatsen)))
        sociaal[team.pk] = []
        for k in range(1, SOCIAAL_WERKERS_PER_TEAM + 1):
            sw = account(f"sociaalwerker.{slug}.{t}.{k}", welzijn, Rol.SOCIAAL_WERKER)
            sw.gebiedsteams.add(team)
            sociaal[team.pk].append(sw.pk)
    coaches = [
        account(f"werkcoach.{slug}.{n}", werk, Rol.WERKCOACH).pk for n in range(1, werkcoaches + 1)
    ]
    accountmanager = account(f"accountmanager.{slug}", werk, Rol.PARTNER)
    projectleider = account(f"projectleider.{slug}", werk, Rol.PROJECTLEIDER)
    account(f"manager.{slug}", werk, Rol.MANAGER)
    pilot = _pilot(gemeente, vandaag, projectleider)
    wereld = Wereld(
        gemeente_id=gemeente.pk,
        pilot_id=pilot.pk,
        start=pilot.startdatum,
        teams=team_rijen,
        sociaal_werkers=sociaal,
        werkcoaches=coaches,
        partners={
            "werk": (werk.pk, accountmanager.pk),
            "vrijwilligerswerk": (vrijwilligers.pk, None),
            "ander_traject": (ander.pk, None),
        },
        instrumenten=[],
    )
    return wereld, len(coaches) + 3 + len(teams) * SOCIAAL_WERKERS_PER_TEAM


def _pilot(gemeente: Gemeente, vandaag: date, projectleider: Gebruiker) -> Pilot:
    """The gemeente's pilot (the one it has, or a new one of three years up to next year's
    end), with its budget and the monthly costs booked so far."""
    bestaand = Pilot.objects.filter(gemeente=gemeente).order_by("startdatum").first()
    if bestaand is not None:
        return bestaand
    start = date(vandaag.year - 3, vandaag.month, 1)
    eind = date(vandaag.year + 1, 12, 31)
    pilot = pilot_create(
        gemeente=gemeente,
        naam=f"Werkcoach in de wijk {gemeente.naam}",
        startdatum=start,
        einddatum=eind,
        jaardoelen={
            jaar: 60 if jaar == start.year else 150 for jaar in range(start.year, eind.year + 1)
        },
        doel_orientatie_totaal=500,
        subsidie_bedrag=Decimal("600000.00"),
    )
    _begroting(pilot, projectleider, vandaag)
    return pilot


BEGROTING = {
    Post.PERSONEEL: Decimal("180000"),
    Post.TRAININGEN: Decimal("60000"),
    Post.COMMUNICATIE: Decimal("8000"),
    Post.OVERIGE: Decimal("4000"),
}


def _begroting(pilot: Pilot, door: Gebruiker, vandaag: date) -> None:
    posten = Begroting.objects.bulk_create(
        Begroting(pilot=pilot, jaar=jaar, post=post, bedrag=bedrag)
        for jaar in range(pilot.startdatum.year, pilot.einddatum.year + 1)
        for post, bedrag in BEGROTING.items()
    )
    Begrotingswijziging.objects.bulk_create(
        Begrotingswijziging(
            begroting=b, door=door, oud_bedrag=None, nieuw_bedrag=b.bedrag, toelichting="Begroting"
        )
        for b in posten
    )
    uitgaven, maand = [], pilot.startdatum
    while maand < vandaag.replace(day=1):
        uitgaven.append(
            Uitgave(
                pilot=pilot,
                datum=maand,
                post=Post.PERSONEEL,
                omschrijving=f"Inzet werkcoaches {maand:%m-%Y}",
                bedrag=Decimal("14500.00"),
                vastgelegd_door=door,
            )
        )
        if maand.month in (3, 9):
            uitgaven.append(
                Uitgave(
                    pilot=pilot,
                    datum=maand,
                    post=Post.COMMUNICATIE,
                    omschrijving="Folders en advertenties",
                    bedrag=Decimal("1250.00"),
                    vastgelegd_door=door,
                )
            )
        maand = (maand + timedelta(days=32)).replace(day=1)
    Uitgave.objects.bulk_create(uitgaven)

"""The demo accounts: one person per role in each gemeente, all with the same password."""

from dataclasses import dataclass

from demo.inrichting import NOP, URK, Inrichting
from werkcoach.models import Gebruiker, Rol
from werkcoach.services import gebruiker_create

DEMO_WACHTWOORD = "demo-werkcoach-2026"


@dataclass(frozen=True)
class DemoAccount:
    username: str
    voornaam: str
    achternaam: str
    organisatie: str
    rollen: list[str]
    gemeenten: list[str]
    teams: tuple[str, ...] = ()


ACCOUNTS = [
    DemoAccount(
        "sociaalwerker",
        "Sanne",
        "de Jong",
        "Carrefour",
        [Rol.SOCIAAL_WERKER],
        [NOP],
        ("Gebiedsteam Emmeloord",),
    ),
    DemoAccount(
        "sociaalwerker2",
        "Erik",
        "Hoogland",
        "Carrefour",
        [Rol.SOCIAAL_WERKER],
        [NOP],
        ("Gebiedsteam Dorpen",),
    ),
    DemoAccount("werkcoach", "Marieke", "Jansen", "WerkCorporatie", [Rol.WERKCOACH], [NOP]),
    DemoAccount(
        "projectleider", "Elisabeth", "de Gelder", "WerkCorporatie", [Rol.PROJECTLEIDER], [NOP]
    ),
    DemoAccount("manager", "Peter", "Willems", "WerkCorporatie", [Rol.MANAGER], [NOP]),
    DemoAccount("accountmanager", "Rob", "Schouten", "WerkCorporatie", [Rol.PARTNER], [NOP]),
    DemoAccount("roc", "Ingrid", "Zwart", "ROC Friese Poort", [Rol.PARTNER], [NOP, URK]),
    DemoAccount(
        "beheerder", "Femke", "Kuipers", "Gemeente Noordoostpolder", [Rol.BEHEERDER], [NOP, URK]
    ),
    DemoAccount(
        "sociaalwerker.urk",
        "Jannie",
        "Kramer",
        "Welzijn Urk",
        [Rol.SOCIAAL_WERKER],
        [URK],
        ("Sociaal team Urk",),
    ),
    DemoAccount(
        "werkcoach.urk",
        "Albert",
        "Pasterkamp",
        "Gemeente Urk, Werk en Inkomen",
        [Rol.WERKCOACH],
        [URK],
    ),
    DemoAccount(
        "projectleider.urk",
        "Klaasje",
        "Bakker",
        "Gemeente Urk, Werk en Inkomen",
        [Rol.PROJECTLEIDER, Rol.MANAGER],
        [URK],
    ),
]


def gebruikers_laden(inrichting: Inrichting) -> dict[str, Gebruiker]:
    """Every demo account by username; an account that exists already is left as it is."""
    gebruikers = {}
    for account in ACCOUNTS:
        bestaand = Gebruiker.objects.filter(username=account.username).first()
        gebruikers[account.username] = bestaand or _account_maken(account, inrichting)
    return gebruikers


def _account_maken(account: DemoAccount, inrichting: Inrichting) -> Gebruiker:
    return gebruiker_create(
        username=account.username,
        password=DEMO_WACHTWOORD,
        first_name=account.voornaam,
        last_name=account.achternaam,
        email=f"{account.username}@demo.werkcoach.example",
        organisatie=inrichting.organisaties[account.organisatie],
        rollen=list(account.rollen),
        gemeenten=[inrichting.gemeenten[g] for g in account.gemeenten],
        gebiedsteams=[inrichting.teams[t] for t in account.teams],
    )

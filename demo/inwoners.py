"""Believable residents: names, addresses and referral texts from the polder, drawn with a seeded
random generator so the demo is the same every time it is loaded on the same day."""

import random
from datetime import date, datetime, time

from django.utils import timezone

from cases.models import Doelgroep, Uitkeringssituatie
from werkcoach.models import Gebiedsteam

POSTCODES = {
    "Emmeloord": "830",
    "Bant": "8314",
    "Creil": "8315",
    "Ens": "8307",
    "Espel": "8313",
    "Kraggenburg": "8317",
    "Luttelgeest": "8315",
    "Marknesse": "8316",
    "Nagele": "8308",
    "Rutten": "8311",
    "Tollebeek": "8309",
    "Urk": "832",
}
STRATEN = [
    "Lange Nering",
    "Kampwal",
    "Noordzijde",
    "Zuidwesterringweg",
    "Dorpsstraat",
    "Espelerweg",
    "Het Ambacht",
    "Urkerweg",
    "Marknesserweg",
    "Deventerstraat",
    "Zeeasterweg",
]
VOORNAMEN = [
    "Anouk",
    "Bram",
    "Chantal",
    "Daan",
    "Esra",
    "Fleur",
    "Gert",
    "Hanneke",
    "Ilse",
    "Jeroen",
    "Kim",
    "Lotte",
    "Mohamed",
    "Noor",
    "Oscar",
    "Petra",
    "Ricardo",
    "Sanne",
    "Tim",
    "Ursula",
    "Vera",
    "Wim",
    "Yara",
    "Zoë",
    "Marek",
    "Agnieszka",
    "Hendrik",
    "Samira",
    "Jan",
    "Grietje",
    "Fatima",
    "Kees",
]
ACHTERNAMEN = [
    ("", "Bakker"),
    ("de", "Vries"),
    ("van", "Dijk"),
    ("", "Visser"),
    ("", "Smit"),
    ("", "Meijer"),
    ("de", "Boer"),
    ("", "Mulder"),
    ("de", "Groot"),
    ("", "Bos"),
    ("", "Vos"),
    ("", "Peters"),
    ("", "Hendriks"),
    ("van", "Leeuwen"),
    ("", "Dekker"),
    ("", "Brouwer"),
    ("de", "Wit"),
    ("", "Dijkstra"),
    ("", "Kowalski"),
    ("", "Yilmaz"),
    ("", "Koffeman"),
    ("", "Hoekstra"),
    ("van der", "Veen"),
    ("", "Postma"),
]
SIGNALEN = [
    "Moeder van twee schoolgaande kinderen, wil graag weer aan het werk nu de jongste naar de "
    "basisschool gaat. Twijfelt of haar ervaring nog telt.",
    "Jongere van 19 zonder startkwalificatie, zit veel thuis. Wil iets met techniek maar weet niet hoe.",
    "Partner werkt, zelf al jaren thuis. Financiële zorgen door gestegen kosten; wil bijverdienen.",
    "Alleenstaande vader, net verhuisd naar de polder. Zoekt werk dat past bij schooltijden.",
    "Vijftiger, na lange zorg voor een ouder weer beschikbaar. Wil iets in de zorg.",
    "Statushouder met goede opleiding uit het buitenland; taal is nog een drempel.",
    "Jonge vrouw, stopte met mbo-opleiding. Wil opnieuw beginnen maar is onzeker.",
    "Man van 60, klein zelfstandige gestopt. Wil nog een paar jaar in loondienst werken.",
]


def nl_dt(dag: date, uur: int = 10) -> datetime:
    """The moment ``uur`` o'clock on ``dag`` in the local time zone."""
    return timezone.make_aware(datetime.combine(dag, time(uur, 0)))


def bsn(rng: random.Random) -> str:
    """A random BSN that passes the 11-proef."""
    while True:
        cijfers = [rng.randint(0, 9) for _ in range(8)]
        if cijfers[0] == 0:
            continue
        totaal = sum(c * w for c, w in zip(cijfers, range(9, 1, -1), strict=True))
        laatste = totaal % 11
        if laatste < 10:
            return "".join(map(str, cijfers)) + str(laatste)


def _postcode(rng: random.Random, woonplaats: str) -> str:
    cijfers = POSTCODES.get(woonplaats, "830")
    letters = "ABCDEGHJKLMNPRTVWXZ"
    # Order of the draws as the generator has always made them: the demo stays the same.
    vierde = rng.randint(0, 9) if len(cijfers) == 3 else ""
    return f"{cijfers}{vierde} {rng.choice(letters)}{rng.choice(letters)}"


def inwoner_gegevens(rng: random.Random, team: Gebiedsteam) -> dict:
    """The personal details of one resident living in the team's area."""
    woonplaats = rng.choice(team.dorpen or ["Emmeloord"])
    tussen, achternaam = rng.choice(ACHTERNAMEN)
    doelgroep = rng.choice(Doelgroep.values[:4] + [Doelgroep.ANDERS])
    geboortejaar = {"jongere": 2002, "oudere": 1964}.get(doelgroep, 1985)
    return {
        "voornaam": rng.choice(VOORNAMEN),
        "tussenvoegsel": tussen,
        "achternaam": achternaam,
        "geboortedatum": date(
            geboortejaar + rng.randint(0, 8), rng.randint(1, 12), rng.randint(1, 28)
        ),
        "bsn": bsn(rng) if rng.random() < 0.6 else "",
        "straat": rng.choice(STRATEN),
        "huisnummer": str(rng.randint(1, 140)),
        "postcode": _postcode(rng, woonplaats),
        "woonplaats": woonplaats,
        "telefoon": f"06-{rng.randint(10000000, 99999999)}",
        "email": "",
        "doelgroep": doelgroep,
        "uitkeringssituatie": rng.choices(
            [Uitkeringssituatie.GEEN, Uitkeringssituatie.BIJSTAND, Uitkeringssituatie.ONBEKEND],
            weights=[6, 2, 1],
        )[0],
    }

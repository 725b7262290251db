"""One function per table: the rows of a block of stories (``Reis``), written with the
``Schrijver``. When a model gains a column, its function here is the one place to change.
Functions are called in the order of ``TABELLEN`` (parents before children)."""

from __future__ import annotations

import random
import uuid
from collections.abc import Callable
from datetime import date

from cases.models import Aanmelding, Inwoner
from demo import inwoners as demo_inwoners
from demo.schaal.reis import AFGESLOTEN, Reis, Wereld, moment
from demo.schaal.schrijver import Schrijver
from trajecten.models import (
    Contactmoment,
    Faseovergang,
    Inzet,
    Nazorgcontact,
    Nazorgplan,
    Overdracht,
    Participatiemeting,
    Traject,
    Vervolgtraject,
)

# The demo's first names, and more for a region of 100,000 residents.
VOORNAMEN = [
    *demo_inwoners.VOORNAMEN,
    "Ahmet",
    "Linda",
    "Mark",
    "Priya",
    "Rachid",
    "Sophie",
    "Thomas",
    "Wendy",
    "Youssef",
    "Anna",
    "Bas",
    "Cor",
    "Dewi",
    "Emma",
    "Finn",
    "Gijs",
    "Hatice",
    "Ivo",
    "Joyce",
    "Koen",
    "Lisa",
    "Milan",
    "Nadia",
    "Olga",
    "Pim",
    "Quinten",
    "Rosa",
    "Stefan",
]
ACHTERNAMEN = [
    ("", n)
    for n in [
        "Bakker",
        "Visser",
        "Smit",
        "Meijer",
        "Mulder",
        "Bos",
        "Vos",
        "Peters",
        "Hendriks",
        "Dekker",
        "Brouwer",
        "Dijkstra",
        "Kowalski",
        "Yilmaz",
        "Koffeman",
        "Hoekstra",
        "Postma",
        "Jansen",
        "Janssen",
        "Willems",
        "Kramer",
        "Schouten",
        "Post",
        "Kuipers",
        "Koster",
        "Prins",
        "Huisman",
        "Peeters",
        "Bosman",
        "Kok",
        "Wolters",
        "Veenstra",
        "Kaya",
        "Ramdin",
        "Nowak",
        "Gerritsen",
        "Vermeulen",
        "Maas",
        "Verbeek",
        "Scholten",
        "Hermans",
        "Hoek",
        "Kuijpers",
        "Çelik",
        "Boateng",
        "Tahiri",
    ]
] + [
    ("de", "Vries"),
    ("van", "Dijk"),
    ("de", "Boer"),
    ("de", "Groot"),
    ("van", "Leeuwen"),
    ("de", "Wit"),
    ("van der", "Veen"),
    ("van den", "Berg"),
    ("de", "Jong"),
    ("van der", "Meer"),
    ("de", "Haan"),
    ("van", "Vliet"),
]
STRATEN = "Stationsstraat Marktplein Havenweg Kerkstraat Dorpsstraat Polderweg Zuiderzeestraat"
STRATEN_LIJST = (STRATEN + " Lindenlaan Meerpad Wisselweg Botter Schokkerweg Kotter").split()
DOELGROEPEN = ["jongere", "partner", "alleenstaande_ouder", "oudere", "anders"]
SIGNAAL = "Wil graag weer aan het werk of een opleiding volgen; twijfelt hoe te beginnen."
OMVANG = Aanmelding._meta.get_field("toestemming_omvang").get_default()


def _bsn(inwoner_id: int) -> str:
    """A unique number that passes the 11-proef, or "" (about one in eleven cannot)."""
    basis = f"{10_000_000 + inwoner_id * 13:08d}"[-8:]
    if basis[0] == "0":
        return ""
    controle = sum(int(c) * w for c, w in zip(basis, range(9, 1, -1), strict=True)) % 11
    return basis + str(controle) if controle < 10 else ""


def inwoners(reizen: list[Reis], w: Wereld, s: Schrijver, rng: random.Random) -> None:
    kolommen = [
        "id",
        "aangemaakt_op",
        "gewijzigd_op",
        "gemeente_id",
        "voornaam",
        "tussenvoegsel",
        "achternaam",
        "geboortedatum",
        "bsn",
        "straat",
        "huisnummer",
        "postcode",
        "woonplaats",
        "telefoon",
        "email",
        "doelgroep",
        "uitkeringssituatie",
        "versie",
        "geanonimiseerd_op",
    ]

    def rij(r: Reis) -> tuple:
        tussen, achternaam = rng.choice(ACHTERNAMEN)
        doelgroep = rng.choice(DOELGROEPEN)
        jaar = {"jongere": 2002, "oudere": 1962}.get(doelgroep, 1984) + rng.randint(0, 8)
        return (
            r.inwoner_id,
            r.aangemeld_op,
            r.aangemeld_op,
            w.gemeente_id,
            rng.choice(VOORNAMEN),
            tussen,
            achternaam,
            date(jaar, rng.randint(1, 12), rng.randint(1, 28)),
            _bsn(r.inwoner_id) if rng.random() < 0.6 else "",
            rng.choice(STRATEN_LIJST),
            str(rng.randint(1, 180)),
            f"{rng.randint(1300, 8399)} {rng.choice('ABCDEGHJKLMNPRSTVWXZ')}{rng.choice('ABDEHKLNPRSTXZ')}",
            r.woonplaats,
            f"06-{rng.randint(10000000, 99999999)}",
            "",
            doelgroep,
            rng.choices(["geen", "bijstand", "onbekend", "ww"], weights=[6, 2, 1, 1])[0],
            1,
            None,
        )

    s.schrijf(Inwoner, kolommen, (rij(r) for r in reizen))


def aanmeldingen(reizen: list[Reis], w: Wereld, s: Schrijver, rng: random.Random) -> None:
    kolommen = [
        "id",
        "aangemaakt_op",
        "gewijzigd_op",
        "gemeente_id",
        "gebiedsteam_id",
        "inwoner_id",
        "aangemeld_door_id",
        "aangemeld_op",
        "signaal",
        "wens",
        "contactvoorkeur",
        "contact_moment_voorkeur",
        "toestemming_gegeven",
        "toestemming_datum",
        "toestemming_wijze",
        "toestemming_omvang",
        "toestemming_ingetrokken_op",
        "toestemming_ingetrokken_door_id",
        "status",
        "status_reden",
        "behandeld_door_id",
        "behandeld_op",
        "eerste_contact_op",
        "indieningssleutel",
    ]

    def rij(r: Reis) -> tuple:
        intrekker = r.sociaal_werker_id if r.ingetrokken_op else None
        door = r.werkcoach_id if r.status != "ingetrokken" else r.sociaal_werker_id
        return (
            r.aanmelding_id,
            r.aangemeld_op,
            r.laatst,
            w.gemeente_id,
            r.team_id,
            r.inwoner_id,
            r.sociaal_werker_id,
            r.aangemeld_op,
            SIGNAAL,
            "Eerst een kop koffie, zonder verplichtingen.",
            rng.choice(["telefoon", "email", "huisbezoek", "via_sociaal_werker"]),
            "",
            True,
            r.aangemeld_op.date(),
            rng.choice(["mondeling", "schriftelijk", "digitaal"]),
            OMVANG,
            r.ingetrokken_op,
            intrekker,
            r.status,
            r.status_reden,
            door if r.behandeld_op else None,
            r.behandeld_op,
            r.eerste_contact_op,
            uuid.UUID(int=rng.getrandbits(128), version=4),
        )

    s.schrijf(Aanmelding, kolommen, (rij(r) for r in reizen))


def trajecten(reizen: list[Reis], w: Wereld, s: Schrijver, rng: random.Random) -> None:
    kolommen = [
        "id",
        "aangemaakt_op",
        "gewijzigd_op",
        "pilot_id",
        "inwoner_id",
        "aanmelding_id",
        "werkcoach_id",
        "fase",
        "fase_sinds",
        "gestart_op",
        "gesprek_gepland_op",
        "gesprek_locatie",
        "gesprek_gehouden_op",
        "beeindigd_op",
        "einde_reden",
        "einde_toelichting",
        "versie",
    ]

    def rij(r: Reis) -> tuple:
        toelichting = "Andere reden, besproken met de inwoner." if r.einde_reden == "anders" else ""
        return (
            r.traject_id,
            r.fasen[0][2],
            r.laatst,
            w.pilot_id,
            r.inwoner_id,
            r.aanmelding_id,
            r.werkcoach_id,
            r.fase,
            r.fasen[-1][2],
            r.fasen[0][2],
            r.gesprek_gepland_op,
            r.gesprek_locatie,
            r.gesprek_gehouden_op,
            r.beeindigd_op,
            r.einde_reden,
            toelichting,
            len(r.fasen) + len(r.contacten) + len(r.inzetten),
        )

    s.schrijf(Traject, kolommen, (rij(r) for r in reizen if r.traject_id))


def faseovergangen(reizen: list[Reis], w: Wereld, s: Schrijver, rng: random.Random) -> None:
    kolommen = ["id", "traject_id", "van_fase", "naar_fase", "op", "door_id", "toelichting"]
    # A list, not a generator: handing out keys may query the table, which cannot happen
    # while a COPY is under way on the same connection.
    rijen = [
        (s.id(Faseovergang), r.traject_id, van, naar, op, r.werkcoach_id, "")
        for r in reizen
        if r.traject_id
        for van, naar, op in r.fasen
    ]
    s.schrijf(Faseovergang, kolommen, rijen)


def vervolgtrajecten(reizen: list[Reis], w: Wereld, s: Schrijver, rng: random.Random) -> None:
    kolommen = [
        "id",
        "aangemaakt_op",
        "gewijzigd_op",
        "traject_id",
        "route",
        "afgesproken_op",
        "sector",
        "nugger_ingeschreven_op",
        "accountmanager_id",
        "onderwijsinstelling_id",
        "opleiding",
        "bbl",
        "werkgever",
        "organisatie_naam",
        "toelichting",
    ]

    def rij(r: Reis) -> tuple:
        v = r.vervolg
        assert v is not None  # noqa: S101 - narrows the type
        werk, opleiding = v.route == "werk", v.route == "opleiding"
        organisatie_id, persoon_id = w.partners[v.route]
        bbl = opleiding and rng.random() < 0.4
        op = moment(v.afgesproken_op, 10)
        return (
            v.id,
            op,
            op,
            r.traject_id,
            v.route,
            v.afgesproken_op,
            v.sector,
            v.afgesproken_op if werk else None,
            persoon_id if werk else None,
            organisatie_id if opleiding else None,
            "Logistiek medewerker (niveau 2)" if opleiding else "",
            bbl,
            "Zorggroep Flevoland" if bbl else "",
            "" if werk or opleiding else "Partnerorganisatie",
            "",
        )

    s.schrijf(Vervolgtraject, kolommen, (rij(r) for r in reizen if r.vervolg))


def overdrachten(reizen: list[Reis], w: Wereld, s: Schrijver, rng: random.Random) -> None:
    kolommen = [
        "id",
        "aangemaakt_op",
        "gewijzigd_op",
        "traject_id",
        "naar_organisatie_id",
        "naar_persoon_id",
        "naar_naam",
        "overgedragen_op",
        "toelichting",
        "bevestigd_op",
        "bevestigd_door_id",
        "vastgelegd_door_id",
        "melding_verstuurd_op",
        "herinnering_verstuurd_op",
    ]

    def rij(r: Reis) -> tuple:
        o = r.overdracht
        assert o is not None  # noqa: S101 - narrows the type
        bevestiger = o.persoon_id or r.werkcoach_id
        return (
            o.id,
            o.op,
            o.bevestigd_op or o.op,
            r.traject_id,
            o.organisatie_id,
            o.persoon_id,
            "" if o.persoon_id else "Coördinator",
            o.op,
            "Warme overdracht in een gezamenlijk gesprek.",
            o.bevestigd_op,
            bevestiger if o.bevestigd_op else None,
            r.werkcoach_id,
            o.op if o.persoon_id else None,
            None,
        )

    s.schrijf(Overdracht, kolommen, (rij(r) for r in reizen if r.overdracht))


def nazorgplannen(reizen: list[Reis], w: Wereld, s: Schrijver, rng: random.Random) -> None:
    kolommen = [
        "id",
        "aangemaakt_op",
        "gewijzigd_op",
        "traject_id",
        "startdatum",
        "duur_maanden",
        "frequentie",
        "afspraken",
        "uitkomst",
        "afgerond_op",
        "reden_eerder_afgerond",
    ]

    def rij(r: Reis) -> tuple:
        p = r.nazorg
        assert p is not None  # noqa: S101 - narrows the type
        op = moment(p.start, 10)
        afspraken = "Contact houden over hoe het gaat."
        return (
            p.id,
            op,
            op,
            r.traject_id,
            p.start,
            p.duur,
            p.frequentie,
            afspraken,
            p.uitkomst,
            p.afgerond_op,
            "",
        )

    s.schrijf(Nazorgplan, kolommen, (rij(r) for r in reizen if r.nazorg))


def nazorgcontacten(reizen: list[Reis], w: Wereld, s: Schrijver, rng: random.Random) -> None:
    s.schrijf(
        Nazorgcontact,
        ["id", "plan_id", "gepland_op", "herinnering_verstuurd_op"],
        (
            (contact_id, r.nazorg.id, dag, None)
            for r in reizen
            if r.nazorg
            for contact_id, dag in r.nazorg.contacten
        ),
    )


def contactmomenten(reizen: list[Reis], w: Wereld, s: Schrijver, rng: random.Random) -> None:
    kolommen = [
        "id",
        "aangemaakt_op",
        "gewijzigd_op",
        "traject_id",
        "datum",
        "soort",
        "met_wie",
        "verslag",
        "vastgelegd_door_id",
        "nazorgcontact_id",
    ]
    s.schrijf(
        Contactmoment,
        kolommen,
        (
            (
                c.id,
                c.datum,
                c.datum,
                r.traject_id,
                c.datum,
                c.soort,
                c.met_wie,
                c.verslag,
                r.werkcoach_id,
                c.nazorgcontact_id,
            )
            for r in reizen
            for c in r.contacten
        ),
    )


def inzetten(reizen: list[Reis], w: Wereld, s: Schrijver, rng: random.Random) -> None:
    kolommen = [
        "id",
        "aangemaakt_op",
        "gewijzigd_op",
        "traject_id",
        "instrument_id",
        "status",
        "startdatum",
        "einddatum",
        "kosten_gepland",
        "kosten_werkelijk",
        "toelichting",
        "vastgelegd_door_id",
    ]
    s.schrijf(
        Inzet,
        kolommen,
        (
            (
                i[0],
                moment(i[3], 8),
                moment(i[4] or i[3], 8),
                r.traject_id,
                i[1],
                i[2],
                i[3],
                i[4],
                i[5],
                i[6],
                "",
                r.werkcoach_id,
            )
            for r in reizen
            for i in r.inzetten
        ),
    )


def metingen(reizen: list[Reis], w: Wereld, s: Schrijver, rng: random.Random) -> None:
    kolommen = ["id", "traject_id", "datum", "moment", "trede", "toelichting", "vastgelegd_door_id"]
    s.schrijf(
        Participatiemeting,
        kolommen,
        (
            (m_id, r.traject_id, datum, soort, trede, "", r.werkcoach_id)
            for r in reizen
            for m_id, datum, soort, trede in r.metingen
        ),
    )


Tabelfunctie = Callable[[list[Reis], Wereld, Schrijver, random.Random], None]
TABELLEN: list[Tabelfunctie] = [
    inwoners,
    aanmeldingen,
    trajecten,
    faseovergangen,
    vervolgtrajecten,
    overdrachten,
    nazorgplannen,
    nazorgcontacten,
    contactmomenten,
    inzetten,
    metingen,
]
__all__ = ["AFGESLOTEN", "TABELLEN"]

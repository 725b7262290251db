"""Demo data: gemeente Noordoostpolder with a believable pilot history, and a second gemeente.

Everything is made through the services, so the demo obeys the same rules as real use. Running
it again adds nothing: reference data is looked up first, and the history is only generated for a
gemeente that has no referrals yet.
"""

import random
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal

import holidays
from django.db import transaction
from django.test.utils import override_settings
from django.utils import timezone

from cases.models import Aanmelding, Doelgroep, Inwoner, Uitkeringssituatie
from cases.services import aanmelding_afwijzen, aanmelding_create
from trajecten.aanmeldingen.services import aanmelding_accepteren
from trajecten.models import (
    Contactmoment,
    EindeReden,
    Fase,
    Instrument,
    Inzet,
    Nazorgplan,
    Route,
    Sector,
)
from trajecten.services import (
    catalogus_laden,
    contactmoment_create,
    gesprek_plannen,
    gesprek_vastleggen,
    inzet_create,
    nazorg_afronden,
    nazorgplan_create,
    overdracht_bevestigen,
    overdracht_create,
    participatiemeting_create,
    traject_advance,
    traject_beeindigen,
    vervolgtraject_vastleggen,
)
from werkcoach.models import Feestdag, Gebiedsteam, Gebruiker, Gemeente, Organisatie, Pilot, Rol
from werkcoach.services import gebruiker_create, pilot_create, rollen_inrichten

DEMO_WACHTWOORD = "demo-werkcoach-2026"

NOP_DORPEN = [
    "Emmeloord",
    "Bant",
    "Creil",
    "Ens",
    "Espel",
    "Kraggenburg",
    "Luttelgeest",
    "Marknesse",
    "Nagele",
    "Rutten",
    "Tollebeek",
]
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


def _nl_dt(dag: date, uur: int = 10) -> datetime:
    return timezone.make_aware(datetime.combine(dag, time(uur, 0)))


def _bsn(rng: random.Random) -> str:
    while True:
        cijfers = [rng.randint(0, 9) for _ in range(8)]
        if cijfers[0] == 0:
            continue
        totaal = sum(c * w for c, w in zip(cijfers, range(9, 1, -1), strict=True))
        laatste = totaal % 11
        if laatste < 10:
            return "".join(map(str, cijfers)) + str(laatste)


@dataclass
class DemoResultaat:
    gebruikers: dict[str, Gebruiker]
    nieuw: bool


@transaction.atomic
def demo_laden(*, vandaag: date | None = None) -> DemoResultaat:
    rollen_inrichten()
    vandaag = vandaag or timezone.localdate()
    nop, _ = Gemeente.objects.get_or_create(
        naam="Noordoostpolder", defaults={"cbs_code": "0171", "dorpen": NOP_DORPEN}
    )
    urk, _ = Gemeente.objects.get_or_create(
        naam="Urk", defaults={"cbs_code": "0184", "dorpen": ["Urk"]}
    )

    org = {}
    for naam, soort, gemeenten in [
        ("Carrefour", Organisatie.Soort.WELZIJN, [nop]),
        ("WerkCorporatie", Organisatie.Soort.WERKBEDRIJF, [nop]),
        ("ROC Friese Poort", Organisatie.Soort.ONDERWIJS, [nop, urk]),
        ("Taalpunt Noordoostpolder", Organisatie.Soort.ANDERS, [nop]),
        ("Concern voor Werk", Organisatie.Soort.ANDERS, [nop, urk]),
        ("UWV", Organisatie.Soort.UWV, [nop, urk]),
        ("Gemeente Noordoostpolder", Organisatie.Soort.GEMEENTE, [nop]),
        ("Vrijwilligerscentrale Noordoostpolder", Organisatie.Soort.ANDERS, [nop]),
        ("Welzijn Urk", Organisatie.Soort.WELZIJN, [urk]),
        ("Gemeente Urk, Werk en Inkomen", Organisatie.Soort.GEMEENTE, [urk]),
    ]:
        org[naam], aangemaakt = Organisatie.objects.get_or_create(
            naam=naam, defaults={"soort": soort}
        )
        if aangemaakt:
            org[naam].gemeenten.set(gemeenten)

    team_emmeloord, _ = Gebiedsteam.objects.get_or_create(
        gemeente=nop,
        naam="Gebiedsteam Emmeloord",
        defaults={"organisatie": org["Carrefour"], "dorpen": ["Emmeloord"]},
    )
    team_dorpen, _ = Gebiedsteam.objects.get_or_create(
        gemeente=nop,
        naam="Gebiedsteam Dorpen",
        defaults={"organisatie": org["Carrefour"], "dorpen": NOP_DORPEN[1:]},
    )
    team_urk, _ = Gebiedsteam.objects.get_or_create(
        gemeente=urk,
        naam="Sociaal team Urk",
        defaults={"organisatie": org["Welzijn Urk"], "dorpen": ["Urk"]},
    )

    for jaar in range(2023, vandaag.year + 2):
        for dag, naam in holidays.country_holidays("NL", years=jaar).items():
            Feestdag.objects.get_or_create(gemeente=None, datum=dag, defaults={"naam": naam})

    specs = [
        (
            "sociaalwerker",
            "Sanne",
            "de Jong",
            org["Carrefour"],
            [Rol.SOCIAAL_WERKER],
            [nop],
            [team_emmeloord],
        ),
        (
            "sociaalwerker2",
            "Erik",
            "Hoogland",
            org["Carrefour"],
            [Rol.SOCIAAL_WERKER],
            [nop],
            [team_dorpen],
        ),
        ("werkcoach", "Marieke", "Jansen", org["WerkCorporatie"], [Rol.WERKCOACH], [nop], []),
        (
            "projectleider",
            "Elisabeth",
            "de Gelder",
            org["WerkCorporatie"],
            [Rol.PROJECTLEIDER],
            [nop],
            [],
        ),
        ("manager", "Peter", "Willems", org["WerkCorporatie"], [Rol.MANAGER], [nop], []),
        ("accountmanager", "Rob", "Schouten", org["WerkCorporatie"], [Rol.PARTNER], [nop], []),
        ("roc", "Ingrid", "Zwart", org["ROC Friese Poort"], [Rol.PARTNER], [nop, urk], []),
        (
            "beheerder",
            "Femke",
            "Kuipers",
            org["Gemeente Noordoostpolder"],
            [Rol.BEHEERDER],
            [nop, urk],
            [],
        ),
        (
            "sociaalwerker.urk",
            "Jannie",
            "Kramer",
            org["Welzijn Urk"],
            [Rol.SOCIAAL_WERKER],
            [urk],
            [team_urk],
        ),
        (
            "werkcoach.urk",
            "Albert",
            "Pasterkamp",
            org["Gemeente Urk, Werk en Inkomen"],
            [Rol.WERKCOACH],
            [urk],
            [],
        ),
        (
            "projectleider.urk",
            "Klaasje",
            "Bakker",
            org["Gemeente Urk, Werk en Inkomen"],
            [Rol.PROJECTLEIDER, Rol.MANAGER],
            [urk],
            [],
        ),
    ]
    gebruikers = {}
    for username, voornaam, achternaam, organisatie, rollen, gemeenten, teams in specs:
        bestaand = Gebruiker.objects.filter(username=username).first()
        gebruikers[username] = bestaand or gebruiker_create(
            username=username,
            password=DEMO_WACHTWOORD,
            first_name=voornaam,
            last_name=achternaam,
            email=f"{username}@demo.werkcoach.example",
            organisatie=organisatie,
            rollen=rollen,
            gemeenten=gemeenten,
            gebiedsteams=teams,
        )

    catalogus_laden(door=gebruikers["beheerder"])

    # The demo is a running pilot on whatever day it is loaded: once the planned end has
    # passed, the pilots count as extended to the end of next year, with the same year target.
    verlengd = date(vandaag.year + 1, 12, 31)
    eind_nop = max(date(2026, 12, 31), verlengd)
    pilot_nop = Pilot.objects.filter(gemeente=nop).first() or pilot_create(
        gemeente=nop,
        naam="Werkcoach in de wijk",
        startdatum=date(2023, 6, 1),
        einddatum=eind_nop,
        jaardoelen={2023: 20} | dict.fromkeys(range(2024, eind_nop.year + 1), 30),
        subsidie_bedrag=Decimal("155000.00"),
    )
    eind_urk = max(date(2027, 2, 28), verlengd)
    pilot_urk = Pilot.objects.filter(gemeente=urk).first() or pilot_create(
        gemeente=urk,
        naam="Werkcoach in de wijk Urk",
        startdatum=date(2025, 3, 1),
        einddatum=eind_urk,
        jaardoelen={2025: 10} | dict.fromkeys(range(2026, eind_urk.year + 1), 15),
        doel_orientatie_totaal=25,
        subsidie_bedrag=Decimal("60000.00"),
    )

    nieuw = False
    # The history is the past: the notifications it would trigger are not sent anywhere.
    with override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend"):
        if not Aanmelding.objects.filter(gemeente=nop).exists():
            _geschiedenis(
                pilot=pilot_nop,
                teams=[team_emmeloord, team_dorpen],
                gebruikers=gebruikers,
                sociaal_werkers=[gebruikers["sociaalwerker"], gebruikers["sociaalwerker2"]],
                werkcoach=gebruikers["werkcoach"],
                partners=org,
                aantal=64,
                vandaag=vandaag,
                seed=2023,
            )
            nieuw = True
        if not Aanmelding.objects.filter(gemeente=urk).exists():
            _geschiedenis(
                pilot=pilot_urk,
                teams=[team_urk],
                gebruikers=gebruikers,
                sociaal_werkers=[gebruikers["sociaalwerker.urk"]],
                werkcoach=gebruikers["werkcoach.urk"],
                partners=org,
                aantal=10,
                vandaag=vandaag,
                seed=184,
                verse=(2, 8),
            )
            nieuw = True
    from rapportage.services import JAARPLAN_2024, begroting_vullen, begroting_wijzigen

    if begroting_vullen(pilot=pilot_nop, door=gebruikers["projectleider"]):
        # The pilot was extended after 2024: the demo budgets the later years like the 2024
        # year plan, so the dashboard's budget burn has something to show for today.
        for jaar in range(2025, pilot_nop.einddatum.year + 1):
            for post, bedrag in JAARPLAN_2024.items():
                if bedrag:
                    begroting_wijzigen(
                        pilot=pilot_nop,
                        jaar=jaar,
                        post=post,
                        bedrag=Decimal(bedrag),
                        door=gebruikers["projectleider"],
                        toelichting="Verlenging van de pilot",
                    )
    if nieuw:
        _uitgaven(pilot_nop, gebruikers["projectleider"], vandaag)
        _rapporten(pilot_nop, gebruikers["projectleider"], vandaag)
    return DemoResultaat(gebruikers=gebruikers, nieuw=nieuw)


def _uitgaven(pilot, projectleider, vandaag) -> None:
    """The pilot's monthly staff costs and some communication costs, as the projectleider
    records them, so the budget shows a realistic burn."""
    from rapportage.models import Post
    from rapportage.services import uitgave_create

    maand = date(2023, 7, 1)
    while maand < vandaag.replace(day=1):
        personeel = Post.PERSONEEL if maand.year >= 2024 else Post.WERKCOACH
        uitgave_create(
            pilot=pilot,
            door=projectleider,
            datum=maand,
            post=personeel,
            omschrijving=f"Inzet werkcoach {maand:%m-%Y}",
            bedrag=Decimal("4333.00"),
        )
        if maand.year < 2024:
            uitgave_create(
                pilot=pilot,
                door=projectleider,
                datum=maand,
                post=Post.PROJECTLEIDER,
                omschrijving=f"Inzet projectleider {maand:%m-%Y}",
                bedrag=Decimal("750.00"),
            )
        if maand.month in (3, 9):
            uitgave_create(
                pilot=pilot,
                door=projectleider,
                datum=maand,
                post=Post.COMMUNICATIE,
                omschrijving="Folders en advertentie in het Gemeentenieuws",
                bedrag=Decimal("640.50"),
            )
        maand = (maand + timedelta(days=32)).replace(day=1)


def _rapporten(pilot, projectleider, vandaag) -> None:
    """Last month's management report and the verantwoording of the whole pilot, as the archive of a
    running pilot would hold them (made by the same service and task as in real use)."""
    from rapportage.kpi import Periode
    from rapportage.models import Rapport
    from rapportage.services import rapport_aanvragen

    vorige = vandaag.replace(day=1) - timedelta(days=1)
    rapport_aanvragen(
        pilot=pilot,
        soort=Rapport.Soort.MAANDRAPPORTAGE,
        periode=Periode.maand(vorige.year, vorige.month),
        door=projectleider,
        toelichting="Twee nieuwe open lessen bij ROC Friese Poort; de Schakelteams zorg en "
        "techniek namen elk een inwoner op.",
    )
    rapport_aanvragen(
        pilot=pilot,
        soort=Rapport.Soort.VERANTWOORDING,
        periode=Periode(pilot.startdatum, pilot.einddatum),
        door=projectleider,
        toelichting="De pilot is verlengd; de werkwijze is overgedragen aan gemeente Urk.",
    )


def _geschiedenis(
    *,
    pilot,
    teams,
    gebruikers,
    sociaal_werkers,
    werkcoach,
    partners,
    aantal,
    vandaag,
    seed,
    verse=(1, 3, 4, 9, 12, 16),
):
    rng = random.Random(seed)  # noqa: S311 - demo data, not security
    start = pilot.startdatum + timedelta(days=14)
    eind = vandaag - timedelta(days=2)
    dagen = (eind - start).days
    # Referrals grew after the start-up year: more of them fall in the last ten months.
    recent = min(dagen, 300)
    data = [
        start + timedelta(days=rng.randint(0, dagen))
        if n % 5 < 2
        else eind - timedelta(days=rng.randint(0, recent))
        for n in range(aantal - len(verse))
    ]
    # A few fresh referrals in the werkcoach's inbox.
    data += [vandaag - timedelta(days=d) for d in verse]
    data = [d for d in data if d.weekday() < 5] + [
        d - timedelta(days=d.weekday() - 4) for d in data if d.weekday() >= 5
    ]
    instrumenten = list(Instrument.objects.filter(actief=True))
    for i, dag in enumerate(sorted(data)):
        team = teams[i % len(teams)]
        sw = sociaal_werkers[i % len(sociaal_werkers)]
        woonplaats = rng.choice(team.dorpen or ["Emmeloord"])
        tussen, achternaam = rng.choice(ACHTERNAMEN)
        doelgroep = rng.choice(Doelgroep.values[:4] + [Doelgroep.ANDERS])
        gegevens = {
            "voornaam": rng.choice(VOORNAMEN),
            "tussenvoegsel": tussen,
            "achternaam": achternaam,
            "geboortedatum": date(
                {"jongere": 2002, "oudere": 1964}.get(doelgroep, 1985) + rng.randint(0, 8),
                rng.randint(1, 12),
                rng.randint(1, 28),
            ),
            "bsn": _bsn(rng) if rng.random() < 0.6 else "",
            "straat": rng.choice(STRATEN),
            "huisnummer": str(rng.randint(1, 140)),
            "postcode": f"{POSTCODES.get(woonplaats, '830')}{rng.randint(0, 9) if len(POSTCODES.get(woonplaats, '830')) == 3 else ''} "
            f"{rng.choice('ABCDEGHJKLMNPRTVWXZ')}{rng.choice('ABCDEGHJKLMNPRTVWXZ')}",
            "woonplaats": woonplaats,
            "telefoon": f"06-{rng.randint(10000000, 99999999)}",
            "email": "",
            "doelgroep": doelgroep,
            "uitkeringssituatie": rng.choices(
                [Uitkeringssituatie.GEEN, Uitkeringssituatie.BIJSTAND, Uitkeringssituatie.ONBEKEND],
                weights=[6, 2, 1],
            )[0],
        }
        aanmelding = aanmelding_create(
            door=sw,
            gebiedsteam=team,
            inwoner_gegevens=gegevens,
            signaal=rng.choice(SIGNALEN),
            wens="Graag eerst een kop koffie, zonder verplichtingen.",
            toestemming_gegeven=True,
            toestemming_datum=dag,
            toestemming_wijze=rng.choice(Aanmelding.Toestemmingswijze.values),
            contactvoorkeur=rng.choice(Aanmelding.Contactvoorkeur.values),
            op=_nl_dt(dag, 9),
        )
        if (vandaag - dag).days < 8 and i >= len(data) - len(verse):
            continue  # still in the inbox
        _verloop(
            aanmelding,
            rng=rng,
            werkcoach=werkcoach,
            partners=partners,
            gebruikers=gebruikers,
            instrumenten=instrumenten,
            vandaag=vandaag,
        )


def _verloop(aanmelding, *, rng, werkcoach, partners, gebruikers, instrumenten, vandaag):
    """Walk one referral through the klantreis as far as the calendar allows."""
    nu = _nl_dt(vandaag, 8)
    dag = aanmelding.aangemeld_op.date() + timedelta(days=rng.randint(1, 5))
    kans = rng.random()
    if kans < 0.06:
        aanmelding_afwijzen(
            aanmelding=aanmelding,
            door=werkcoach,
            status=Aanmelding.Status.ONBEREIKBAAR,
            reden="Drie keer gebeld en een brief gestuurd, geen reactie.",
            op=_nl_dt(dag, 11),
        )
        return
    if kans < 0.10:
        aanmelding_afwijzen(
            aanmelding=aanmelding,
            door=werkcoach,
            status=Aanmelding.Status.AFGEWEZEN,
            reden="Inwoner heeft al een klantmanager Participatiewet; past bij die route.",
            op=_nl_dt(dag, 11),
        )
        return
    traject = aanmelding_accepteren(aanmelding=aanmelding, door=werkcoach, op=_nl_dt(dag, 11))
    gesprek = dag + timedelta(days=rng.randint(3, 12))
    traject = gesprek_plannen(
        traject=traject,
        door=werkcoach,
        gepland_op=_nl_dt(gesprek, 14),
        locatie=rng.choice(["thuis", "carrefour", "werkcorporatie", "telefonisch"]),
    )
    if _nl_dt(gesprek, 15) > nu:
        return
    traject = gesprek_vastleggen(
        traject=traject,
        door=werkcoach,
        gehouden_op=_nl_dt(gesprek, 15),
        verslag="Kennismaking: wensen, mogelijkheden en zorgen besproken.",
    )
    if rng.random() < 0.14:
        traject_beeindigen(
            traject=traject,
            door=werkcoach,
            reden=EindeReden.GEEN_INTERESSE,
            toelichting="Wil nu nog niet verder.",
            op=_nl_dt(gesprek + timedelta(days=5), 12),
        )
        return
    orientatie = gesprek + timedelta(days=rng.randint(2, 10))
    if _nl_dt(orientatie, 10) > nu:
        return
    traject = traject_advance(
        traject=traject, naar=Fase.ORIENTATIE, door=werkcoach, op=_nl_dt(orientatie, 10)
    )
    start_trede = rng.choice([1, 2, 2, 3, 3, 4])
    participatiemeting_create(
        traject=traject, door=werkcoach, datum=orientatie, trede=start_trede, moment="start"
    )
    for n in range(rng.randint(1, 3)):
        instrument = rng.choice(instrumenten)
        inzet_start = orientatie + timedelta(days=7 + n * 10)
        if inzet_start > vandaag:
            break
        klaar = inzet_start + timedelta(days=21) <= vandaag
        kosten = instrument.kosten_indicatie or Decimal("0")
        inzet_create(
            traject=traject,
            door=werkcoach,
            instrument=instrument,
            status=Inzet.Status.AFGEROND if klaar else Inzet.Status.LOPEND,
            startdatum=inzet_start,
            einddatum=inzet_start + timedelta(days=21) if klaar else None,
            kosten_gepland=kosten,
            kosten_werkelijk=kosten if klaar else None,
        )
    for week in range(1, 6, 2):
        moment = orientatie + timedelta(days=7 * week)
        if moment >= vandaag:
            break
        contactmoment_create(
            traject=traject,
            door=werkcoach,
            datum=_nl_dt(moment, 13),
            soort=rng.choice(
                [
                    Contactmoment.Soort.MEELOPEN,
                    Contactmoment.Soort.TELEFOON,
                    Contactmoment.Soort.GESPREK,
                ]
            ),
            met_wie="Inwoner",
            verslag="Voortgang oriëntatie besproken.",
        )
    vervolg_dag = orientatie + timedelta(days=rng.randint(30, 90))
    if rng.random() < 0.18:
        if vervolg_dag <= vandaag:
            traject_beeindigen(
                traject=traject,
                door=werkcoach,
                reden=rng.choice([EindeReden.GEEN_VERVOLG, EindeReden.ANDERE_HULP]),
                op=_nl_dt(vervolg_dag, 12),
            )
        return
    if vervolg_dag > vandaag:
        return
    route = rng.choices(Route.values, weights=[35, 30, 20, 15])[0]
    sector = rng.choice([Sector.ZORG, Sector.LOGISTIEK, Sector.TECHNIEK, Sector.OVERIG, ""])
    extra = {}
    in_urk = traject.pilot.gemeente.naam == "Urk"
    if route == Route.WERK and in_urk:
        # Urk's own work organisation receives its residents; it has no partner account here.
        ontvanger_org, ontvanger = partners["Gemeente Urk, Werk en Inkomen"], None
        extra = {"nugger_ingeschreven_op": vervolg_dag}
    elif route == Route.WERK:
        ontvanger_org, ontvanger = partners["WerkCorporatie"], gebruikers["accountmanager"]
        extra = {"nugger_ingeschreven_op": vervolg_dag, "accountmanager": ontvanger}
    elif route == Route.OPLEIDING:
        ontvanger_org, ontvanger = partners["ROC Friese Poort"], gebruikers["roc"]
        bbl = rng.random() < 0.4
        extra = {
            "onderwijsinstelling": ontvanger_org,
            "opleiding": rng.choice(
                [
                    "Helpende Zorg en Welzijn (niveau 2)",
                    "Logistiek medewerker (niveau 2)",
                    "Monteur elektrotechnische installaties (niveau 2)",
                    "Entree-opleiding",
                ]
            ),
            "bbl": bbl,
            "werkgever": "Zorggroep Noordoostpolder" if bbl else "",
        }
    elif route == Route.VRIJWILLIGERSWERK:
        naam = "Welzijn Urk" if in_urk else "Vrijwilligerscentrale Noordoostpolder"
        ontvanger_org, ontvanger = partners[naam], None
        extra = {"organisatie_naam": naam}
    else:
        ontvanger_org, ontvanger = partners["Concern voor Werk"], None
        extra = {"organisatie_naam": "Concern voor Werk"}
    vervolgtraject_vastleggen(
        traject=traject,
        door=werkcoach,
        route=route,
        afgesproken_op=vervolg_dag,
        sector=sector,
        op=_nl_dt(vervolg_dag, 11),
        **extra,
    )
    overdracht_dag = vervolg_dag + timedelta(days=rng.randint(5, 25))
    if overdracht_dag > vandaag:
        return
    overdracht = overdracht_create(
        traject=traject,
        door=werkcoach,
        naar_organisatie=ontvanger_org,
        naar_persoon=ontvanger,
        naar_naam="" if ontvanger else "Coördinator",
        overgedragen_op=_nl_dt(overdracht_dag, 10),
        toelichting="Warme overdracht in een gezamenlijk gesprek.",
    )
    bevestiging = overdracht_dag + timedelta(days=rng.randint(1, 9))
    if bevestiging <= vandaag and rng.random() < 0.9:
        overdracht_bevestigen(
            overdracht=overdracht, door=ontvanger or werkcoach, op=_nl_dt(bevestiging, 16)
        )
    nazorg_dag = overdracht_dag + timedelta(days=rng.randint(3, 14))
    if nazorg_dag > vandaag:
        return
    plan = nazorgplan_create(
        traject=traject,
        door=werkcoach,
        startdatum=nazorg_dag,
        frequentie=rng.choice(["maandelijks", "zeswekelijks", "tweewekelijks"]),
        afspraken="Contact houden over hoe het gaat; bellen of langskomen.",
        op=_nl_dt(nazorg_dag, 10),
    )
    for contact in plan.contacten.all():
        if contact.gepland_op >= vandaag:
            break
        if rng.random() < 0.85:
            contactmoment_create(
                traject=traject,
                door=werkcoach,
                datum=_nl_dt(contact.gepland_op, 11),
                soort=Contactmoment.Soort.NAZORG,
                met_wie="Inwoner",
                verslag="Nazorgcontact: het gaat goed.",
                nazorgcontact=contact,
            )
    einde = plan.startdatum + timedelta(days=30 * plan.duur_maanden)
    if einde > vandaag:
        return
    uitkomst = {
        Route.WERK: Nazorgplan.Uitkomst.AAN_HET_WERK,
        Route.OPLEIDING: Nazorgplan.Uitkomst.IN_OPLEIDING,
        Route.VRIJWILLIGERSWERK: Nazorgplan.Uitkomst.VRIJWILLIGERSWERK,
        Route.ANDER_TRAJECT: Nazorgplan.Uitkomst.ANDER_TRAJECT,
    }[route]
    if rng.random() < 0.1:
        uitkomst = Nazorgplan.Uitkomst.UITGEVALLEN
    eind_trede = min(6, start_trede + rng.choice([0, 1, 2, 2, 3]))
    participatiemeting_create(
        traject=traject, door=werkcoach, datum=einde, trede=eind_trede, moment="einde"
    )
    nazorg_afronden(traject=traject, door=werkcoach, uitkomst=uitkomst, op=_nl_dt(einde, 15))


def demo_inwoners_aantal() -> int:
    return Inwoner.objects.count()

"""One referral's way through the klantreis, as far as the calendar allows: each step is taken
through the same service as in real use, on a day drawn after the step before it.

The draws from ``rng`` happen in a fixed order; the step functions keep that order, so the demo
stays the same for the same seed and day. Each step returns what the next one needs, or ``None``
where this resident's story ends (today came first, or the traject ended).
"""

import random
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal

from cases.models import Aanmelding
from cases.services import aanmelding_afwijzen
from demo.inwoners import nl_dt
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
    Traject,
)
from trajecten.services import (
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
from werkcoach.models import Gebruiker, Organisatie

OPLEIDINGEN = [
    "Helpende Zorg en Welzijn (niveau 2)",
    "Logistiek medewerker (niveau 2)",
    "Monteur elektrotechnische installaties (niveau 2)",
    "Entree-opleiding",
]
# A few referrals are turned down: (chance below which, status, reason)
AFWIJZINGEN = [
    (0.06, Aanmelding.Status.ONBEREIKBAAR, "Drie keer gebeld en een brief gestuurd, geen reactie."),
    (
        0.10,
        Aanmelding.Status.AFGEWEZEN,
        "Inwoner heeft al een klantmanager Participatiewet; past bij die route.",
    ),
]
UITKOMST: dict[str, str] = {
    Route.WERK: Nazorgplan.Uitkomst.AAN_HET_WERK,
    Route.OPLEIDING: Nazorgplan.Uitkomst.IN_OPLEIDING,
    Route.VRIJWILLIGERSWERK: Nazorgplan.Uitkomst.VRIJWILLIGERSWERK,
    Route.ANDER_TRAJECT: Nazorgplan.Uitkomst.ANDER_TRAJECT,
}


@dataclass
class Omgeving:
    """What walking a referral needs besides the referral: the dice, the people, today."""

    rng: random.Random
    werkcoach: Gebruiker
    partners: dict[str, Organisatie]
    gebruikers: dict[str, Gebruiker]
    instrumenten: list[Instrument]
    vandaag: date

    @property
    def nu(self) -> datetime:
        return nl_dt(self.vandaag, 8)


@dataclass
class Ontvanger:
    """Who takes the resident over on the agreed route, and the route's own details."""

    organisatie: Organisatie
    persoon: Gebruiker | None
    extra: dict


def verloop(aanmelding: Aanmelding, omgeving: Omgeving) -> None:
    """Walk one referral through the klantreis as far as the calendar allows."""
    o = omgeving
    if not (beoordeeld := _beoordelen(aanmelding, o)):
        return
    if not (gesprek := _kennismaken(*beoordeeld, o)):
        return
    if not (orientatie := _orienteren(*gesprek, o)):
        return
    traject, orientatie_dag, start_trede = orientatie
    if not (vervolg := _vervolg_afspreken(traject, orientatie_dag, o)):
        return
    route, ontvanger, vervolg_dag = vervolg
    if not (overdracht_dag := _overdragen(traject, ontvanger, vervolg_dag, o)):
        return
    if not (plan := _nazorg_geven(traject, overdracht_dag, o)):
        return
    _afronden(traject, plan, route, start_trede, o)


def _beoordelen(aanmelding: Aanmelding, o: Omgeving) -> tuple[Traject, date] | None:
    """The werkcoach turns a few referrals down and starts a traject for the others."""
    dag = aanmelding.aangemeld_op.date() + timedelta(days=o.rng.randint(1, 5))
    kans = o.rng.random()
    for grens, status, reden in AFWIJZINGEN:
        if kans < grens:
            aanmelding_afwijzen(
                aanmelding=aanmelding,
                door=o.werkcoach,
                status=status,
                reden=reden,
                op=nl_dt(dag, 11),
            )
            return None
    traject = aanmelding_accepteren(aanmelding=aanmelding, door=o.werkcoach, op=nl_dt(dag, 11))
    return traject, dag


def _kennismaken(traject: Traject, dag: date, o: Omgeving) -> tuple[Traject, date] | None:
    """The first conversation; some residents stop after it. Returns the traject and the day the
    orientation starts."""
    gesprek = dag + timedelta(days=o.rng.randint(3, 12))
    traject = gesprek_plannen(
        traject=traject,
        door=o.werkcoach,
        gepland_op=nl_dt(gesprek, 14),
        locatie=o.rng.choice(["thuis", "carrefour", "werkcorporatie", "telefonisch"]),
    )
    if nl_dt(gesprek, 15) > o.nu:
        return None
    traject = gesprek_vastleggen(
        traject=traject,
        door=o.werkcoach,
        gehouden_op=nl_dt(gesprek, 15),
        verslag="Kennismaking: wensen, mogelijkheden en zorgen besproken.",
    )
    if o.rng.random() < 0.14:
        traject_beeindigen(
            traject=traject,
            door=o.werkcoach,
            reden=EindeReden.GEEN_INTERESSE,
            toelichting="Wil nu nog niet verder.",
            op=nl_dt(gesprek + timedelta(days=5), 12),
            bevestigd=True,
        )
        return None
    orientatie = gesprek + timedelta(days=o.rng.randint(2, 10))
    if nl_dt(orientatie, 10) > o.nu:
        return None
    return traject, orientatie


def _orienteren(traject: Traject, dag: date, o: Omgeving) -> tuple[Traject, date, int]:
    """The orientation: a first participation measurement, instruments, contact moments.
    Returns the traject, the orientation's first day and the starting step on the ladder."""
    traject = traject_advance(
        traject=traject, naar=Fase.ORIENTATIE, door=o.werkcoach, op=nl_dt(dag, 10)
    )
    start_trede = o.rng.choice([1, 2, 2, 3, 3, 4])
    participatiemeting_create(
        traject=traject, door=o.werkcoach, datum=dag, trede=start_trede, moment="start"
    )
    _inzetten(traject, dag, o)
    _contactmomenten(traject, dag, o)
    return traject, dag, start_trede


def _inzetten(traject: Traject, orientatie: date, o: Omgeving) -> None:
    """One to three instruments, ten days apart; those three weeks old are finished."""
    for n in range(o.rng.randint(1, 3)):
        instrument = o.rng.choice(o.instrumenten)
        inzet_start = orientatie + timedelta(days=7 + n * 10)
        if inzet_start > o.vandaag:
            break
        klaar = inzet_start + timedelta(days=21) <= o.vandaag
        kosten = instrument.kosten_indicatie or Decimal("0")
        inzet_create(
            traject=traject,
            door=o.werkcoach,
            instrument=instrument,
            status=Inzet.Status.AFGEROND if klaar else Inzet.Status.LOPEND,
            startdatum=inzet_start,
            einddatum=inzet_start + timedelta(days=21) if klaar else None,
            kosten_gepland=kosten,
            kosten_werkelijk=kosten if klaar else None,
        )


def _contactmomenten(traject: Traject, orientatie: date, o: Omgeving) -> None:
    """A contact moment every other week of the orientation, up to today."""
    for week in range(1, 6, 2):
        moment = orientatie + timedelta(days=7 * week)
        if moment >= o.vandaag:
            break
        contactmoment_create(
            traject=traject,
            door=o.werkcoach,
            datum=nl_dt(moment, 13),
            soort=o.rng.choice(
                [
                    Contactmoment.Soort.MEELOPEN,
                    Contactmoment.Soort.TELEFOON,
                    Contactmoment.Soort.GESPREK,
                ]
            ),
            met_wie="Inwoner",
            verslag="Voortgang oriëntatie besproken.",
        )


def _vervolg_afspreken(
    traject: Traject, orientatie: date, o: Omgeving
) -> tuple[str, Ontvanger, date] | None:
    """One to three months later: a route agreed, or (for some) the traject ended."""
    vervolg_dag = orientatie + timedelta(days=o.rng.randint(30, 90))
    if o.rng.random() < 0.18:
        if vervolg_dag <= o.vandaag:
            traject_beeindigen(
                traject=traject,
                door=o.werkcoach,
                reden=o.rng.choice([EindeReden.GEEN_VERVOLG, EindeReden.ANDERE_HULP]),
                op=nl_dt(vervolg_dag, 12),
                bevestigd=True,
            )
        return None
    if vervolg_dag > o.vandaag:
        return None
    route = o.rng.choices(Route.values, weights=[35, 30, 20, 15])[0]
    sector = o.rng.choice([Sector.ZORG, Sector.LOGISTIEK, Sector.TECHNIEK, Sector.OVERIG, ""])
    ontvanger = _ontvanger(traject, route, vervolg_dag, o)
    vervolgtraject_vastleggen(
        traject=traject,
        door=o.werkcoach,
        route=route,
        afgesproken_op=vervolg_dag,
        sector=sector,
        op=nl_dt(vervolg_dag, 11),
        **ontvanger.extra,
    )
    return route, ontvanger, vervolg_dag


def _ontvanger(traject: Traject, route: str, vervolg_dag: date, o: Omgeving) -> Ontvanger:
    in_urk = traject.pilot.gemeente.naam == "Urk"
    if route == Route.WERK and in_urk:
        # Urk's own work organisation receives its residents; it has no partner account here.
        organisatie = o.partners["Gemeente Urk, Werk en Inkomen"]
        return Ontvanger(organisatie, None, {"nugger_ingeschreven_op": vervolg_dag})
    if route == Route.WERK:
        accountmanager = o.gebruikers["accountmanager"]
        extra = {"nugger_ingeschreven_op": vervolg_dag, "accountmanager": accountmanager}
        return Ontvanger(o.partners["WerkCorporatie"], accountmanager, extra)
    if route == Route.OPLEIDING:
        roc = o.partners["ROC Friese Poort"]
        bbl = o.rng.random() < 0.4
        extra = {
            "onderwijsinstelling": roc,
            "opleiding": o.rng.choice(OPLEIDINGEN),
            "bbl": bbl,
            "werkgever": "Zorggroep Noordoostpolder" if bbl else "",
        }
        return Ontvanger(roc, o.gebruikers["roc"], extra)
    if route == Route.VRIJWILLIGERSWERK:
        naam = "Welzijn Urk" if in_urk else "Vrijwilligerscentrale Noordoostpolder"
    else:
        naam = "Concern voor Werk"
    return Ontvanger(o.partners[naam], None, {"organisatie_naam": naam})


def _overdragen(
    traject: Traject, ontvanger: Ontvanger, vervolg_dag: date, o: Omgeving
) -> date | None:
    """The warm handover, confirmed by most receivers within days. Returns its day."""
    overdracht_dag = vervolg_dag + timedelta(days=o.rng.randint(5, 25))
    if overdracht_dag > o.vandaag:
        return None
    overdracht = overdracht_create(
        traject=traject,
        door=o.werkcoach,
        naar_organisatie=ontvanger.organisatie,
        naar_persoon=ontvanger.persoon,
        naar_naam="" if ontvanger.persoon else "Coördinator",
        overgedragen_op=nl_dt(overdracht_dag, 10),
        toelichting="Warme overdracht in een gezamenlijk gesprek.",
    )
    bevestiging = overdracht_dag + timedelta(days=o.rng.randint(1, 9))
    if bevestiging <= o.vandaag and o.rng.random() < 0.9:
        overdracht_bevestigen(
            overdracht=overdracht,
            door=ontvanger.persoon or o.werkcoach,
            op=nl_dt(bevestiging, 16),
        )
    return overdracht_dag


def _nazorg_geven(traject: Traject, overdracht_dag: date, o: Omgeving) -> Nazorgplan | None:
    """A nazorg plan, and most of its contacts held as far as today."""
    nazorg_dag = overdracht_dag + timedelta(days=o.rng.randint(3, 14))
    if nazorg_dag > o.vandaag:
        return None
    plan = nazorgplan_create(
        traject=traject,
        door=o.werkcoach,
        startdatum=nazorg_dag,
        frequentie=o.rng.choice(["maandelijks", "zeswekelijks", "tweewekelijks"]),
        afspraken="Contact houden over hoe het gaat; bellen of langskomen.",
        op=nl_dt(nazorg_dag, 10),
    )
    for contact in plan.contacten.all():
        if contact.gepland_op >= o.vandaag:
            break
        if o.rng.random() < 0.85:
            contactmoment_create(
                traject=traject,
                door=o.werkcoach,
                datum=nl_dt(contact.gepland_op, 11),
                soort=Contactmoment.Soort.NAZORG,
                met_wie="Inwoner",
                verslag="Nazorgcontact: het gaat goed.",
                nazorgcontact=contact,
            )
    return plan


def _afronden(
    traject: Traject, plan: Nazorgplan, route: str, start_trede: int, o: Omgeving
) -> None:
    """Once the plan's months are over: the last measurement and the outcome."""
    einde = plan.startdatum + timedelta(days=30 * plan.duur_maanden)
    if einde > o.vandaag:
        return
    uitkomst = UITKOMST[route]
    if o.rng.random() < 0.1:
        uitkomst = Nazorgplan.Uitkomst.UITGEVALLEN
    eind_trede = min(6, start_trede + o.rng.choice([0, 1, 2, 2, 3]))
    participatiemeting_create(
        traject=traject, door=o.werkcoach, datum=einde, trede=eind_trede, moment="einde"
    )
    nazorg_afronden(
        traject=traject,
        door=o.werkcoach,
        uitkomst=uitkomst,
        op=nl_dt(einde, 15),
        # Where a contact was missed or the months are not quite over, as in real life.
        reden_eerder="Afgesproken met de inwoner: het gaat goed, verdere nazorg is niet nodig.",
        bevestigd=True,
    )

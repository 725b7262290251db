"""Reads of handling a referral: the werkcoach's inbox against the response times, and the
referrer's feedback on what became of the referral (never the werkcoach's notes)."""

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.db import models
from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone

from cases.models import Aanmelding
from cases.selectors import aanmeldingen_voor_gebruiker, actieve_pilots
from trajecten.klantreis import Terugkoppeling, stap, terugkoppeling_einde
from trajecten.models import Fase, Overdracht
from werkcoach.models import Pilot
from werkcoach.werkdagen import feestdagen_per_gemeente, plus_werkdagen, werkdagen_tussen


def _contact_gelegd(eerste_contact_op: datetime) -> Terugkoppeling:
    return Terugkoppeling(
        "contact",
        "Contact gelegd",
        f"De werkcoach heeft op {_datum(eerste_contact_op)} contact gehad met de inwoner.",
    )


def terugkoppeling(aanmelding: Aanmelding) -> Terugkoppeling:
    """Derive the status from the referral and its traject. Expects the traject and its
    vervolgtraject to be loaded with ``select_related`` when used in a list."""

    status = aanmelding.status
    if status == Aanmelding.Status.AFGEWEZEN:
        return Terugkoppeling("afgewezen", "Niet aangenomen", aanmelding.status_reden, True)
    if status == Aanmelding.Status.ONBEREIKBAAR:
        return Terugkoppeling(
            "onbereikbaar", "Inwoner niet bereikbaar", aanmelding.status_reden, True
        )
    if status == Aanmelding.Status.INGETROKKEN:
        return Terugkoppeling("ingetrokken", "Toestemming ingetrokken", "", True)
    traject = getattr(aanmelding, "traject", None) if status != Aanmelding.Status.NIEUW else None
    if traject is None:
        if aanmelding.eerste_contact_op:
            return _contact_gelegd(aanmelding.eerste_contact_op)
        return Terugkoppeling(
            "ontvangen", "Ontvangen", "De werkcoach neemt binnenkort contact op met de inwoner."
        )
    if traject.fase == Fase.AFGESLOTEN:
        return terugkoppeling_einde(traject)
    if (volgens_stap := stap(traject.fase).terugkoppeling(traject)) is not None:
        return volgens_stap
    if aanmelding.eerste_contact_op:
        return _contact_gelegd(aanmelding.eerste_contact_op)
    return Terugkoppeling(
        "aangenomen",
        "Aangenomen",
        "De werkcoach heeft de aanmelding aangenomen en neemt contact op met de inwoner.",
    )


def _datum(moment: datetime) -> str:
    return f"{timezone.localtime(moment):%d-%m-%Y}"


def aanmeldingen_met_traject(user) -> QuerySet[Aanmelding]:
    """The user's referrals with everything the feedback needs: one query, and one for the
    handovers of the trajecten among them."""
    return (
        aanmeldingen_voor_gebruiker(user)
        .select_related("traject", "traject__vervolgtraject", "traject__nazorgplan")
        .prefetch_related(
            Prefetch(
                "traject__overdrachten",
                queryset=Overdracht.objects.select_related("naar_organisatie"),
            )
        )
    )


@dataclass(frozen=True)
class Verloopregel:
    """One step of what became of a referral, with the day it happened."""

    op: datetime
    status: Terugkoppeling


def verloop(aanmelding: Aanmelding) -> list[Verloopregel]:
    """Every step the referral went through, oldest first, in the words the referrer reads:
    received, accepted, the gesprek, then each step of the klantreis as its row in the table
    tells it (``Stap.terugkoppeling``), and the end with its outcome. Never the notes. Two
    queries for a referral with a traject (its step moves; its handovers unless prefetched)."""
    regels = [
        Verloopregel(
            aanmelding.aangemeld_op,
            Terugkoppeling("ontvangen", "Ontvangen", "De aanmelding is binnengekomen."),
        )
    ]
    traject = getattr(aanmelding, "traject", None)
    if traject is None or aanmelding.status == Aanmelding.Status.NIEUW:
        if aanmelding.status != Aanmelding.Status.NIEUW or aanmelding.eerste_contact_op:
            moment = aanmelding.behandeld_op or aanmelding.eerste_contact_op
            regels.append(
                Verloopregel(moment or aanmelding.aangemeld_op, terugkoppeling(aanmelding))
            )
        return regels
    regels.append(
        Verloopregel(
            traject.gestart_op,
            Terugkoppeling(
                "aangenomen", "Aangenomen", "De werkcoach heeft de aanmelding aangenomen."
            ),
        )
    )
    gehouden = traject.gesprek_gehouden_op
    if aanmelding.eerste_contact_op and not (gehouden and aanmelding.eerste_contact_op >= gehouden):
        # A first contact before the gesprek (the gesprek itself counts as one: no second line).
        regels.append(
            Verloopregel(
                aanmelding.eerste_contact_op, _contact_gelegd(aanmelding.eerste_contact_op)
            )
        )
    if gesprek := stap(Fase.GESPREK).terugkoppeling(traject):
        moment = traject.gesprek_gehouden_op or traject.gesprek_gepland_op or traject.gestart_op
        regels.append(Verloopregel(moment, gesprek))
    for overgang in traject.overgangen.all():
        if overgang.naar_fase == Fase.AFGESLOTEN:
            regels.append(Verloopregel(overgang.op, terugkoppeling_einde(traject)))
        elif overgang.van_fase and (status := stap(overgang.naar_fase).terugkoppeling(traject)):
            regels.append(Verloopregel(overgang.op, status))
    return sorted(regels, key=lambda r: r.op)  # stable: a step's entries keep their order


class Markering(models.TextChoices):
    OP_TIJD = "op_tijd", "Op tijd"
    BIJNA = "bijna", "Bijna verstreken"
    TE_LAAT = "te_laat", "Te laat"


# Warn this many working days (or fewer) before a response time runs out.
WAARSCHUWEN_WERKDAGEN = 1


@dataclass(frozen=True)
class Reactietermijn:
    stap: str  # "eerste_contact" or "gesprek"
    uiterlijk: date
    werkdagen_over: int  # negative when overdue
    markering: str

    @property
    def stap_label(self) -> str:
        return "Eerste contact" if self.stap == "eerste_contact" else "Gesprek gehouden"

    @property
    def omschrijving(self) -> str:
        n = self.werkdagen_over
        if n < 0:
            return f"{-n} werkdag{'en' if n < -1 else ''} te laat"
        if n == 0:
            return "uiterlijk vandaag"
        return f"nog {n} werkdag{'en' if n > 1 else ''}"


def reactietermijn(
    *,
    aangemeld_op: datetime,
    eerste_contact_op: datetime | None,
    gesprek_gehouden_op: datetime | None,
    pilot: Pilot | None,
    feestdagen: frozenset[date],
    vandaag: date,
    gesprek_gepland_op: datetime | None = None,
) -> Reactietermijn | None:
    """The response time that currently runs for a referral, or None when all are met.

    First contact is due ``pilot.reactietijd_eerste_contact`` working days after the referral
    day; the gesprek is due ``pilot.reactietijd_gesprek`` working days after it. Weekends and
    configured feestdagen do not count. A planned gesprek shows the resident was reached, so
    it ends the first-contact step even where the contact itself was not recorded."""
    if pilot is None or gesprek_gehouden_op is not None:
        return None
    start = timezone.localdate(aangemeld_op)
    if eerste_contact_op is None and gesprek_gepland_op is None:
        stap, termijn = "eerste_contact", pilot.reactietijd_eerste_contact
    else:
        stap, termijn = "gesprek", pilot.reactietijd_gesprek
    uiterlijk = plus_werkdagen(start, termijn, feestdagen)
    over = werkdagen_tussen(vandaag, uiterlijk, feestdagen)
    if vandaag > uiterlijk:
        markering = Markering.TE_LAAT
    elif over <= WAARSCHUWEN_WERKDAGEN:
        markering = Markering.BIJNA
    else:
        markering = Markering.OP_TIJD
    return Reactietermijn(stap, uiterlijk, over, markering)


@dataclass
class InboxRegel:
    aanmelding: Aanmelding
    termijn: Reactietermijn | None


def lopende_reactietermijnen(
    aanmeldingen: QuerySet[Aanmelding], *, vandaag: date
) -> list[tuple[Aanmelding, Any, Reactietermijn | None]]:
    """The referrals of ``aanmeldingen`` whose response time runs (new, or accepted with the
    gesprek not held yet), oldest first, each with its traject (None while new) and response
    time. Three queries whatever the number of rows: the referrals, pilots, feestdagen."""

    rijen = list(
        aanmeldingen.filter(
            Q(status=Aanmelding.Status.NIEUW)
            | Q(
                status=Aanmelding.Status.GEACCEPTEERD,
                traject__fase=Fase.GESPREK,
                traject__gesprek_gehouden_op__isnull=True,
            )
        ).order_by("aangemeld_op", "pk")
    )
    gemeenten = {a.gemeente_id for a in rijen}
    pilots = actieve_pilots(gemeenten, vandaag)
    feestdagen = feestdagen_per_gemeente(gemeenten)
    uit = []
    for a in rijen:
        traject = getattr(a, "traject", None) if a.status != Aanmelding.Status.NIEUW else None
        termijn = reactietermijn(
            aangemeld_op=a.aangemeld_op,
            eerste_contact_op=a.eerste_contact_op,
            gesprek_gehouden_op=traject.gesprek_gehouden_op if traject else None,
            gesprek_gepland_op=traject.gesprek_gepland_op if traject else None,
            pilot=pilots.get(a.gemeente_id),
            feestdagen=feestdagen.get(a.gemeente_id, frozenset()),
            vandaag=vandaag,
        )
        uit.append((a, traject, termijn))
    return uit


def inbox(user, *, vandaag: date | None = None) -> dict[str, list[InboxRegel]]:
    """The werkcoach's inbox: new referrals, and accepted ones whose gesprek has not been held
    yet, each with the response time that runs. Four queries whatever the number of rows."""
    vandaag = vandaag or timezone.localdate()
    nieuw: list[InboxRegel] = []
    aangenomen: list[InboxRegel] = []
    rijen = aanmeldingen_voor_gebruiker(user).select_related("traject", "behandeld_door")
    for a, traject, termijn in lopende_reactietermijnen(rijen, vandaag=vandaag):
        (aangenomen if traject else nieuw).append(InboxRegel(a, termijn))
    return {"nieuw": nieuw, "aangenomen": aangenomen}

"""Reads of handling a referral: the werkcoach's inbox against the response times, and the
referrer's feedback on what became of the referral (never the werkcoach's notes)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, cast

from django.core.paginator import Page
from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone

from cases.models import Aanmelding
from cases.selectors import aanmeldingen_voor_gebruiker, actieve_pilots, zoek_inwoner_q
from trajecten.klantreis import (
    Markering,  # noqa: F401 - read from here by the reminders
    Stand,
    Terugkoppeling,
    VolgendeActie,
    stap,
    terugkoppeling_einde,
    volgende_actie,
)
from trajecten.models import Fase, Overdracht
from werkcoach.models import Pilot
from werkcoach.paginering import Paginator
from werkcoach.werkdagen import feestdagen_per_gemeente


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


def mijn_aanmeldingen(user, *, zoek: str = "", alleen_eigen: bool = False) -> QuerySet[Aanmelding]:
    """The referrals of the user's gebiedsteams (or only their own), newest first, narrowed
    to residents matching ``zoek``."""
    qs = aanmeldingen_met_traject(user).filter(zoek_inwoner_q(zoek, user, "inwoner__"))
    if alleen_eigen:
        qs = qs.filter(aangemeld_door=user)
    return qs.order_by("-aangemeld_op", "-pk")


# The response times that run while a referral waits for its gesprek: the next actions of
# the klantreis table before the gesprek was held.
REACTIE_SOORTEN = ("eerste_contact", "gesprek")


@dataclass(frozen=True)
class Reactietermijn:
    """A running response time, read from the resident's next action (``VolgendeActie``)."""

    stap: str  # "eerste_contact" or "gesprek"
    uiterlijk: date
    werkdagen_over: int  # negative when overdue
    markering: str
    omschrijving: str

    @property
    def stap_label(self) -> str:
        return "Eerste contact" if self.stap == "eerste_contact" else "Gesprek gehouden"

    @classmethod
    def uit_actie(cls, actie: VolgendeActie) -> Reactietermijn | None:
        if actie.soort not in REACTIE_SOORTEN or actie.uiterlijk is None:
            return None
        return cls(
            actie.soort,
            actie.uiterlijk,
            cast(int, actie.werkdagen_over),
            cast(str, actie.markering),
            actie.omschrijving,
        )


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
    """The response time that currently runs for a referral, or None when all are met: the
    deadline of its next action (``klantreis.volgende_actie``) while the gesprek is not held.

    First contact is due ``pilot.reactietijd_eerste_contact`` working days after the referral
    day; the gesprek is due ``pilot.reactietijd_gesprek`` working days after it. Weekends and
    configured feestdagen do not count."""
    if pilot is None:
        return None
    stand = Stand(
        aangemeld_op=aangemeld_op,
        eerste_contact_op=eerste_contact_op,
        fase=Fase.GESPREK,
        gesprek_gepland_op=gesprek_gepland_op,
        gesprek_gehouden_op=gesprek_gehouden_op,
    )
    return Reactietermijn.uit_actie(volgende_actie(stand, pilot, feestdagen, vandaag))


@dataclass
class InboxRegel:
    aanmelding: Aanmelding
    actie: VolgendeActie

    @property
    def termijn(self) -> Reactietermijn | None:
        return Reactietermijn.uit_actie(self.actie)


# The referrals whose response time runs: new, or accepted with the gesprek not held yet.
WACHTEND_NIEUW = Q(status=Aanmelding.Status.NIEUW)
WACHTEND_AANGENOMEN = Q(
    status=Aanmelding.Status.GEACCEPTEERD,
    traject__fase=Fase.GESPREK,
    traject__gesprek_gehouden_op__isnull=True,
)


def acties(
    rijen: list[Aanmelding], *, vandaag: date, gemeenten: Iterable[int] = ()
) -> list[tuple[Aanmelding, Any, VolgendeActie]]:
    """Each referral of ``rijen`` with its traject (None while new) and next action, as the
    caseload and dossier show it: an accepted referral is judged with its traject's pilot, a
    new one with its gemeente's running pilot. Two queries (pilots, feestdagen) for the
    gemeenten of the rows and ``gemeenten`` (a page passes the user's, so that it costs the
    same with rows and without)."""
    gemeenten = {a.gemeente_id for a in rijen} | set(gemeenten)
    pilots = actieve_pilots(gemeenten, vandaag) if gemeenten else {}
    feestdagen = feestdagen_per_gemeente(gemeenten) if gemeenten else {}
    uit = []
    for a in rijen:
        traject = getattr(a, "traject", None) if a.status != Aanmelding.Status.NIEUW else None
        pilot = traject.pilot if traject is not None else pilots.get(a.gemeente_id)
        vrij = feestdagen.get(a.gemeente_id, frozenset())
        if pilot is None:
            actie = VolgendeActie("")
        else:
            actie = volgende_actie(Stand.van_aanmelding(a, traject), pilot, vrij, vandaag)
        uit.append((a, traject, actie))
    return uit


def lopende_reactietermijnen(
    aanmeldingen: QuerySet[Aanmelding], *, vandaag: date
) -> list[tuple[Aanmelding, Any, Reactietermijn | None]]:
    """The referrals of ``aanmeldingen`` whose response time runs, oldest first, each with its
    traject (None while new) and response time (for the reminders). Three queries whatever
    the number of rows: the referrals, pilots, feestdagen."""
    rijen = list(
        aanmeldingen.filter(WACHTEND_NIEUW | WACHTEND_AANGENOMEN)
        .select_related("traject__pilot")
        .order_by("aangemeld_op", "pk")
    )
    return [(a, t, Reactietermijn.uit_actie(x)) for a, t, x in acties(rijen, vandaag=vandaag)]


PER_PAGINA = 25


def inbox(
    user,
    *,
    vandaag: date | None = None,
    zoek: str = "",
    pagina_nieuw=None,
    pagina_aangenomen=None,
) -> dict[str, Page]:
    """The werkcoach's inbox, a page of each part: new referrals, and accepted ones whose
    gesprek has not been held yet, oldest first, each with its next action and the response
    time that runs; ``zoek`` narrows both to matching residents. Six queries whatever the
    number of rows, none included: a count and a page of each part, the pilots and the
    feestdagen of the user's gemeenten."""
    vandaag = vandaag or timezone.localdate()
    rijen = aanmeldingen_voor_gebruiker(user).filter(zoek_inwoner_q(zoek, user, "inwoner__"))
    delen = {
        "nieuw": (rijen.filter(WACHTEND_NIEUW), pagina_nieuw),
        "aangenomen": (
            rijen.filter(WACHTEND_AANGENOMEN).select_related("traject__pilot", "behandeld_door"),
            pagina_aangenomen,
        ),
    }
    paginas = {
        naam: Paginator(qs.order_by("aangemeld_op", "pk"), PER_PAGINA).get_page(nummer)
        for naam, (qs, nummer) in delen.items()
    }
    alle = [a for p in paginas.values() for a in p.object_list]
    per_pk = {
        a.pk: InboxRegel(a, actie)
        for a, _, actie in acties(alle, vandaag=vandaag, gemeenten=user.gemeente_ids)
    }
    for pagina in paginas.values():
        pagina.object_list = [per_pk[a.pk] for a in pagina.object_list]
    return paginas

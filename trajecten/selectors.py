"""Reads of the klantreis: the caseload, one dossier, the instrumentenwaaier, handovers.

Every function starts from ``voor_gebruiker(user)`` and fetches what a page shows in a fixed
number of queries, whatever the number of residents."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from django.db.models import F, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.utils import timezone

from trajecten.klantreis import VolgendeActie, signalen, stap
from trajecten.models import (
    Contactmoment,
    Fase,
    Faseovergang,
    Instrument,
    Inzet,
    Nazorgcontact,
    Overdracht,
    Traject,
)
from werkcoach.models import Gebruiker, Rol
from werkcoach.werkdagen import feestdagen_per_gemeente, werkdagen_tussen

# A cost above this many times the instrument's indication (or, without one, above the fixed
# amount) is asked to be confirmed: the typical slip is a lost comma (see BedragBevestigenMixin).
INZET_VEELVOUD = 20
INZET_ZONDER_INDICATIE = Decimal("10000.00")
INSTRUMENT_INDICATIE_GRENS = Decimal("25000.00")


def inzet_bevestigingsgrens(instrument: Instrument | None) -> tuple[Decimal, str]:
    if instrument is not None and instrument.kosten_indicatie:
        return (
            instrument.kosten_indicatie * INZET_VEELVOUD,
            "meer dan twintig keer de kostenindicatie van dit instrument",
        )
    return INZET_ZONDER_INDICATIE, "meer dan gebruikelijk voor één instrument"


def instrument_bevestigingsgrens() -> tuple[Decimal, str]:
    return INSTRUMENT_INDICATIE_GRENS, "meer dan gebruikelijk voor één instrument"


# The one-year maximum is signalled this many days ahead.
TERMIJN_SIGNAAL_DAGEN = 30


def met_signalen(qs: QuerySet[Traject]) -> QuerySet[Traject]:
    """Annotate what the next action needs, as subqueries: no query per row."""
    return qs.select_related("inwoner", "aanmelding__gebiedsteam", "pilot", "werkcoach").annotate(
        volgend_nazorgcontact=Subquery(
            Nazorgcontact.objects.filter(plan__traject=OuterRef("pk"), contactmoment__isnull=True)
            .order_by("gepland_op")
            .values("gepland_op")[:1]
        ),
        onbevestigd_sinds=Subquery(
            Overdracht.objects.filter(traject=OuterRef("pk"), bevestigd_op__isnull=True)
            .order_by("overgedragen_op")
            .values("overgedragen_op")[:1]
        ),
        laatste_contact=Subquery(
            Contactmoment.objects.filter(traject=OuterRef("pk"))
            .order_by("-datum")
            .values("datum")[:1]
        ),
    )


def _open_actie(t: Traject, vandaag: date, vrij: frozenset[date]) -> VolgendeActie:
    return stap(t.fase).volgende_actie(t, vrij)


def volgende_actie(t: Traject, vandaag: date, vrij: frozenset[date] = frozenset()) -> VolgendeActie:
    """The next thing to do for a traject annotated by ``met_signalen``, with overdue marks."""
    if not t.is_open:
        return VolgendeActie(f"Afgesloten op {timezone.localdate(t.beeindigd_op):%d-%m-%Y}")
    actie = _open_actie(t, vandaag, vrij)
    actie.te_laat = actie.uiterlijk is not None and actie.uiterlijk < vandaag
    if actie.te_laat:
        actie.signalen.append("Te laat")
    if t.fase == Fase.OVERDRACHT and (sinds := signalen(t).onbevestigd_sinds):
        termijn = t.pilot.reactietijd_overdracht_bevestiging
        if werkdagen_tussen(timezone.localdate(sinds), vandaag, vrij) > termijn:
            actie.signalen.append("Overdracht niet bevestigd")
    einde = t.maximale_einddatum
    if einde < vandaag:
        actie.signalen.append("Maximale termijn verstreken")
    elif einde <= vandaag + timedelta(days=TERMIJN_SIGNAAL_DAGEN):
        actie.signalen.append(f"Maximale termijn op {einde:%d-%m-%Y}")
    return actie


def caseload(user: Gebruiker) -> QuerySet[Traject]:
    return met_signalen(Traject.objects.voor_gebruiker(user))


def verrijk(trajecten, user: Gebruiker, vandaag: date | None = None) -> list[Traject]:
    """Attach ``dagen_in_fase`` and ``actie`` to each traject of a page (one feestdagen query)."""
    vandaag = vandaag or timezone.localdate()
    rijen = list(trajecten)
    # Each traject is judged with its own gemeente's feestdagen, not the user's.
    feestdagen = feestdagen_per_gemeente({t.pilot.gemeente_id for t in rijen})
    for t in rijen:
        t.dagen_in_fase = (vandaag - timezone.localdate(t.fase_sinds)).days
        t.actie = volgende_actie(t, vandaag, feestdagen[t.pilot.gemeente_id])
    return rijen


def dossier_traject(user: Gebruiker, pk: int) -> Traject:
    """One traject with everything its dossier shows, prefetched (raises DoesNotExist)."""
    contactmomenten = Contactmoment.objects.voor_gebruiker(user).select_related(
        "vastgelegd_door", "nazorgcontact"
    )
    qs = (
        met_signalen(Traject.objects.voor_gebruiker(user))
        .select_related(
            "aanmelding__aangemeld_door",
            "aanmelding__toestemming_ingetrokken_door",
            "vervolgtraject__accountmanager",
            "vervolgtraject__onderwijsinstelling",
            "nazorgplan",
        )
        .prefetch_related(
            Prefetch("contactmomenten", queryset=contactmomenten),
            Prefetch("overgangen", queryset=Faseovergang.objects.select_related("door")),
            Prefetch(
                "inzetten",
                queryset=Inzet.objects.select_related("instrument__aanbieder"),
            ),
            Prefetch(
                "overdrachten",
                queryset=Overdracht.objects.select_related(
                    "naar_organisatie", "naar_persoon", "bevestigd_door"
                ),
            ),
            Prefetch("metingen"),
        )
    )
    return qs.get(pk=pk)


def nazorgcontacten(traject: Traject) -> list[Nazorgcontact]:
    plan = getattr(traject, "nazorgplan", None)
    if plan is None:
        return []
    return list(plan.contacten.select_related("contactmoment"))


def tijdlijn(traject: Traject) -> list[dict]:
    """Contactmomenten and step moves of a prefetched traject, newest first."""
    regels = [
        {"op": c.datum, "soort": "contact", "object": c} for c in traject.contactmomenten.all()
    ]
    regels += [{"op": o.op, "soort": "overgang", "object": o} for o in traject.overgangen.all()]
    return sorted(regels, key=lambda r: r["op"], reverse=True)


def instrumenten_voor_gebruiker(user: Gebruiker) -> QuerySet[Instrument]:
    """The catalogue a user may browse: regional entries and those of their gemeenten; the
    functioneel beheerder also sees inactive entries."""
    qs = Instrument.objects.select_related("aanbieder", "gemeente", "gewijzigd_door").filter(
        Q(gemeente__isnull=True) | Q(gemeente_id__in=user.gemeente_ids)
    )
    if not user.heeft_rol(Rol.BEHEERDER):
        qs = qs.filter(actief=True)
    return qs


def overdrachten_voor_gebruiker(user: Gebruiker) -> QuerySet[Overdracht]:
    return Overdracht.objects.voor_gebruiker(user).select_related(
        "traject__inwoner",
        "traject__pilot",
        "traject__werkcoach",
        "naar_organisatie",
        "naar_persoon",
        "bevestigd_door",
    )


def overdrachten_lijst(user: Gebruiker) -> QuerySet[Overdracht]:
    """The handover list: open ones first (the receiver still has to confirm them), then by
    date, newest first. NULLS FIRST is said out loud, so PostgreSQL and SQLite agree, and the
    order is the index ``overdracht_open_eerst_nieuwste`` (no sort of every handover)."""
    return overdrachten_voor_gebruiker(user).order_by(
        F("bevestigd_op").asc(nulls_first=True), F("overgedragen_op").desc(), "-pk"
    )


def markeer_overdrachten(overdrachten, user: Gebruiker, vandaag: date | None = None) -> list:
    from trajecten.services import overdracht_te_laat

    vandaag = vandaag or timezone.localdate()
    rijen = list(overdrachten)
    # Each handover is judged with its own traject's gemeente's feestdagen, not the user's.
    feestdagen = feestdagen_per_gemeente({o.traject.pilot.gemeente_id for o in rijen})
    for o in rijen:
        o.te_laat = overdracht_te_laat(o, vandaag, feestdagen[o.traject.pilot.gemeente_id])
    return rijen

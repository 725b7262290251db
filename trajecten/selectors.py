"""Reads of the klantreis: the caseload, one dossier, the instrumentenwaaier, handovers.

Every function starts from ``voor_gebruiker(user)`` and fetches what a page shows in a fixed
number of queries, whatever the number of residents."""

from __future__ import annotations

from datetime import date, datetime, time
from decimal import Decimal
from typing import Any

from django.db.models import (
    BooleanField,
    Case,
    DateField,
    F,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import TruncDate
from django.db.models.lookups import LessThan
from django.utils import timezone

from trajecten import klantreis
from trajecten.klantreis import Stand, VolgendeActie
from trajecten.models import (
    Contactmoment,
    Faseovergang,
    Instrument,
    Inzet,
    Nazorgcontact,
    Overdracht,
    Traject,
)
from werkcoach.models import Gebruiker, Rol
from werkcoach.werkdagen import DagenSinds, feestdagen_per_gemeente, is_vrij, werkdagnummer

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


def volgende_actie(t: Traject, vandaag: date, vrij: frozenset[date] = frozenset()) -> VolgendeActie:
    """The next thing to do for a traject annotated by ``met_signalen``, with overdue marks
    (``klantreis.volgende_actie`` over the traject's fields)."""
    return klantreis.volgende_actie(Stand.van_traject(t), t.pilot, vrij, vandaag)


# Where each field of ``klantreis.Stand`` is found from a traject annotated by ``met_signalen``.
STAND_PADEN = {
    "aangemeld_op": "aanmelding__aangemeld_op",
    "eerste_contact_op": "aanmelding__eerste_contact_op",
    "fase": "fase",
    "fase_sinds": "fase_sinds",
    "gestart_op": "gestart_op",
    "gesprek_gepland_op": "gesprek_gepland_op",
    "gesprek_gehouden_op": "gesprek_gehouden_op",
    "beeindigd_op": "beeindigd_op",
    "onbevestigd_sinds": "onbevestigd_sinds",
    "volgend_nazorgcontact": "volgend_nazorgcontact",
}
_GEMEENTE = "pilot__gemeente_id"


def _regel_q(fase: str, regel: klantreis.Actieregel) -> Q:
    q = Q(fase=fase, beeindigd_op__isnull=True)
    for veld in regel.leeg:
        q &= Q(**{f"{STAND_PADEN[veld]}__isnull": True})
    for veld in regel.gevuld:
        q &= Q(**{f"{STAND_PADEN[veld]}__isnull": False})
    return q


def _regel_sql(regel: klantreis.Actieregel) -> tuple[Any, Any, Any]:
    """The sort key, the day tie-break and the overdue test of one rule's deadline in SQL."""
    if regel.vanaf and regel.werkdagen:
        nummer = werkdagnummer(f"_dag_{regel.vanaf}", _GEMEENTE) + F(f"pilot__{regel.werkdagen}")
        vandaag = werkdagnummer("_dag_vandaag", _GEMEENTE) + is_vrij("_dag_vandaag", _GEMEENTE)
        return nummer * Value(2), Value(0), LessThan(nummer, vandaag)
    if regel.op:
        dag = f"_dag_{regel.op}"
        sleutel = werkdagnummer(dag, _GEMEENTE) * Value(2) + is_vrij(dag, _GEMEENTE)
        return sleutel, DagenSinds(F(dag)), LessThan(F(dag), F("_dag_vandaag"))
    return Value(None), Value(None), Value(False)


def met_uiterlijk(qs: QuerySet[Traject], vandaag: date) -> QuerySet[Traject]:
    """Order open trajecten overdue first, then by deadline (none last), in the database: the
    rules of the klantreis table in SQL, with the working-day calendar of each traject's
    gemeente (``werkdagnummer``). Expects ``met_signalen``."""
    tz = timezone.get_current_timezone()
    dagen: dict[str, Any] = {"_dag_vandaag": Value(vandaag, output_field=DateField())}
    sleutels, tiebreaks, te_laat = [], [], []
    for s in klantreis.KLANTREIS:
        for regel in s.acties_volgend:
            if regel.vanaf:
                dagen[f"_dag_{regel.vanaf}"] = TruncDate(STAND_PADEN[regel.vanaf], tzinfo=tz)
            if regel.op:
                dagen[f"_dag_{regel.op}"] = F(STAND_PADEN[regel.op])
            sleutel, dag, laat = _regel_sql(regel)
            wanneer = _regel_q(s.fase, regel)
            sleutels.append(When(wanneer, then=sleutel))
            tiebreaks.append(When(wanneer, then=dag))
            te_laat.append(When(wanneer, then=Case(When(laat, then=True), default=False)))
    return (
        qs.alias(**dagen)
        .alias(
            _te_laat=Case(*te_laat, default=False, output_field=BooleanField()),
            _uiterlijk=Case(*sleutels, default=None, output_field=IntegerField()),
            _uiterlijk_dag=Case(*tiebreaks, default=None, output_field=IntegerField()),
        )
        .order_by(
            F("_te_laat").desc(),
            F("_uiterlijk").asc(nulls_last=True),
            F("_uiterlijk_dag").asc(nulls_last=True),
            "fase_sinds",
            "pk",
        )
    )


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
                queryset=Inzet.objects.select_related("instrument__aanbieder", "vastgelegd_door"),
            ),
            Prefetch(
                "overdrachten",
                queryset=Overdracht.objects.select_related(
                    "naar_organisatie", "naar_persoon", "bevestigd_door", "vastgelegd_door"
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


def _dag(d: date) -> datetime:
    """A day as a moment to sort by: its first minute, local time."""
    return timezone.make_aware(datetime.combine(d, time()))


def _regel(op: datetime, soort: str, obj, *, dag: bool = False, tekst: str = "") -> dict:
    return {"op": op, "soort": soort, "object": obj, "dag": dag, "tekst": tekst}


def _inzet_regels(traject: Traject, vandaag: date) -> list[dict]:
    """Each instrument deployed: when it was planned, started and ended (or stopped)."""
    regels = []
    for i in traject.inzetten.all():
        regels.append(_regel(i.aangemaakt_op, "inzet", i, tekst="ingepland"))
        if i.startdatum and (i.status != Inzet.Status.GEPLAND or i.startdatum <= vandaag):
            regels.append(_regel(_dag(i.startdatum), "inzet", i, dag=True, tekst="gestart"))
        if i.einddatum and i.status in (Inzet.Status.AFGEROND, Inzet.Status.GESTOPT):
            tekst = "afgerond" if i.status == Inzet.Status.AFGEROND else "gestopt"
            regels.append(_regel(_dag(i.einddatum), "inzet", i, dag=True, tekst=tekst))
    return regels


def _overdracht_regels(traject: Traject) -> list[dict]:
    regels = []
    for o in traject.overdrachten.all():
        regels.append(_regel(o.overgedragen_op, "overdracht", o))
        if o.bevestigd_op:
            regels.append(_regel(o.bevestigd_op, "bevestiging", o))
    return regels


def _nazorg_regels(contacten: list[Nazorgcontact], vandaag: date) -> list[dict]:
    """The agreed nazorg contacts not held: those due (overdue) and the next one. A held
    contact is on the timeline as its contactmoment."""
    open_contacten = [c for c in contacten if getattr(c, "contactmoment", None) is None]
    regels = [
        _regel(_dag(c.gepland_op), "nazorg", c, dag=True, tekst="niet gehouden")
        for c in open_contacten
        if c.gepland_op < vandaag
    ]
    if volgend := next((c for c in open_contacten if c.gepland_op >= vandaag), None):
        regels.append(
            _regel(_dag(volgend.gepland_op), "nazorg", volgend, dag=True, tekst="gepland")
        )
    return regels


def tijdlijn(
    traject: Traject,
    nazorgcontacten: list[Nazorgcontact] | None = None,
    vandaag: date | None = None,
) -> list[dict]:
    """Everything that happened in a prefetched traject, newest first: contactmomenten, step
    moves, instruments deployed, handovers and their confirmation, and the agreed nazorg
    contacts (``nazorgcontacten`` as ``nazorgcontacten(traject)`` gives them). No query of its
    own. A day without a time sorts below that day's moments."""
    vandaag = vandaag or timezone.localdate()
    regels = [_regel(c.datum, "contact", c) for c in traject.contactmomenten.all()]
    regels += [_regel(o.op, "overgang", o) for o in traject.overgangen.all()]
    regels += _inzet_regels(traject, vandaag)
    regels += _overdracht_regels(traject)
    regels += _nazorg_regels(nazorgcontacten or [], vandaag)
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

"""Reads of rapportage: the budget account, the pilots and reports a user may see."""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from decimal import Decimal
from typing import Any

from django.db.models import Sum
from django.db.models.functions import ExtractYear

from rapportage.kpi import Periode, inzet_kosten_gerealiseerd
from rapportage.models import Begroting, Begrotingswijziging, Post, Rapport, Uitgave
from trajecten.models import Inzet
from werkcoach.access import pilots_q
from werkcoach.models import Pilot
from werkcoach.templatetags.opmaak import euro

# Instrument costs (Inzet) are realised on this post.
INZET_POST = Post.TRAININGEN
NUL = Decimal("0.00")


def pilots_voor(user):
    return Pilot.objects.filter(pilots_q(user)).select_related("gemeente")


def rapporten_voor(user):
    return Rapport.objects.voor_gebruiker(user).select_related("pilot", "aangevraagd_door")


def _realisatie(pilot: Pilot, start: date, tot: date) -> defaultdict[str, Decimal]:
    """Realised costs per post from ``start`` up to ``tot`` (two queries; none if empty)."""
    realisatie: defaultdict[str, Decimal] = defaultdict(lambda: NUL)
    if tot < start:
        return realisatie
    # query: manual expenses per post
    for post, bedrag in (
        Uitgave.objects.filter(pilot=pilot, datum__gte=start, datum__lte=tot)
        .values("post")
        .annotate(s=Sum("bedrag"))
        .values_list("post", "s")
    ):
        realisatie[post] += bedrag
    # query: actual costs of instruments deployed
    inzet = Inzet.objects.filter(
        traject__pilot=pilot, startdatum__gte=start, startdatum__lte=tot
    ).aggregate(s=inzet_kosten_gerealiseerd())["s"]
    realisatie[INZET_POST] += inzet
    return realisatie


def begroting_overzicht(pilot: Pilot, periode: Periode, peildatum: date) -> dict:
    """Budget against realisation per post for the years of ``periode``.

    Realisation (see DEFINITIES, "gerealiseerd"): actual Inzet costs only (on the trainings post, by start date) plus manual expenses,
    from the period's start up to ``min(peildatum, periode.eind)``. Forecast: the realisation
    extrapolated in a straight line to the period's end. Three queries.
    """
    tot = min(peildatum, periode.eind)
    jaren = range(periode.start.year, periode.eind.year + 1)
    # query: budget lines of the years
    begroot: defaultdict[str, Decimal] = defaultdict(lambda: NUL)
    for post, bedrag in Begroting.objects.filter(pilot=pilot, jaar__in=jaren).values_list(
        "post", "bedrag"
    ):
        begroot[post] += bedrag
    realisatie = _realisatie(pilot, periode.start, tot)
    verstreken = max((tot - periode.start).days + 1, 0)
    totaal_dagen = (periode.eind - periode.start).days + 1
    posten = [p for p in Post.values if p in begroot or p in realisatie]
    rijen: list[dict[str, Any]] = []
    for post in posten:
        b, r = begroot[post], realisatie[post]
        prognose = (r * totaal_dagen / verstreken).quantize(Decimal("0.01")) if verstreken else NUL
        rijen.append(
            {
                "post": post,
                "label": Post(post).label,
                "begroot": b,
                "gerealiseerd": r,
                "resterend": b - r,
                "prognose": prognose,
                "procent": round(float(100 * r / b), 1) if b else None,
            }
        )
    totaal_b = sum((r["begroot"] for r in rijen), NUL)
    totaal_r = sum((r["gerealiseerd"] for r in rijen), NUL)
    totaal_p = sum((r["prognose"] for r in rijen), NUL)
    return {
        "periode": periode,
        "tot": tot,
        "rijen": rijen,
        "begroot": totaal_b,
        "gerealiseerd": totaal_r,
        "resterend": totaal_b - totaal_r,
        "prognose": totaal_p,
        "procent": round(float(100 * totaal_r / totaal_b), 1) if totaal_b else None,
        "subsidie": pilot.subsidie_bedrag,
        "tegen_subsidie": tegen_subsidie(pilot, tot),
    }


def tegen_subsidie(pilot: Pilot, tot: date) -> dict[str, Any]:
    """The budgets of all the pilot's years against its one grant, and what is left of the
    grant after everything realised from the pilot's start up to ``tot``. The yearly budgets are
    revisions of that one grant: where together they exceed it, ``signaal`` says so. Three
    queries."""
    # query: budget per year, every year of the pilot
    per_jaar = dict(
        Begroting.objects.filter(pilot=pilot)
        .values("jaar")
        .annotate(s=Sum("bedrag"))
        .order_by("jaar")
        .values_list("jaar", "s")
    )
    begroot = sum(per_jaar.values(), NUL)
    gerealiseerd = sum(
        _realisatie(pilot, pilot.startdatum.replace(month=1, day=1), tot).values(), NUL
    )
    subsidie = pilot.subsidie_bedrag
    boven = begroot - subsidie
    jaren = ", ".join(f"{j} {euro(b)}".replace("\xa0", " ") for j, b in per_jaar.items())
    return {
        "subsidie": subsidie,
        "jaren": jaren or "geen begroting",
        "begroot": begroot,
        "boven": max(boven, NUL),
        "gerealiseerd": gerealiseerd,
        "resterend": subsidie - gerealiseerd,
        "tot": tot,
        "signaal": (
            f"Let op: de begrotingen van de jaren samen ({euro(begroot)}) liggen {euro(boven)} "
            f"boven de subsidie ({euro(subsidie)}). Wat resteert, is gerekend tegen de subsidie."
            if boven > 0
            else "De begrotingen van de jaren samen blijven binnen de subsidie."
        ),
    }


def begroting_jaren(pilot: Pilot) -> list[int]:
    """Years with a budget, plus every year the pilot runs."""
    jaren = set(range(pilot.startdatum.year, pilot.einddatum.year + 1))
    jaren |= set(Begroting.objects.filter(pilot=pilot).values_list("jaar", flat=True))
    return sorted(jaren)


# A single amount above these is asked to be confirmed (see ``BedragBevestigenMixin``): the
# typical slip is a comma lost, which makes an amount a hundred times too large.
UITGAVE_DEEL_VAN_POST = Decimal("0.5")
BEGROTING_VEELVOUD = 3


def uitgave_bevestigingsgrens(pilot: Pilot, post: str, jaar: int) -> tuple[Decimal, str]:
    """Above half a post's budget for the year, one expense is unusual enough to confirm; a post
    without a budget that year is set against the whole grant."""
    begroot = (
        Begroting.objects.filter(pilot=pilot, post=post, jaar=jaar)
        .values_list("bedrag", flat=True)
        .first()
    )
    if begroot:
        return (begroot * UITGAVE_DEEL_VAN_POST).quantize(NUL), (
            f"meer dan de helft van het budget van deze post in {jaar}"
        )
    return pilot.subsidie_bedrag, "meer dan de hele subsidie van de pilot"


def begroting_bevestigingsgrens(pilot: Pilot, post: str, jaar: int) -> tuple[Decimal, str]:
    """A post's budget set above three times its current amount, or above the whole grant."""
    huidig = (
        Begroting.objects.filter(pilot=pilot, post=post, jaar=jaar)
        .values_list("bedrag", flat=True)
        .first()
    )
    if huidig and huidig * BEGROTING_VEELVOUD < pilot.subsidie_bedrag:
        return huidig * BEGROTING_VEELVOUD, "meer dan drie keer het huidige bedrag van deze post"
    return pilot.subsidie_bedrag, "meer dan de hele subsidie van de pilot"


def begroting_geschiedenis(pilot: Pilot, jaar: int, limiet: int = 50):
    return (
        Begrotingswijziging.objects.filter(begroting__pilot=pilot, begroting__jaar=jaar)
        .select_related("begroting", "door")
        .order_by("-op", "-pk")[:limiet]
    )


def uitgaven(pilot: Pilot, jaar: int, limiet: int = 100):
    return (
        Uitgave.objects.filter(pilot=pilot, datum__year=jaar)
        .select_related("vastgelegd_door")
        .order_by("-datum", "-pk")[:limiet]
    )


def uitgaven_per_jaar(pilot: Pilot) -> dict[int, Decimal]:
    return dict(
        Uitgave.objects.filter(pilot=pilot)
        .annotate(j=ExtractYear("datum"))
        .values("j")
        .annotate(s=Sum("bedrag"))
        .values_list("j", "s")
    )

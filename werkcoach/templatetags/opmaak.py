"""Dutch presentation of numbers, amounts and durations: ``{% load opmaak %}``, then ``|euro``,
``|getal`` and ``|duur``."""

from datetime import timedelta
from decimal import Decimal

from django import template

register = template.Library()


def _groepeer(tekst: str) -> str:
    heel, _, deel = tekst.partition(".")
    negatief = heel.startswith("-")
    heel = heel.lstrip("-")
    groepen: list[str] = []
    while heel:
        groepen.insert(0, heel[-3:])
        heel = heel[:-3]
    uit = ".".join(groepen) or "0"
    return ("-" if negatief else "") + uit + ("," + deel if deel else "")


@register.filter
def euro(waarde) -> str:
    """€ 1.234,56"""
    if waarde in (None, ""):
        return "–"
    bedrag = Decimal(waarde).quantize(Decimal("0.01"))
    return f"€\u00a0{_groepeer(f'{bedrag:f}')}"  # no-break space: never split an amount


@register.filter
def getal(waarde) -> str:
    """1.234 or 12,5 (floats with one decimal); '–' for no value."""
    if waarde is None:
        return "–"
    if isinstance(waarde, float):
        return _groepeer(f"{waarde:.1f}")
    return _groepeer(str(waarde))


_EENHEDEN = (
    (24 * 3600, "dag", "dagen"),
    (3600, "uur", "uur"),
    (60, "minuut", "minuten"),
    (1, "seconde", "seconden"),
)


def _opsomming(delen: list[str]) -> str:
    return delen[0] if len(delen) == 1 else ", ".join(delen[:-1]) + " en " + delen[-1]


@register.filter
def duur(waarde: timedelta | None) -> str:
    """A duration in Dutch words: '15 minuten', '1 uur', '1 uur en 30 minuten', '2 dagen'.
    Never the ISO notation (PT15M) a library hands over. Seconds are shown only for a
    duration under a minute; '–' for no value."""
    if waarde is None:
        return "–"
    seconden = max(0, round(waarde.total_seconds()))
    if seconden >= 60:
        seconden -= seconden % 60
    delen = []
    for grootte, enkel, meervoud in _EENHEDEN:
        aantal, seconden = divmod(seconden, grootte)
        if aantal:
            delen.append(f"{aantal} {enkel if aantal == 1 else meervoud}")
    return _opsomming(delen) if delen else "0 minuten"


def duur_minuten(minuten: int) -> str:
    """``duur`` for a setting kept in minutes."""
    return duur(timedelta(minutes=minuten))

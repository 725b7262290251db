"""Presentation of figures: amounts, percentages, days and suppressed small numbers."""

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
    if waarde is None:
        return "–"
    if isinstance(waarde, float):
        return _groepeer(f"{waarde:.1f}")
    return _groepeer(str(waarde))


@register.filter
def procent(waarde) -> str:
    if waarde is None:
        return "–"
    return f"{getal(float(waarde))}%"


@register.filter
def klein(waarde, drempel) -> str:
    """A count shown outside the pilot: below the threshold (and above 0) it becomes '< 5'."""
    if waarde is None:
        return "–"
    drempel = int(drempel or 0)
    if drempel and 0 < int(waarde) < drempel:
        return f"< {drempel}"
    return getal(waarde)


@register.simple_tag
def klein_procent(deel, geheel, procentwaarde, drempel) -> str:
    """A percentage shown outside the pilot: '–' when it rests on a suppressed small number."""
    drempel = int(drempel or 0)
    if drempel and (0 < int(deel or 0) < drempel or 0 < int(geheel or 0) < drempel):
        return "–"
    return procent(procentwaarde)

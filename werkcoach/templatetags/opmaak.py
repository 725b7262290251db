"""Dutch presentation of numbers and amounts: ``{% load opmaak %}``, then ``|euro`` and ``|getal``."""

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

"""Presentation of report figures: percentages, suppressed small numbers and displayed values.
Amounts and plain numbers (``euro``, ``getal``) are in ``werkcoach.templatetags.opmaak``."""

from django import template

from werkcoach.templatetags.opmaak import getal

register = template.Library()


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


@register.filter
def toon(waarde) -> str:
    """A displayed value of ``rapportage.documenten.weergave``: text (a suppressed number or a
    percentage) as it is, a number as ``getal``."""
    if isinstance(waarde, str):
        return waarde
    return getal(waarde)

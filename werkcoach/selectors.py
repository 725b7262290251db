"""Reads of the processing log for "who looked at this file"."""

from typing import Any

from django.db.models import Count, Max, Min, Q
from django.db.models.functions import TruncDate

from werkcoach.models import Gebruiker, Logregel, Rol

# The processing log: search for functioneel beheer and "who looked at this file".

WIE_KEEK_ACTIES = ("bekijken", "exporteren", "downloaden")


def mag_wie_keek_zien(user: Gebruiker, inwoner) -> bool:
    """The werkcoach of the resident's gemeente and the functioneel beheerder of that gemeente
    may see who looked at a file; the referrer and partners may not."""
    return (
        user.is_authenticated
        and user.heeft_rol(Rol.WERKCOACH, Rol.BEHEERDER)
        and inwoner.gemeente_id in user.gemeente_ids
    )


def wie_keek(*, inwoner_id: int, aantal: int = 25) -> list[dict]:
    """Who viewed, exported or downloaded one resident's file: one row per person per day
    (local time), newest first, with how often, the first and last time, and the person's
    name, organisation and roles (never the user name). Two queries: the grouped log, and
    the roles of the people in it."""
    groepen = (
        Logregel.objects.filter(inwoner_id=inwoner_id, actie__in=WIE_KEEK_ACTIES)
        .annotate(dag=TruncDate("tijdstip"))
        .values(
            "dag",
            "actor_id",
            "actor_naam",
            "actor__first_name",
            "actor__last_name",
            "actor__organisatie__naam",
        )
        .annotate(
            aantal=Count("pk"),
            exporten=Count("pk", filter=~Q(actie="bekijken")),
            eerste=Min("tijdstip"),
            laatste=Max("tijdstip"),
        )
        .order_by("-dag", "-laatste")[:aantal]
    )
    rijen: list[dict[str, Any]] = [dict(g) for g in groepen]
    rollen = _rollen_van({r["actor_id"] for r in rijen if r["actor_id"]})
    for r in rijen:
        naam = f"{r['actor__first_name'] or ''} {r['actor__last_name'] or ''}".strip()
        if r["actor_id"] is None:
            naam = naam or "Systeem"
        r["naam"] = naam or "Onbekende gebruiker"
        r["organisatie"] = r["actor__organisatie__naam"] or ""
        r["rollen"] = ", ".join(rollen.get(r["actor_id"], []))
    return rijen


def _rollen_van(gebruiker_ids: set[int]) -> dict[int, list[str]]:
    """The role labels of these users (one query; none without users)."""
    if not gebruiker_ids:
        return {}
    labels = dict(Rol.choices)
    uit: dict[int, list[str]] = {}
    koppelingen = Gebruiker.groups.through.objects.filter(gebruiker_id__in=gebruiker_ids)
    for gebruiker_id, groep in koppelingen.values_list("gebruiker_id", "group__name").order_by(
        "group__name"
    ):
        uit.setdefault(gebruiker_id, []).append(str(labels.get(groep, groep)))
    return uit

"""The start page per role: what each person needs first.

The base knows no domain app, so each app contributes its part: a function that takes the user
and returns context for ``werkcoach/start.html``, registered with ``@bijdrage`` in the app's
``startpagina.py`` (imported by its AppConfig.ready).
"""

from __future__ import annotations

from collections.abc import Callable

from werkcoach.models import Gebruiker, Pilot, Rol

Bijdrage = Callable[[Gebruiker], dict]
BIJDRAGEN: list[Bijdrage] = []


def bijdrage(functie: Bijdrage) -> Bijdrage:
    BIJDRAGEN.append(functie)
    return functie


def startpagina_context(user: Gebruiker) -> dict:
    context: dict = {"rollen": sorted(Rol(r).label for r in user.rollen if r in Rol.values)}
    for functie in BIJDRAGEN:
        context.update(functie(user))
    return context


@bijdrage
def _organisatie(user: Gebruiker) -> dict:
    context: dict = {}
    if user.heeft_rol(Rol.PROJECTLEIDER, Rol.MANAGER):
        context["pilots"] = list(
            Pilot.objects.filter(gemeente_id__in=user.gemeente_ids).select_related("gemeente")
        )
    if user.heeft_rol(Rol.BEHEERDER):
        context["beheer_gebruikers"] = Gebruiker.objects.filter(is_active=True).count()
    return context

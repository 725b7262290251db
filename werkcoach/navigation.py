"""The main menu per role. Each app registers its items here, so the menu stays in one place."""

from dataclasses import dataclass

from django.urls import NoReverseMatch, reverse

from werkcoach.models import Rol


@dataclass(frozen=True)
class MenuItem:
    label: str
    url_name: str
    rollen: frozenset[str]


MENU: list[MenuItem] = [
    MenuItem("Start", "start", frozenset(Rol.values)),
    MenuItem(
        "Mijn aanmeldingen", "aanmeldingen:mijn_aanmeldingen", frozenset({Rol.SOCIAAL_WERKER})
    ),
    MenuItem("Nieuwe aanmelding", "cases:aanmelding_nieuw", frozenset({Rol.SOCIAAL_WERKER})),
    MenuItem("Inbox aanmeldingen", "aanmeldingen:inbox", frozenset({Rol.WERKCOACH})),
    MenuItem("Caseload", "trajecten:caseload", frozenset({Rol.WERKCOACH})),
    MenuItem("Overdrachten", "trajecten:overdrachten", frozenset({Rol.PARTNER, Rol.WERKCOACH})),
    MenuItem(
        "Instrumentenwaaier",
        "trajecten:instrumenten",
        frozenset({Rol.WERKCOACH, Rol.BEHEERDER, Rol.PROJECTLEIDER, Rol.SOCIAAL_WERKER}),
    ),
    MenuItem("Dashboard", "rapportage:dashboard", frozenset({Rol.MANAGER, Rol.PROJECTLEIDER})),
    MenuItem("Rapportages", "rapportage:rapporten", frozenset({Rol.PROJECTLEIDER, Rol.MANAGER})),
    MenuItem("Begroting", "rapportage:begroting", frozenset({Rol.PROJECTLEIDER, Rol.MANAGER})),
    MenuItem("Auditlog", "audit:zoeken", frozenset({Rol.BEHEERDER})),
    MenuItem("Bewaartermijnen", "avg:bewaartermijnen", frozenset({Rol.BEHEERDER})),
    MenuItem("Beheer", "admin:index", frozenset({Rol.BEHEERDER})),
]


def menu_voor(user) -> list[dict[str, str]]:
    items = []
    for item in MENU:
        if not user.heeft_rol(*item.rollen):
            continue
        try:
            url = reverse(item.url_name)
        except NoReverseMatch:
            # The page is not installed (yet); the menu leaves it out.
            continue
        items.append({"label": item.label, "url": url, "url_name": item.url_name})
    return items

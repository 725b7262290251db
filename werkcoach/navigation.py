"""The main menu per role. A page's roles are declared once, on its view (``rol_vereist``):
the menu shows an item to whoever the view lets in. Only pages without that guard (the start
page, Django's admin) name their roles here."""

from dataclasses import dataclass
from functools import cache

from django.urls import NoReverseMatch, resolve, reverse

from werkcoach.models import Rol


@dataclass(frozen=True)
class MenuItem:
    label: str
    url_name: str
    # Only for a page whose view has no ``rol_vereist``.
    eigen_rollen: frozenset[str] | None = None

    @property
    def rollen(self) -> frozenset[str]:
        return self.eigen_rollen if self.eigen_rollen is not None else view_rollen(self.url_name)


@cache
def view_rollen(url_name: str) -> frozenset[str]:
    """The roles the page's view admits (``rol_vereist``); none if it is not installed."""
    try:
        view = resolve(reverse(url_name)).func
    except NoReverseMatch:
        return frozenset()
    rollen = getattr(view, "toegestane_rollen", None)
    if rollen is None:
        raise LookupError(f"{url_name}: the view declares no roles (rol_vereist) for the menu")
    return rollen


MENU: list[MenuItem] = [
    MenuItem("Start", "start", frozenset(Rol.values)),
    MenuItem("Mijn aanmeldingen", "aanmeldingen:mijn_aanmeldingen"),
    MenuItem("Nieuwe aanmelding", "cases:aanmelding_nieuw"),
    MenuItem("Inbox aanmeldingen", "aanmeldingen:inbox"),
    MenuItem("Caseload", "trajecten:caseload"),
    MenuItem("Overdrachten", "trajecten:overdrachten"),
    MenuItem("Instrumentenwaaier", "trajecten:instrumenten"),
    MenuItem("Dashboard", "rapportage:dashboard"),
    MenuItem("Rapportages", "rapportage:rapporten"),
    MenuItem("Begroting", "rapportage:begroting"),
    MenuItem("Import", "uitwisseling:import_start"),
    MenuItem("Auditlog", "audit:zoeken"),
    MenuItem("Bewaartermijnen", "avg:bewaartermijnen"),
    # Django's admin admits staff; staff status follows the beheerder role.
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

"""A page's roles are declared once, on its view; the menu reads them from there."""

import pytest
from django.urls import resolve, reverse

from werkcoach.navigation import MENU, MenuItem, menu_voor, view_rollen


def test_every_guarded_menu_item_takes_its_roles_from_the_view():
    for item in MENU:
        view = resolve(reverse(item.url_name)).func
        if item.eigen_rollen is None:
            assert item.rollen == view.toegestane_rollen, item.url_name
        else:  # only pages without a role guard name their own roles
            assert not hasattr(view, "toegestane_rollen"), item.url_name


def test_a_menu_item_for_a_page_without_a_role_guard_must_name_its_roles():
    view_rollen.cache_clear()
    with pytest.raises(LookupError):
        _ = MenuItem("Inloggen", "login").rollen


@pytest.mark.django_db
def test_the_menu_offers_each_role_only_pages_that_let_it_in(client, wereld):
    for naam, gebruiker in wereld.rollen().items():
        if gebruiker is None:
            continue
        client.force_login(gebruiker)
        for item in menu_voor(gebruiker):
            if item["url_name"] == "admin:index":
                continue  # staff status follows the role when saved in beheer
            antwoord = client.get(item["url"])
            assert antwoord.status_code == 200, (naam, item["url_name"], antwoord.status_code)

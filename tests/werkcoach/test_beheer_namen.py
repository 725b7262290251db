"""Beheer speaks Dutch: every section and model on the admin index has a Dutch name, and no
section is shown that a beheerder cannot or must not use."""

import pytest
from django.urls import reverse

from werkcoach.models import Gebruiker

pytestmark = pytest.mark.django_db

NEDERLANDS = {
    "Inwoners en aanmeldingen": {"Aanmeldingen"},
    "Klantreis en instrumentenwaaier": {"Aanbieders", "Instrumenten"},
    "Organisatie en toegang": {
        "Feestdagen",
        "Gebiedsteams",
        "Gebruikers",
        "Gemeenten",
        "Organisaties",
        "Pilots",
    },
}


def _index(client, gebruiker) -> dict[str, dict[str, dict]]:
    client.force_login(gebruiker)
    response = client.get(reverse("admin:index"))
    assert response.status_code == 200
    return {
        app["name"]: {model["name"]: model["perms"] for model in app["models"]}
        for app in response.context["app_list"]
    }


def test_every_section_and_model_of_the_administrator_has_a_dutch_name(client):
    root = Gebruiker.objects.create_superuser("root", "root@example.org", "x" * 20)
    index = _index(client, root)
    assert {app: set(modellen) for app, modellen in index.items()} == NEDERLANDS


def test_a_beheerder_sees_only_sections_they_can_use(client, wereld):
    index = _index(client, wereld.beheerder)
    for app, modellen in index.items():
        assert set(modellen) <= NEDERLANDS[app], app
        for model, rechten in modellen.items():
            assert rechten["view"], model
    # Roles are given on the users page; second factors are reset there; login attempts end
    # by themselves. None of them is a section of its own.
    namen = " ".join([*index, *(m for modellen in index.values() for m in modellen)]).lower()
    for weg in ("groep", "otp", "device", "axes", "access", "authenticatie"):
        assert weg not in namen


def test_the_user_page_offers_roles_and_gemeenten_as_labelled_checkboxes(client, wereld):
    client.force_login(wereld.beheerder)
    html = client.get(
        reverse("admin:werkcoach_gebruiker_change", args=[wereld.sociaal_werker.pk])
    ).content.decode()
    assert 'type="checkbox" name="gemeenten"' in html
    assert "selectfilter" not in html.lower()
    # When someone last logged in is a fact, shown and not editable.
    assert 'name="last_login_0"' not in html

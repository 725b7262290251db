"""Beheer (the Django admin) in the browser: every page a beheerder or the application
administrator opens has no serious or critical axe violation."""

import json

import pytest
from django.urls import reverse

from tests.browser.conftest import axe_overtredingen, inloggen, schermafdruk
from tests.factories import WACHTWOORD
from werkcoach.models import Feestdag, Gebruiker

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _beheerpaginas(gebruiker, wereld) -> list[str]:
    """The index, and per model of the index its list, its add page and one object's page."""
    from django.contrib import admin
    from django.test import RequestFactory

    verzoek = RequestFactory().get("/beheer/")
    verzoek.user = gebruiker
    paginas = [reverse("admin:index")]
    for app in admin.site.get_app_list(verzoek):
        paginas.append(reverse("admin:app_list", args=[app["app_label"]]))
        for model in app["models"]:
            paginas.append(model["admin_url"])
            if model.get("add_url"):
                paginas.append(model["add_url"])
            modeladmin = admin.site._registry[model["model"]]
            obj = modeladmin.get_queryset(verzoek).first()
            if obj is not None:
                meta = model["model"]._meta
                naam = f"admin:{meta.app_label}_{meta.model_name}_change"
                paginas.append(reverse(naam, args=[obj.pk]))
    paginas.append(reverse("admin:auth_user_password_change", args=[wereld.werkcoach.pk]))
    return paginas


def _sweep(pagina, gebruiker, wereld, naam):
    inloggen(pagina, gebruiker)
    gevonden = {}
    for i, pad in enumerate(_beheerpaginas(gebruiker, wereld)):
        pagina.goto(f"{pagina.basis_url}{pad}")
        assert pagina.locator("html").get_attribute("lang") == "nl", pad
        if i < 3:
            schermafdruk(pagina, f"beheer-{naam}-{i}")
        overtredingen = axe_overtredingen(pagina)
        if overtredingen:
            gevonden[pad] = overtredingen
    assert not gevonden, json.dumps(gevonden, indent=1, ensure_ascii=False)


def test_every_beheer_page_of_a_beheerder_is_accessible(pagina, wereld):
    Feestdag.objects.create(datum="2026-04-27", naam="Koningsdag", gemeente=wereld.nop)
    _sweep(pagina, wereld.beheerder, wereld, "beheerder")


def test_every_beheer_page_of_the_administrator_is_accessible(pagina, wereld):
    beheerder = Gebruiker.objects.create_superuser("root", "root@example.org", WACHTWOORD)
    _sweep(pagina, beheerder, wereld, "superuser")

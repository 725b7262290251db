"""Caseload and instrumentenwaaier in the browser: filters in the URL, accessible pages,
including a form in an error state."""

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import assert_toegankelijk, inloggen, schermafdruk
from tests.conftest import maak_traject
from trajecten.services import catalogus_laden

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_caseload_filters_are_kept_in_the_url(pagina, wereld):
    maak_traject(wereld, voornaam="Ilse", achternaam="de Boer")
    maak_traject(wereld, team=wereld.team_b, voornaam="Jan", achternaam="Smit", doelgroep="oudere")
    inloggen(pagina, wereld.werkcoach)
    pagina.goto(f"{pagina.basis_url}/trajecten/")
    pagina.get_by_label("Doelgroep").select_option("oudere")
    pagina.get_by_role("button", name="Filteren").click()
    expect(pagina.get_by_role("link", name="Jan Smit")).to_be_visible()
    expect(pagina.get_by_role("link", name="Ilse de Boer")).to_have_count(0)
    assert "doelgroep=oudere" in pagina.url
    pagina.goto(pagina.url)  # a bookmarked view shows the same
    expect(pagina.get_by_label("Doelgroep")).to_have_value("oudere")
    schermafdruk(pagina, "caseload-gefilterd")
    assert_toegankelijk(pagina)


def test_instrumentenwaaier_browse_detail_and_maintenance(pagina, wereld):
    catalogus_laden()
    inloggen(pagina, wereld.beheerder)
    pagina.goto(f"{pagina.basis_url}/trajecten/instrumenten/")
    schermafdruk(pagina, "instrumenten-lijst")
    assert_toegankelijk(pagina)
    pagina.get_by_label("Categorie").select_option("test")
    pagina.get_by_role("button", name="Zoeken").click()
    pagina.get_by_role("link", name="Beroepentest").click()
    expect(pagina.get_by_role("heading", name="Beroepentest")).to_be_visible()
    schermafdruk(pagina, "instrument-detail")
    assert_toegankelijk(pagina)
    pagina.get_by_role("link", name="Instrument wijzigen").click()
    pagina.get_by_label("Naam").fill("")
    pagina.get_by_role("button", name="Opslaan").click()
    expect(pagina.get_by_text("Dit veld is verplicht.")).to_be_visible()
    schermafdruk(pagina, "instrument-form-fout")
    assert_toegankelijk(pagina)

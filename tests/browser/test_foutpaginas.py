"""Error pages and the statements in Chromium: Dutch, in the layout, a way back, accessible."""

import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from tests.browser.conftest import assert_toegankelijk, inloggen, schermafdruk

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_404_and_403_lead_back_and_are_accessible(pagina, wereld):
    inloggen(pagina, wereld.sociaal_werker)
    pagina.goto(f"{pagina.basis_url}/bestaat-niet/")
    expect(pagina.get_by_role("heading", name="Pagina niet gevonden")).to_be_visible()
    assert pagina.locator("html").get_attribute("lang") == "nl"
    schermafdruk(pagina, "fout-404")
    assert_toegankelijk(pagina)
    pagina.get_by_role("link", name="Naar de startpagina").click()
    expect(pagina).to_have_url(f"{pagina.basis_url}/")

    # As if a link on the start page led there: the browser sends where it came from.
    pagina.goto(pagina.basis_url + reverse("rapportage:dashboard"), referer=f"{pagina.basis_url}/")
    expect(pagina.get_by_role("heading", name="Geen toegang tot deze pagina")).to_be_visible()
    schermafdruk(pagina, "fout-403")
    assert_toegankelijk(pagina)
    pagina.get_by_role("link", name="Terug naar de vorige pagina").click()
    expect(pagina).to_have_url(f"{pagina.basis_url}/")


def test_500_shows_a_reference_and_is_accessible(pagina, wereld, settings):
    settings.ROOT_URLCONF = "tests.werkcoach.fout_urls"
    antwoord = pagina.goto(f"{pagina.basis_url}/kapot/")
    assert antwoord.status == 500
    expect(pagina.get_by_role("heading", name="Er ging iets mis")).to_be_visible()
    referentie = pagina.locator("[data-referentie]").inner_text()
    assert re.fullmatch(r"[A-Z0-9]{10}", referentie)
    assert antwoord.headers["x-request-id"] == referentie
    schermafdruk(pagina, "fout-500")
    assert_toegankelijk(pagina)


def test_the_statements_are_linked_from_the_login_page_and_the_footer(pagina, wereld):
    pagina.goto(f"{pagina.basis_url}/inloggen/")
    pagina.get_by_role("main").get_by_role("link", name="privacyverklaring").click()
    expect(pagina.get_by_role("heading", name="Privacyverklaring", exact=True)).to_be_visible()
    schermafdruk(pagina, "verklaring-privacy")
    assert_toegankelijk(pagina)
    inloggen(pagina, wereld.werkcoach)
    pagina.get_by_role("contentinfo").get_by_role(
        "link", name="Toegankelijkheidsverklaring"
    ).click()
    expect(
        pagina.get_by_role("heading", name="Toegankelijkheidsverklaring", exact=True)
    ).to_be_visible()
    schermafdruk(pagina, "verklaring-toegankelijkheid")
    assert_toegankelijk(pagina)

"""The inbox, the caseload and mijn aanmeldingen in the browser: search as a user types it,
and at 320 px a wide table scrolls in its own box while the page does not scroll sideways."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import assert_toegankelijk, inloggen, schermafdruk
from tests.conftest import maak_aanmelding, maak_traject

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PAGINA_BREEDTE = "() => document.documentElement.scrollWidth"


def test_inbox_search_narrows_in_place_and_is_kept_in_the_url(pagina, wereld):
    maak_aanmelding(wereld, voornaam="Ilse", achternaam="de Boer")
    maak_aanmelding(wereld, voornaam="Jan", achternaam="Smit")
    maak_traject(wereld, voornaam="Johan", achternaam="Smitsen")
    inloggen(pagina, wereld.werkcoach)
    pagina.goto(f"{pagina.basis_url}/aanmeldingen/inbox/")
    pagina.get_by_label("Zoek op naam of BSN").press_sequentially("smit", delay=50)
    expect(pagina.get_by_role("link", name="Ilse de Boer", exact=True)).to_have_count(0)
    expect(pagina.get_by_role("link", name="Jan Smit", exact=True)).to_be_visible()
    expect(pagina.get_by_role("link", name="Johan Smitsen", exact=True)).to_be_visible()
    expect(pagina).to_have_url(re.compile(r"zoek=smit"))
    schermafdruk(pagina, "inbox-gezocht")
    assert_toegankelijk(pagina)
    pagina.reload()  # a bookmarked search shows the same
    expect(pagina.get_by_label("Zoek op naam of BSN")).to_have_value("smit")
    expect(pagina.get_by_role("link", name="Ilse de Boer", exact=True)).to_have_count(0)


def test_mijn_aanmeldingen_search(pagina, wereld):
    maak_aanmelding(wereld, voornaam="Ilse", achternaam="de Boer")
    maak_aanmelding(wereld, voornaam="Jan", achternaam="Smit")
    inloggen(pagina, wereld.sociaal_werker)
    pagina.goto(f"{pagina.basis_url}/aanmeldingen/mijn/")
    pagina.get_by_label("Zoek op naam").fill("BOER")
    pagina.get_by_role("button", name="Zoeken").click()
    expect(pagina.get_by_role("rowheader", name="Ilse de Boer")).to_be_visible()
    expect(pagina.get_by_role("rowheader", name="Jan Smit")).to_have_count(0)
    assert_toegankelijk(pagina)


@pytest.mark.parametrize(
    ("wie", "pad"),
    [("werkcoach", "/aanmeldingen/inbox/"), ("werkcoach", "/trajecten/")],
)
def test_at_320_px_the_table_scrolls_in_its_box_not_the_page(pagina, wereld, wie, pad):
    for n in range(3):
        maak_traject(wereld, voornaam=f"Wilhelmina{n}", achternaam="van Oldenbarnevelt-Zuidema")
        maak_aanmelding(wereld, voornaam=f"Bartholomeus{n}", achternaam="Vredeveld-Tjallingii")
    inloggen(pagina, getattr(wereld, wie))
    pagina.set_viewport_size({"width": 320, "height": 800})
    pagina.goto(f"{pagina.basis_url}{pad}")
    assert pagina.evaluate(PAGINA_BREEDTE) <= 320
    # Every table that is wider than the screen sits in a box that scrolls.
    for box in pagina.locator(".tabel-scroll").all():
        assert box.evaluate("b => getComputedStyle(b).overflowX") == "auto"
    schermafdruk(pagina, f"320px{pad.strip('/').replace('/', '-')}")
    assert_toegankelijk(pagina)

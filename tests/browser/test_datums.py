"""One way to enter a date: typed as dd-mm-jjjj in Chromium with a Dutch locale, in the
dossier as in the referral and budget forms (which their own browser tests type into)."""

from datetime import date, timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from tests.browser.conftest import assert_toegankelijk, inloggen, schermafdruk
from tests.conftest import maak_traject
from trajecten.models import Contactmoment, Participatiemeting

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _actie(page, titel):
    kaart = page.locator("section.actie").filter(has=page.get_by_role("heading", name=titel))
    samenvatting = kaart.locator("summary")
    if samenvatting.count() and kaart.locator("details").get_attribute("open") is None:
        samenvatting.click()
    return kaart


def _typ(veld, tekst: str) -> None:
    """Select what is there and type over it, key by key, as a user does."""
    veld.click()
    veld.press("Control+a")
    veld.press_sequentially(tekst)


def test_dates_in_the_dossier_are_typed_as_dd_mm_jjjj(pagina, wereld):
    traject = maak_traject(wereld, op=timezone.now() - timedelta(days=3), voornaam="Eva")
    gisteren = timezone.localdate() - timedelta(days=1)
    inloggen(pagina, wereld.werkcoach)
    pagina.goto(f"{pagina.basis_url}/trajecten/{traject.pk}/")

    kaart = _actie(pagina, "Contactmoment vastleggen")
    moment = kaart.get_by_role("group", name="Datum en tijd")
    datum = moment.get_by_role("textbox", name="Datum", exact=True)
    assert datum.get_attribute("type") == "text"
    assert datum.get_attribute("placeholder") == "dd-mm-jjjj"
    _typ(datum, f"{gisteren:%d-%m-%Y}")
    _typ(moment.get_by_role("textbox", name="Tijd", exact=True), "09:15")
    kaart.get_by_label("Soort contact").select_option("telefoon")
    kaart.get_by_label("Kort verslag").fill("Gebeld over de afspraak.")
    schermafdruk(pagina, "datums-dossier-contactmoment")
    assert_toegankelijk(pagina)
    kaart.get_by_role("button", name="Contactmoment opslaan").click()
    expect(pagina.locator("#dossier-melding")).to_have_text("Contactmoment vastgelegd.")
    opgeslagen = timezone.localtime(Contactmoment.objects.get(traject=traject).datum)
    assert (opgeslagen.date(), opgeslagen.hour, opgeslagen.minute) == (gisteren, 9, 15)

    kaart = _actie(pagina, "Participatieladder meten")
    _typ(kaart.get_by_label("Datum"), "3-1-2026")
    kaart.get_by_role("radio", name="2. Sociale contacten buiten de deur").check()
    kaart.get_by_role("button", name="Meting vastleggen").click()
    expect(pagina.locator("#dossier-melding")).to_have_text(
        "De meting op de participatieladder is vastgelegd."
    )
    assert Participatiemeting.objects.get(traject=traject).datum == date(2026, 1, 3)


def test_a_date_the_field_cannot_read_says_how_to_write_it(pagina, wereld):
    traject = maak_traject(wereld, op=timezone.now() - timedelta(days=3), voornaam="Eva")
    inloggen(pagina, wereld.werkcoach)
    pagina.goto(f"{pagina.basis_url}/trajecten/{traject.pk}/")
    kaart = _actie(pagina, "Participatieladder meten")
    _typ(kaart.get_by_label("Datum"), "17-05-26")
    kaart.get_by_role("radio", name="2. Sociale contacten buiten de deur").check()
    kaart.get_by_role("button", name="Meting vastleggen").click()
    expect(kaart.get_by_text("Vul een datum in als dd-mm-jjjj")).to_be_visible()
    schermafdruk(pagina, "datums-dossier-fout")
    assert_toegankelijk(pagina)
    assert not Participatiemeting.objects.filter(traject=traject).exists()

"""The whole referral loop in headless Chromium: the sociaal werker refers, the werkcoach
accepts and plans the gesprek, the sociaal werker sees the new status."""

import re
from datetime import date, timedelta

import pytest
from django.utils import timezone

from cases.models import Aanmelding
from tests.browser.conftest import assert_toegankelijk, inloggen, schermafdruk
from trajecten.models import Traject

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def uitloggen(page) -> None:
    page.get_by_role("button", name="Uitloggen", exact=True).click()
    page.wait_for_load_state("networkidle")


def test_referral_loop_from_sociaal_werker_to_werkcoach_and_back(pagina, wereld):
    page = pagina
    inloggen(page, wereld.sociaal_werker)
    page.get_by_role("link", name="Nieuwe aanmelding").click()
    page.get_by_label("Voornaam").fill("Sanne")
    page.get_by_label("Achternaam").fill("de Vries")
    page.get_by_label("Geboortedatum").fill("17-05-2001")
    page.get_by_label("Postcode").fill("8302ab")
    page.get_by_label("Woonplaats of dorp").fill("Emmeloord")
    page.get_by_label("Telefoonnummer").fill("0612345678")
    page.get_by_label("Doelgroep").select_option("jongere")
    page.get_by_label("Signaal").fill("Zit thuis sinds school, wil iets met techniek doen.")
    page.get_by_label("Voorkeur voor dag en tijd").fill("Woensdagmiddag")
    page.get_by_label("Mondeling, vastgelegd door de sociaal werker").check()

    # Without consent: an error tied to the field, nothing saved.
    page.get_by_role("button", name="Aanmelding versturen").click()
    fout = page.get_by_role("alert").filter(has_text="Controleer het formulier")
    assert fout.is_visible()
    assert "Zonder toestemming van de inwoner" in fout.inner_text()
    assert page.locator("#id_toestemming_gegeven").get_attribute("aria-invalid") == "true"
    assert Aanmelding.objects.count() == 0
    schermafdruk(page, "aanmelding-1-formulier-zonder-toestemming")
    assert_toegankelijk(page)

    page.get_by_label("De inwoner geeft toestemming voor deze aanmelding").check()
    page.get_by_role("button", name="Aanmelding versturen").click()
    page.wait_for_load_state("networkidle")
    aanmelding = Aanmelding.objects.get()
    assert page.get_by_role(
        "heading", name=f"Aanmelding {aanmelding.pk}: Sanne de Vries"
    ).is_visible()
    assert page.locator("span.badge", has_text="Ontvangen").first.is_visible()
    schermafdruk(page, "aanmelding-2-verstuurd")
    assert_toegankelijk(page)
    uitloggen(page)

    # The werkcoach accepts in the inbox and plans the gesprek.
    inloggen(page, wereld.werkcoach)
    page.get_by_role("link", name="Inbox aanmeldingen").click()
    assert page.get_by_role("row", name="Sanne de Vries").is_visible()
    rij = page.get_by_role("row", name="Sanne de Vries")
    assert rij.get_by_text(re.compile(r"\(nog \d+ werkdag(en)?\)")).is_visible()
    schermafdruk(page, "aanmelding-3-inbox")
    assert_toegankelijk(page)
    page.get_by_role("button", name="Aannemen: Sanne de Vries").click()
    page.wait_for_load_state("networkidle")
    assert page.get_by_role(
        "heading", name="Kennismakingsgesprek plannen met Sanne de Vries"
    ).is_visible()
    assert_toegankelijk(page)

    # A date in the past is refused with an error on the field.
    page.get_by_label("Datum").fill("01-01-2020")
    page.get_by_label("Tijd").fill("10:00")
    page.get_by_label("Bij Carrefour").check()
    page.get_by_role("button", name="Gesprek plannen").click()
    assert page.locator("#id_datum").get_attribute("aria-invalid") == "true"
    schermafdruk(page, "aanmelding-4-gesprek-plannen-fout")
    assert_toegankelijk(page)

    dag = timezone.localdate() + timedelta(days=2)
    page.get_by_label("Datum").fill(f"{dag:%d-%m-%Y}")
    page.get_by_role("button", name="Gesprek plannen").click()
    page.wait_for_load_state("networkidle")
    assert page.get_by_text("Het kennismakingsgesprek is gepland.").is_visible()
    assert (
        page.get_by_role("row", name="Sanne de Vries")
        .get_by_text(f"{dag:%d-%m-%Y} 10:00")
        .is_visible()
    )
    # The appointment counts as first contact: now the gesprek's response time runs.
    rij = page.get_by_role("row", name="Sanne de Vries")
    assert rij.get_by_text(re.compile(r"kennismakingsgesprek houden", re.I)).is_visible()
    assert rij.get_by_text(re.compile(r"\(nog \d+ werkdag(en)?\)")).is_visible()
    schermafdruk(page, "aanmelding-5-inbox-na-plannen")
    assert_toegankelijk(page)
    traject = Traject.objects.get()
    assert traject.gesprek_locatie == "carrefour"
    uitloggen(page)

    # The sociaal werker sees what became of the referral.
    inloggen(page, wereld.sociaal_werker)
    page.get_by_role("link", name="Mijn aanmeldingen").first.click()
    rij = page.get_by_role("row", name="Sanne de Vries")
    assert rij.get_by_text("Gesprek gepland", exact=True).is_visible()
    assert f"{dag:%d-%m-%Y}" in rij.inner_text()
    assert "bij Carrefour" in rij.inner_text()
    schermafdruk(page, "aanmelding-6-mijn-aanmeldingen")
    assert_toegankelijk(page)


def test_duplicate_warning_and_declining_with_a_reason(pagina, wereld):
    from tests.conftest import maak_aanmelding

    page = pagina
    eerdere = maak_aanmelding(
        wereld, voornaam="Piet", achternaam="Bakker", geboortedatum=date(1980, 2, 3)
    )
    inloggen(page, wereld.sociaal_werker)
    page.goto(f"{page.basis_url}/aanmeldingen/nieuw/")
    page.get_by_label("Voornaam").fill("piet")
    page.get_by_label("Achternaam").fill("bakker")
    page.get_by_label("Geboortedatum").fill("03-02-1980")
    page.get_by_label("Telefoonnummer").fill("0612345678")
    page.get_by_label("Signaal").fill("Wil na jaren mantelzorg weer werken.")
    page.get_by_label("De inwoner geeft toestemming voor deze aanmelding").check()
    page.get_by_label("Schriftelijk (getekend formulier)").check()
    page.get_by_role("button", name="Aanmelding versturen").click()
    waarschuwing = page.get_by_role("alert").filter(has_text="mogelijk al bekend")
    assert waarschuwing.is_visible()
    assert waarschuwing.get_by_role("link", name=f"bekijk de eerdere aanmelding {eerdere.pk}")
    schermafdruk(page, "aanmelding-7-dubbele-inwoner")
    assert_toegankelijk(page)
    waarschuwing.get_by_role("button", name="Deze inwoner aanmelden").click()
    page.wait_for_load_state("networkidle")
    nieuw = Aanmelding.objects.exclude(pk=eerdere.pk).get()
    assert nieuw.inwoner_id == eerdere.inwoner_id
    uitloggen(page)

    inloggen(page, wereld.werkcoach)
    page.goto(f"{page.basis_url}/aanmeldingen/{nieuw.pk}/")
    page.get_by_text("Afwijzen of inwoner niet bereikbaar").click()
    page.get_by_label("De inwoner is niet bereikbaar").check()
    page.get_by_role("button", name="Vastleggen").click()
    assert page.locator("#id_reden").get_attribute("aria-invalid") == "true"
    schermafdruk(page, "aanmelding-8-afwijzen-fout")
    assert_toegankelijk(page)
    page.get_by_label("Reden").fill("Drie keer gebeld en een brief gestuurd, geen reactie.")
    page.get_by_role("button", name="Vastleggen").click()
    page.wait_for_load_state("networkidle")
    uitloggen(page)

    inloggen(page, wereld.sociaal_werker)
    page.goto(f"{page.basis_url}/aanmeldingen/{nieuw.pk}/")
    assert page.locator("span.badge", has_text="Inwoner niet bereikbaar").first.is_visible()
    assert page.get_by_text(
        "Drie keer gebeld en een brief gestuurd, geen reactie."
    ).first.is_visible()
    schermafdruk(page, "aanmelding-9-detail-onbereikbaar")
    assert_toegankelijk(page)

"""Login with a second factor, walked through in headless Chromium, and the inactivity warning."""

import re
import time

import pytest
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.browser.conftest import assert_toegankelijk, inloggen, schermafdruk

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _code(device: TOTPDevice, stap: int = 0) -> str:
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits)
    totp.time = time.time() + stap * device.step
    return f"{totp.token():06d}"


def _csp_meldingen(pagina) -> list[str]:
    meldingen: list[str] = []
    pagina.on(
        "console",
        lambda m: meldingen.append(m.text) if "Content Security Policy" in m.text else None,
    )
    return meldingen


def test_enrol_an_authenticator_app_then_log_in_with_password_and_code(
    pagina, wereld, settings, mailoutbox
):
    settings.WERKCOACH_2FA_VERPLICHT = True
    csp = _csp_meldingen(pagina)
    inloggen(pagina, wereld.werkcoach)

    # The password alone shows no key: the enrolment link comes by e-mail.
    assert pagina.get_by_role("heading", name="Tweestapsverificatie instellen").is_visible()
    assert pagina.get_by_role("img", name="QR-code").count() == 0
    assert_toegankelijk(pagina)
    pagina.get_by_role("button", name="Stuur mij een inschrijflink").click()
    pagina.get_by_text("We hebben een link gestuurd").wait_for()
    link = re.search(r"http://[^/\s]+(/\S+)", mailoutbox[-1].body).group(1)
    pagina.goto(pagina.basis_url + link)
    assert_toegankelijk(pagina)
    pagina.get_by_role("button", name="Verder naar de QR-code").click()

    pagina.get_by_role("img", name="QR-code").wait_for()
    assert pagina.get_by_role("img", name="QR-code").is_visible()
    schermafdruk(pagina, "tweefactor-instellen")
    assert_toegankelijk(pagina)

    pagina.get_by_role("textbox", name="Code").fill("000000")
    pagina.get_by_role("button", name="Bevestigen").click()
    pagina.get_by_text("Deze code klopt niet").wait_for()
    assert_toegankelijk(pagina)  # the form in its error state

    device = TOTPDevice.objects.get(user=wereld.werkcoach, confirmed=False)
    device.throttle_reset()
    pagina.get_by_role("textbox", name="Code").fill(_code(device))
    pagina.get_by_role("button", name="Bevestigen").click()
    pagina.get_by_role("heading", name="Tweestapsverificatie is ingesteld").wait_for()
    assert pagina.get_by_role("list", name="Reservecodes").locator("li").count() == 10
    schermafdruk(pagina, "tweefactor-reservecodes")
    assert_toegankelijk(pagina)
    pagina.get_by_role("link", name="Verder").click()
    pagina.get_by_role("heading", name="Werkvoorraad").wait_for()

    pagina.get_by_role("button", name="Uitloggen", exact=True).click()
    pagina.wait_for_load_state("networkidle")
    inloggen(pagina, wereld.werkcoach)
    assert pagina.get_by_role("heading", name="Code invullen").is_visible()
    schermafdruk(pagina, "tweefactor-code")
    assert_toegankelijk(pagina)
    # The code of the enrolment may not be used twice; the app shows the next one.
    pagina.get_by_role("textbox", name="Code").fill(_code(device, stap=1))
    pagina.get_by_role("button", name="Controleren").click()
    pagina.get_by_role("heading", name="Werkvoorraad").wait_for()
    schermafdruk(pagina, "tweefactor-ingelogd")
    assert not csp, csp


def test_inactivity_warning_lets_the_user_stay_logged_in(pagina, wereld, settings):
    settings.SESSION_COOKIE_AGE = 125
    settings.WERKCOACH_SESSIE_WAARSCHUWING = 123
    csp = _csp_meldingen(pagina)
    inloggen(pagina, wereld.werkcoach)
    waarschuwing = pagina.get_by_role("alertdialog", name="U wordt bijna uitgelogd")
    waarschuwing.wait_for(state="visible", timeout=8_000)
    schermafdruk(pagina, "sessie-waarschuwing")
    assert_toegankelijk(pagina)
    knop = pagina.get_by_role("button", name="Ingelogd blijven")
    assert knop.evaluate("el => el === document.activeElement")
    knop.click()
    waarschuwing.wait_for(state="hidden")
    assert not csp, csp


def test_security_pages_are_accessible_also_with_errors(pagina, wereld):
    from tests.conftest import maak_aanmelding

    aanmelding = maak_aanmelding(wereld)
    inloggen(pagina, wereld.beheerder)
    pagina.get_by_role("link", name="Auditlog").click()
    pagina.get_by_role("heading", name="Auditlog: wie deed wat met welke gegevens").wait_for()
    pagina.get_by_label("Van (datum)").fill("2024-05-02")
    pagina.get_by_label("Tot en met (datum)").fill("2024-05-01")
    pagina.get_by_role("button", name="Zoeken").click()
    pagina.get_by_text("De einddatum ligt vóór de begindatum.").wait_for()
    schermafdruk(pagina, "auditlog-zoeken")
    assert_toegankelijk(pagina)

    pagina.get_by_role("link", name="Bewaartermijnen").click()
    veld = pagina.get_by_role("spinbutton", name="Zelf werk of opleiding gevonden (maanden)")
    veld.fill("0")
    pagina.get_by_role("button", name="Opslaan").click()
    pagina.get_by_text("Kies minstens 1 maand.").wait_for()
    schermafdruk(pagina, "bewaartermijnen-fout")
    assert_toegankelijk(pagina)
    pagina.get_by_role("button", name="Uitloggen", exact=True).click()

    inloggen(pagina, wereld.werkcoach)
    pagina.goto(f"{pagina.basis_url}/aanmeldingen/{aanmelding.pk}/")
    pagina.locator("summary", has_text="Toestemming intrekken").click()  # opens the <details>
    pagina.get_by_role("button", name="Toestemming intrekken").click()
    pagina.get_by_text("Bevestig dat de inwoner de toestemming intrekt.").first.wait_for()
    schermafdruk(pagina, "toestemming-intrekken-fout")
    assert_toegankelijk(pagina)

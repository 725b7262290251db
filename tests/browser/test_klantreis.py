"""The werkcoach runs the klantreis in the browser: one resident from an accepted referral
through all five steps to a closed nazorg, and one that ends early with a reason."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from tests.browser.conftest import assert_toegankelijk, inloggen, schermafdruk
from tests.conftest import maak_traject
from trajecten.models import Fase, Traject
from trajecten.services import catalogus_laden

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _actie(page, titel):
    """The action card with this heading; folded actions are opened first."""
    kaart = page.locator("section.actie").filter(has=page.get_by_role("heading", name=titel))
    samenvatting = kaart.locator("summary")
    if samenvatting.count() and kaart.locator("details").get_attribute("open") is None:
        samenvatting.click()
    return kaart


def _verwacht_melding(page, tekst):
    expect(page.locator("#dossier-melding")).to_have_text(tekst)


def test_one_resident_from_accepted_referral_to_closed_nazorg(pagina, chromium, wereld):
    catalogus_laden()
    traject = maak_traject(
        wereld, op=timezone.now() - timedelta(days=3), voornaam="Sanne", achternaam="Visser"
    )
    inloggen(pagina, wereld.werkcoach)
    pagina.goto(f"{pagina.basis_url}/trajecten/")
    expect(pagina.get_by_role("heading", name="Caseload")).to_be_visible()
    schermafdruk(pagina, "klantreis-01-caseload")
    assert_toegankelijk(pagina)

    pagina.get_by_role("link", name="Sanne Visser").click()
    expect(pagina.get_by_role("heading", name="Sanne Visser")).to_be_visible()
    schermafdruk(pagina, "klantreis-02-dossier-gesprek")
    assert_toegankelijk(pagina)

    # Step 1: the conversation, and the first measurement on the participatieladder.
    kaart = _actie(pagina, "Kennismakingsgesprek vastleggen")
    kaart.get_by_label("Verslag van het gesprek").fill("Kennismaking thuis; wil de zorg in.")
    kaart.get_by_role("button", name="Gesprek vastleggen").click()
    _verwacht_melding(pagina, "Het kennismakingsgesprek is vastgelegd.")
    kaart = _actie(pagina, "Participatieladder meten")
    kaart.get_by_role("radio", name="2. Sociale contacten buiten de deur").check()
    kaart.get_by_role("button", name="Meting vastleggen").click()
    _verwacht_melding(pagina, "De meting op de participatieladder is vastgelegd.")

    # Step 2: oriëntatie, with an instrument.
    _actie(pagina, "Door naar stap 2: oriëntatie").get_by_role(
        "button", name="Start oriëntatie"
    ).click()
    _verwacht_melding(pagina, "De inwoner is door naar stap 2: oriëntatie.")
    kaart = _actie(pagina, "Instrument inzetten")
    kaart.get_by_label("Instrument").select_option(index=1)
    kaart.get_by_label("Status").select_option("lopend")
    kaart.get_by_label("Geplande kosten (€)").fill("1.250,00")
    kaart.get_by_role("button", name="Inzet vastleggen").click()
    _verwacht_melding(pagina, "De inzet van het instrument is vastgelegd.")
    schermafdruk(pagina, "klantreis-03-dossier-orientatie")
    assert_toegankelijk(pagina)

    # Step 3: the vervolgtraject (education, BBL).
    kaart = _actie(pagina, "Vervolgtraject afspreken (naar stap 3)")
    kaart.get_by_role("radio", name="Opleiding", exact=True).check()
    kaart.get_by_label("School (bij opleiding)").select_option(label="ROC Friese Poort")
    kaart.get_by_label("Naam van de opleiding").fill("Helpende Zorg & Welzijn")
    kaart.get_by_role("button", name="Vervolgtraject vastleggen").click()
    _verwacht_melding(pagina, "Het vervolgtraject is vastgelegd: stap 3.")

    # Step 4: warm handover to the ROC contact, who confirms it in the application.
    kaart = _actie(pagina, "Warme overdracht vastleggen (stap 4)")
    kaart.get_by_label("Naar organisatie").select_option(label="ROC Friese Poort")
    kaart.get_by_label("Contactpersoon die de overdracht bevestigt").select_option(index=1)
    kaart.get_by_label("Afspraken bij de overdracht").fill("Intake op 1 september.")
    kaart.get_by_role("button", name="Overdracht vastleggen").click()
    _verwacht_melding(pagina, "De overdracht is vastgelegd; de ontvanger krijgt bericht.")
    schermafdruk(pagina, "klantreis-04-dossier-overdracht")
    assert_toegankelijk(pagina)

    partner_context = chromium.new_context(locale="nl-NL", viewport={"width": 1280, "height": 900})
    partner = partner_context.new_page()
    partner.basis_url = pagina.basis_url
    inloggen(partner, wereld.partner)
    partner.goto(f"{partner.basis_url}/trajecten/overdrachten/")
    expect(partner.get_by_text("Nog niet bevestigd")).to_be_visible()
    schermafdruk(partner, "klantreis-05-partner-overdrachten")
    assert_toegankelijk(partner)
    partner.get_by_role("button", name="Ontvangst bevestigen").click()
    expect(partner.get_by_text("U heeft de ontvangst van de overdracht bevestigd.")).to_be_visible()
    partner_context.close()

    # Step 5: nazorg, a logged nazorg contact, and closing with the outcome.
    pagina.reload()
    expect(pagina.get_by_role("cell", name="door Partner Test")).to_be_visible()
    kaart = _actie(pagina, "Nazorgplan afspreken (naar stap 5)")
    kaart.get_by_role("button", name="Nazorgplan vastleggen").click()
    _verwacht_melding(pagina, "Het nazorgplan is vastgelegd: stap 5.")
    kaart = _actie(pagina, "Contactmoment vastleggen")
    kaart.get_by_label("Soort contact").select_option("nazorg")
    kaart.get_by_label("Hoort bij gepland nazorgcontact").select_option(index=1)
    kaart.get_by_label("Kort verslag").fill("Eerste weken op school gaan goed.")
    kaart.get_by_role("button", name="Contactmoment opslaan").click()
    _verwacht_melding(pagina, "Contactmoment vastgelegd.")
    schermafdruk(pagina, "klantreis-06-dossier-nazorg")
    assert_toegankelijk(pagina)
    kaart = _actie(pagina, "Nazorg afronden en traject sluiten")
    kaart.get_by_label("Uitkomst").select_option("opleiding")
    kaart.get_by_role("button", name="Nazorg afronden").click()
    # On the plan's first day: closing early asks a reason and a confirmation.
    kaart = _actie(pagina, "Nazorg afronden en traject sluiten")
    kaart.get_by_label("Reden om de nazorg nu al af te ronden").fill("Zit goed op school.")
    kaart.get_by_label("Ja, nu afronden").check()
    kaart.get_by_role("button", name="Bevestigen en nazorg afronden").click()
    _verwacht_melding(pagina, "De nazorg is afgerond en het traject is gesloten.")
    schermafdruk(pagina, "klantreis-07-dossier-afgesloten")
    assert_toegankelijk(pagina)

    traject = Traject.objects.get(pk=traject.pk)
    assert traject.fase == Fase.AFGESLOTEN
    assert traject.nazorgplan.uitkomst == "opleiding"
    assert list(traject.overgangen.values_list("naar_fase", flat=True)) == [
        "gesprek",
        "orientatie",
        "vervolgtraject",
        "overdracht",
        "nazorg",
        "afgesloten",
    ]
    assert traject.overdrachten.get().bevestigd_door == wereld.partner
    assert traject.metingen.get().trede == 2
    assert traject.contactmomenten.filter(nazorgcontact__isnull=False).count() == 1


def test_a_traject_ends_early_with_a_reason(pagina, wereld):
    traject = maak_traject(
        wereld, op=timezone.now() - timedelta(days=2), voornaam="Karim", achternaam="Bakker"
    )
    inloggen(pagina, wereld.werkcoach)
    pagina.goto(f"{pagina.basis_url}/trajecten/{traject.pk}/")
    kaart = _actie(pagina, "Traject beëindigen met een reden")
    kaart.get_by_role("button", name="Traject beëindigen").click()
    # Without a reason: a Dutch error on the field, nothing saved.
    kaart = pagina.locator("section.actie").filter(
        has=pagina.get_by_role("heading", name="Traject beëindigen met een reden")
    )
    expect(kaart.get_by_text("Dit veld is verplicht.")).to_be_visible()
    schermafdruk(pagina, "klantreis-10-beeindigen-fout")
    assert_toegankelijk(pagina)
    assert Traject.objects.get(pk=traject.pk).is_open
    kaart.get_by_label("Reden").select_option("geen_interesse")
    kaart.get_by_label("Toelichting").fill("Wil eerst de zorg voor de kinderen regelen.")
    kaart.get_by_role("button", name="Traject beëindigen").click()
    kaart.get_by_label("Ja, beëindigen").check()
    kaart.get_by_role("button", name="Bevestigen en traject beëindigen").click()
    _verwacht_melding(pagina, "Het traject is beëindigd.")
    expect(pagina.get_by_text("Inwoner wil (nu) niet verder")).to_be_visible()
    schermafdruk(pagina, "klantreis-11-vroeg-beeindigd")
    assert_toegankelijk(pagina)
    traject.refresh_from_db()
    assert traject.fase == Fase.AFGESLOTEN and traject.einde_reden == "geen_interesse"


def test_after_an_action_with_an_error_the_focus_moves_to_the_field(pagina, wereld):
    traject = maak_traject(wereld, op=timezone.now() - timedelta(days=1))
    inloggen(pagina, wereld.werkcoach)
    pagina.goto(f"{pagina.basis_url}/trajecten/{traject.pk}/")
    kaart = _actie(pagina, "Contactmoment vastleggen")
    kaart.get_by_role("button", name="Contactmoment opslaan").click()
    veld = pagina.locator("#id_contactmoment-verslag")
    expect(veld).to_have_class("textarea form-control is-invalid")
    expect(veld).to_be_focused()

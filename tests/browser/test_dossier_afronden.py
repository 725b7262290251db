"""In the browser: closing nazorg early and ending a traject take a second, confirming step;
a printed dossier shows the data and the timeline, without menu, forms or buttons."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from tests.browser.conftest import assert_toegankelijk, inloggen, schermafdruk
from tests.conftest import traject_op_stap
from trajecten.models import Fase, Instrument, Traject
from trajecten.services import catalogus_laden, contactmoment_create, inzet_create

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _kaart(page, titel):
    kaart = page.locator("section.actie").filter(has=page.get_by_role("heading", name=titel))
    samenvatting = kaart.locator("summary")
    if samenvatting.count() and kaart.locator("details").get_attribute("open") is None:
        samenvatting.click()
    return kaart


def _dossier(page, traject):
    page.goto(f"{page.basis_url}/trajecten/{traject.pk}/")
    expect(page.get_by_role("heading", name=traject.inwoner.volledige_naam)).to_be_visible()


def test_closing_nazorg_early_asks_a_reason_and_a_confirmation(pagina, wereld):
    wereld.werkcorporatie.gemeenten.add(wereld.nop)
    traject = traject_op_stap(wereld, Fase.NAZORG, voornaam="Noor", achternaam="Bakker")
    inloggen(pagina, wereld.werkcoach)
    _dossier(pagina, traject)
    kaart = _kaart(pagina, "Nazorg afronden en traject sluiten")
    expect(kaart.get_by_label("Reden om de nazorg nu al af te ronden")).to_have_count(0)
    kaart.get_by_label("Uitkomst").select_option("werk")
    kaart.get_by_role("button", name="Nazorg afronden").click()

    # The second step: the reason and the box appear, with why; nothing is closed yet.
    kaart = _kaart(pagina, "Nazorg afronden en traject sluiten")
    reden = kaart.get_by_label("Reden om de nazorg nu al af te ronden")
    expect(reden).to_be_visible()
    expect(reden).to_be_focused()  # the first field with an error takes the focus
    expect(kaart).to_contain_text("afgesproken contacten zijn nog niet gehouden")
    assert Traject.objects.get(pk=traject.pk).is_open
    schermafdruk(pagina, "dossier-nazorg-afronden-bevestigen")
    assert_toegankelijk(pagina)

    reden.fill("Vast contract bij de werkgever; wil geen nazorg meer.")
    kaart.get_by_role("button", name="Bevestigen en nazorg afronden").click()
    kaart = _kaart(pagina, "Nazorg afronden en traject sluiten")
    # The refreshed card: the reason is accepted, only the confirmation is still asked.
    expect(kaart).not_to_contain_text("Geef de reden om nu af te ronden")
    expect(kaart).to_contain_text("vink ‘Ja, nu afronden’ aan")
    expect(kaart.get_by_label("Reden om de nazorg nu al af te ronden")).to_have_value(
        "Vast contract bij de werkgever; wil geen nazorg meer."
    )
    kaart.get_by_label("Ja, nu afronden").check()
    kaart.get_by_role("button", name="Bevestigen en nazorg afronden").click()
    expect(pagina.locator("#dossier-melding")).to_have_text(
        "De nazorg is afgerond en het traject is gesloten."
    )
    expect(pagina.locator("#kop-nazorg").locator("..")).to_contain_text(
        "Eerder afgerond, omdat: Vast contract"
    )
    traject.refresh_from_db()
    assert traject.fase == Fase.AFGESLOTEN


def test_ending_a_traject_is_confirmed_in_a_second_step(pagina, wereld):
    traject = traject_op_stap(wereld, Fase.ORIENTATIE, voornaam="Ruben", achternaam="Smit")
    inloggen(pagina, wereld.werkcoach)
    _dossier(pagina, traject)
    kaart = _kaart(pagina, "Traject beëindigen met een reden")
    expect(kaart.get_by_label("Ja, beëindigen")).to_have_count(0)
    kaart.get_by_label("Reden").select_option("verhuisd")
    kaart.get_by_role("button", name="Traject beëindigen").click()
    kaart = _kaart(pagina, "Traject beëindigen met een reden")
    expect(kaart).to_contain_text("Dit kan niet ongedaan worden gemaakt")
    expect(kaart.get_by_label("Ja, beëindigen")).to_be_focused()
    assert Traject.objects.get(pk=traject.pk).is_open
    schermafdruk(pagina, "dossier-beeindigen-bevestigen")
    assert_toegankelijk(pagina)
    kaart.get_by_label("Ja, beëindigen").check()
    kaart.get_by_role("button", name="Bevestigen en traject beëindigen").click()
    expect(pagina.locator("#dossier-melding")).to_have_text("Het traject is beëindigd.")
    assert Traject.objects.get(pk=traject.pk).fase == Fase.AFGESLOTEN


def test_a_printed_dossier_has_the_data_and_timeline_but_no_menu_forms_or_buttons(pagina, wereld):
    catalogus_laden()
    wereld.roc.gemeenten.add(wereld.nop)
    traject = traject_op_stap(
        wereld,
        Fase.NAZORG,
        op=timezone.now() - timedelta(days=40),
        route="opleiding",
        naar_persoon=wereld.partner,
        bevestigd_op=timezone.now() - timedelta(days=20),
        voornaam="Fenna",
        achternaam="de Boer",
    )
    inzet_create(
        traject=traject,
        door=wereld.werkcoach,
        instrument=Instrument.objects.first(),
        status="lopend",
        startdatum=timezone.localdate() - timedelta(days=30),
    )
    contactmoment_create(
        traject=traject,
        door=wereld.werkcoach,
        datum=timezone.now() - timedelta(days=2),
        soort="telefoon",
        verslag="Gebeld: de opleiding bevalt goed.",
    )
    inloggen(pagina, wereld.werkcoach)
    _dossier(pagina, traject)
    pagina.emulate_media(media="print")
    schermafdruk(pagina, "dossier-afdruk")
    expect(pagina.get_by_role("navigation", name="Hoofdmenu")).to_be_hidden()
    expect(pagina.locator("footer.site-footer")).to_be_hidden()
    assert pagina.locator("form:visible").count() == 0
    assert pagina.locator("button:visible").count() == 0
    expect(pagina.get_by_role("heading", name="Acties")).to_be_hidden()
    expect(pagina.get_by_text("Vertrouwelijk · afgedrukt uit werkcoach in de wijk")).to_be_visible()
    tijdlijn = pagina.locator("ol.tijdlijn")
    expect(tijdlijn).to_be_visible()
    expect(tijdlijn).to_contain_text("Gebeld: de opleiding bevalt goed.")
    expect(tijdlijn).to_contain_text("Overdracht bevestigd")
    expect(tijdlijn).to_contain_text("Instrument gestart")
    expect(pagina.get_by_role("heading", name="Persoonsgegevens")).to_be_visible()
    expect(pagina.get_by_role("heading", name="Nazorgplan")).to_be_visible()
    # On screen everything is back: the print line is hidden, the actions are there.
    pagina.emulate_media(media="screen")
    expect(pagina.get_by_role("heading", name="Acties")).to_be_visible()
    expect(pagina.get_by_text("Vertrouwelijk · afgedrukt uit werkcoach in de wijk")).to_be_hidden()


def test_the_referrer_reads_the_whole_history_of_a_closed_referral(pagina, wereld):
    from trajecten.services import nazorg_afronden

    wereld.roc.gemeenten.add(wereld.nop)
    traject = traject_op_stap(
        wereld,
        Fase.NAZORG,
        op=timezone.now() - timedelta(days=40),
        route="opleiding",
        naar_persoon=wereld.partner,
        bevestigd_op=timezone.now() - timedelta(days=20),
        voornaam="Sem",
        achternaam="Mulder",
    )
    nazorg_afronden(
        traject=traject,
        door=wereld.werkcoach,
        uitkomst="opleiding",
        reden_eerder="NOTITIE: vertrouwelijk",
        bevestigd=True,
    )
    inloggen(pagina, wereld.sociaal_werker)
    pagina.goto(f"{pagina.basis_url}/aanmeldingen/{traject.aanmelding_id}/")
    verloop = pagina.get_by_role("list", name="Het verloop", exact=True)
    expect(verloop.get_by_role("listitem")).to_have_count(8)
    expect(verloop).to_contain_text("Overdracht bevestigd")
    expect(verloop).to_contain_text("De inwoner volgt een opleiding.")
    expect(pagina.locator("main")).not_to_contain_text("NOTITIE")
    schermafdruk(pagina, "verwijzer-verloop-afgerond")
    assert_toegankelijk(pagina)

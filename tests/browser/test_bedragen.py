"""Every amount field takes Dutch notation as a user types it in a Dutch browser: '412,35' is
four hundred and twelve euros and thirty-five cents, never 41235."""

import re
from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from rapportage.models import Begroting, Post, Uitgave
from rapportage.services import begroting_vullen
from tests.browser.conftest import assert_toegankelijk, inloggen, schermafdruk
from tests.conftest import maak_traject
from trajecten.models import Instrument, Inzet
from trajecten.services import catalogus_laden

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _typ(veld, tekst: str) -> None:
    veld.click()
    veld.press_sequentially(tekst, delay=15)


def _uitgave_vastleggen(pagina, omschrijving: str, bedrag: str):
    """Type an expense into the budget page's expense form and submit it."""
    uitgave = pagina.locator("form").filter(has=pagina.get_by_role("button", name="Vastleggen"))
    expect(uitgave.get_by_label(re.compile(r"^\s*Bedrag"))).to_have_attribute("type", "text")
    _typ(uitgave.get_by_label(re.compile(r"^\s*Datum")), "03-06-2024")
    uitgave.get_by_label(re.compile(r"^\s*Post")).select_option(Post.COMMUNICATIE)
    _typ(uitgave.get_by_label(re.compile(r"^\s*Omschrijving")), omschrijving)
    _typ(uitgave.get_by_label(re.compile(r"^\s*Bedrag")), bedrag)
    uitgave.get_by_role("button", name="Vastleggen").click()
    pagina.wait_for_load_state("networkidle")


def test_expense_and_budget_change_take_a_dutch_comma(pagina, wereld):
    begroting_vullen(pilot=wereld.pilot)
    jaar = 2024
    inloggen(pagina, wereld.projectleider)
    pagina.goto(f"{pagina.basis_url}/rapportage/begroting/?jaar={jaar}")

    _uitgave_vastleggen(pagina, "Drukwerk flyers", "412,35")
    assert Uitgave.objects.get().bedrag == Decimal("412.35")
    expect(pagina.get_by_text("€\u00a0412,35").first).to_be_visible()

    huidig = Begroting.objects.get(pilot=wereld.pilot, jaar=jaar, post=Post.COMMUNICATIE).bedrag
    wijzig = pagina.locator("form").filter(has=pagina.get_by_label("Reden van de wijziging"))
    wijzig.get_by_label(re.compile(r"^\s*Post")).select_option(Post.COMMUNICATIE)
    _typ(wijzig.get_by_label(re.compile(r"^\s*Begroot bedrag")), "2.750,50")
    _typ(wijzig.get_by_label("Reden van de wijziging"), "Extra drukwerk")
    wijzig.get_by_role("button").click()
    pagina.wait_for_load_state("networkidle")
    nieuw = Begroting.objects.get(pilot=wereld.pilot, jaar=jaar, post=Post.COMMUNICATIE).bedrag
    assert huidig != nieuw == Decimal("2750.50")
    schermafdruk(pagina, "bedragen-begroting")


def test_a_far_off_expense_asks_for_confirmation_in_the_browser(pagina, wereld):
    begroting_vullen(pilot=wereld.pilot)
    jaar = 2024
    inloggen(pagina, wereld.projectleider)
    pagina.goto(f"{pagina.basis_url}/rapportage/begroting/?jaar={jaar}")
    _uitgave_vastleggen(pagina, "Drukwerk", "4123500")
    expect(pagina.get_by_text(re.compile("Klopt dit bedrag?")).first).to_be_visible()
    assert not Uitgave.objects.exists()
    schermafdruk(pagina, "bedragen-bevestigen")
    assert_toegankelijk(pagina)
    uitgave = pagina.locator("form").filter(has=pagina.get_by_role("button", name="Vastleggen"))
    uitgave.get_by_label("Het bedrag klopt").check()
    uitgave.get_by_role("button", name="Vastleggen").click()
    pagina.wait_for_load_state("networkidle")
    assert Uitgave.objects.get().bedrag == Decimal("4123500")


def test_instrument_and_dossier_costs_take_a_dutch_comma(pagina, wereld):
    catalogus_laden()
    traject = maak_traject(wereld, op=timezone.now() - timedelta(days=3))
    inloggen(pagina, wereld.beheerder)
    pagina.goto(f"{pagina.basis_url}/trajecten/instrumenten/nieuw/")
    _typ(pagina.get_by_label(re.compile(r"^\s*Naam")), "Sollicitatietraining")
    pagina.get_by_label(re.compile(r"^\s*Aanbieder")).select_option(index=1)
    pagina.get_by_label(re.compile(r"^\s*Categorie")).select_option(index=1)
    _typ(pagina.get_by_label(re.compile(r"^\s*Omschrijving")), "Twee middagen oefenen.")
    _typ(pagina.get_by_label(re.compile(r"Kostenindicatie")), "87,50")
    pagina.get_by_label(re.compile(r"^\s*Gemeente")).select_option(label="Noordoostpolder")
    pagina.get_by_role("button", name=re.compile("Opslaan|Toevoegen")).click()
    pagina.wait_for_load_state("networkidle")
    schermafdruk(pagina, "bedragen-instrument")
    assert Instrument.objects.get(naam="Sollicitatietraining").kosten_indicatie == Decimal("87.50")

    pagina.context.clear_cookies()
    inloggen(pagina, wereld.werkcoach)
    pagina.goto(f"{pagina.basis_url}/trajecten/{traject.pk}/")
    pagina.get_by_role("button", name="Gesprek vastleggen").wait_for()
    kaart = pagina.locator("section.actie").filter(
        has=pagina.get_by_role("heading", name="Instrument inzetten")
    )
    if kaart.locator("summary").count():
        kaart.locator("summary").click()
    eigen = Instrument.objects.get(naam="Sollicitatietraining")
    kaart.get_by_label("Instrument").select_option(str(eigen.pk))
    kaart.get_by_label("Status").select_option("lopend")
    _typ(kaart.get_by_label("Geplande kosten (€)"), "412,35")
    kaart.get_by_role("button", name="Inzet vastleggen").click()
    expect(pagina.locator("#dossier-melding")).to_have_text(
        "De inzet van het instrument is vastgelegd."
    )
    assert Inzet.objects.get(traject=traject).kosten_gepland == Decimal("412.35")

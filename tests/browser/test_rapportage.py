import re

import pytest

from rapportage.indeling import KLANTREIS
from rapportage.services import begroting_vullen
from tests.browser.conftest import assert_toegankelijk, inloggen, schermafdruk
from tests.rapportage.conftest import geschiedenis  # noqa: F401 - shared fixture

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_dashboard_is_accessible_and_filters_by_gebiedsteam(pagina, wereld, geschiedenis):  # noqa: F811
    begroting_vullen(pilot=wereld.pilot)
    inloggen(pagina, wereld.manager)
    pagina.goto(f"{pagina.basis_url}/rapportage/dashboard/?jaar=2024")
    assert pagina.get_by_role("heading", name=KLANTREIS.titel).is_visible()
    assert pagina.get_by_role("img", name="Instroom per stap van de klantreis").is_visible()
    schermafdruk(pagina, "rapportage-dashboard")
    assert_toegankelijk(pagina)
    pagina.get_by_label("Gebiedsteam").select_option(label="Team B")
    pagina.get_by_role("button", name="Toon").click()
    pagina.wait_for_load_state("networkidle")
    assert "gebiedsteam=" in pagina.url
    assert pagina.get_by_text("Team B").first.is_visible()
    assert_toegankelijk(pagina)


def test_projectleider_asks_for_a_report_and_sees_it_in_the_archive(
    pagina,
    wereld,
):
    inloggen(pagina, wereld.projectleider)
    pagina.goto(f"{pagina.basis_url}/rapportage/rapporten/")
    assert_toegankelijk(pagina)
    pagina.get_by_label(re.compile(r"^\s*Jaar")).first.select_option("2024")
    pagina.get_by_label("Maand*", exact=True).select_option(label="maart")
    pagina.get_by_label("Hoogtepunten van deze maand").fill("Start van de open lessen.")
    pagina.get_by_role("button", name="Maandrapportage maken").click()
    pagina.wait_for_load_state("networkidle")
    # without a broker the task ran in-process: the report is done
    assert pagina.get_by_role("link", name=re.compile("PDF")).first.is_visible()
    schermafdruk(pagina, "rapportage-archief")
    assert_toegankelijk(pagina)


def test_budget_page_with_a_field_error_is_accessible(pagina, wereld):
    begroting_vullen(pilot=wereld.pilot)
    inloggen(pagina, wereld.projectleider)
    pagina.goto(f"{pagina.basis_url}/rapportage/begroting/?jaar=2024")
    pagina.get_by_label(re.compile(r"^\s*Omschrijving")).fill("Drukwerk")
    pagina.get_by_label(re.compile(r"^\s*Bedrag")).fill("-3")
    pagina.get_by_role("button", name="Vastleggen").click()
    pagina.wait_for_load_state("networkidle")
    assert pagina.get_by_text("Dit veld is verplicht.").first.is_visible()
    schermafdruk(pagina, "rapportage-begroting-fout")
    assert_toegankelijk(pagina)

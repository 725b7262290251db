"""The import as a werkcoach uses it: download the template, upload a realistic spreadsheet
with a few mistakes, read the dry run, confirm, and upload the same file again."""

import io

import openpyxl
import pytest
from playwright.sync_api import expect

from cases.models import Aanmelding
from tests.browser.conftest import assert_toegankelijk, inloggen, schermafdruk
from trajecten.models import Fase, Traject
from trajecten.services import catalogus_laden
from uitwisseling.kolommen import KOLOMMEN

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _spreadsheet(team: str, pad) -> None:
    werkmap = openpyxl.Workbook()
    blad = werkmap.active
    blad.title = "Registraties 2024"
    koppen = [k.kop for k in KOLOMMEN]
    blad.append(koppen)
    rijen = [
        # name, birth, team, referral, consent, steps (gesprek, oriëntatie, vervolg), route
        (
            "Fatima",
            "El Amrani",
            "14-03-1998",
            team,
            "06-02-2024",
            "ja",
            "15-02-2024",
            "22-02-2024",
            "02-05-2024",
            "opleiding",
            "Helpende Zorg en Welzijn (niveau 2)",
        ),
        ("Kees", "Bakker", "01-01-1970", team, "12-03-2024", "ja", "19-03-2024", "", "", "", ""),
        ("Anouk", "de Vries", "22-07-1985", team, "03-04-2024", "nee", "", "", "", "", ""),
        ("Henk", "Post", "30-02-1980", team, "10-04-2024", "ja", "", "", "", "", ""),
        (
            "Sara",
            "Yilmaz",
            "05-05-2001",
            "Gebiedsteam Lelystad",
            "14-05-2024",
            "ja",
            "",
            "",
            "",
            "",
            "",
        ),
        (
            "Mohammed",
            "Ait",
            "11-11-1995",
            team,
            "20-05-2024",
            "ja",
            "27-05-2024",
            "03-06-2024",
            "15-08-2024",
            "werk",
            "WerkCorporatie",
        ),
    ]
    for (
        voornaam,
        achternaam,
        geboren,
        t,
        aangemeld,
        ok,
        gesprek,
        orientatie,
        vervolg,
        route,
        bij,
    ) in rijen:
        waarden = {
            "Voornaam": voornaam,
            "Achternaam": achternaam,
            "Geboortedatum": geboren,
            "Gebiedsteam": t,
            "Datum aanmelding": aangemeld,
            "Signaal": "Wil weer aan het werk.",
            "Toestemming": ok,
            "Datum toestemming": aangemeld,
            "Wijze toestemming": "mondeling",
            "Datum gesprek": gesprek,
            "Datum oriëntatie": orientatie,
            "Datum vervolgtraject": vervolg,
            "Route": route,
            "Opleiding of organisatie": bij,
        }
        blad.append([waarden.get(k, "") for k in koppen])
    werkmap.save(pad)


def test_a_werkcoach_imports_a_spreadsheet_with_mistakes(pagina, wereld, tmp_path):
    catalogus_laden()
    bestand = tmp_path / "registraties-2024.xlsx"
    _spreadsheet(wereld.team_a.naam, bestand)
    inloggen(pagina, wereld.werkcoach)
    pagina.get_by_role("link", name="Import").click()
    with pagina.expect_download() as download:
        pagina.get_by_role("link", name="Download het sjabloon (.xlsx)").click()
    sjabloon = openpyxl.load_workbook(io.BytesIO(download.value.path().read_bytes()))
    assert sjabloon.active["A1"].value == "Voornaam"
    pagina.get_by_label("Bestand (.xlsx of .csv)").set_input_files(str(bestand))
    pagina.get_by_role("button", name="Voorbeeld bekijken").click()
    pagina.wait_for_load_state("networkidle")
    expect(pagina.get_by_text("Dit is een voorbeeld: er is nog niets opgeslagen.")).to_be_visible()
    fouten = pagina.get_by_role("table", name="Regels met een fout")
    expect(fouten).to_contain_text("Zonder toestemming van de inwoner")
    expect(fouten).to_contain_text("Geboortedatum")
    expect(fouten).to_contain_text("Onbekend gebiedsteam")
    assert_toegankelijk(pagina)
    schermafdruk(pagina, "import-voorbeeld")
    assert not Aanmelding.objects.exists()
    pagina.get_by_role("button", name="3 registratie(s) importeren").click()
    pagina.wait_for_load_state("networkidle")
    expect(pagina.get_by_text("De registraties zijn geïmporteerd.")).to_be_visible()
    schermafdruk(pagina, "import-geimporteerd")
    assert Aanmelding.objects.count() == 3
    assert Traject.objects.get(inwoner__voornaam="Mohammed").fase == Fase.VERVOLGTRAJECT
    # The same file again: the page says so and nothing changes.
    pagina.get_by_role("link", name="Import").click()
    pagina.get_by_label("Bestand (.xlsx of .csv)").set_input_files(str(bestand))
    pagina.get_by_role("button", name="Voorbeeld bekijken").click()
    pagina.wait_for_load_state("networkidle")
    expect(pagina.get_by_text("Nog een keer importeren verandert niets.")).to_be_visible()
    assert Aanmelding.objects.count() == 3

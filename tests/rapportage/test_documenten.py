"""The report files: PDF text (pdftotext) and XLSX (openpyxl) hold the KPI module's figures; the
PDF is tagged; the verantwoording suppresses small numbers and gives the same figures twice."""

import io
import re
import shutil
import subprocess

import pytest
from django.core.files.storage import default_storage
from openpyxl import load_workbook

from rapportage.kpi import Periode
from rapportage.models import Rapport
from rapportage.services import begroting_vullen, rapport_aanvragen, uitgave_create

pytestmark = pytest.mark.django_db


def pdf_tekst(data: bytes) -> str:
    uit = subprocess.run(  # noqa: S603 - a fixed command on our own test output
        [shutil.which("pdftotext") or "/usr/bin/pdftotext", "-layout", "-", "-"],
        input=data,
        capture_output=True,
        check=True,
    )
    return uit.stdout.decode().replace("\xa0", " ")


def xlsx_waarden(data: bytes) -> dict[str, dict[str, object]]:
    """{sheet: {label in column A: value in column B}}"""
    wb = load_workbook(io.BytesIO(data))
    return {
        ws.title: {
            r[0]: r[1] if len(r) > 1 else None for r in ws.iter_rows(values_only=True) if r[0]
        }
        for ws in wb.worksheets
    }


def maak(wereld, django_capture_on_commit_callbacks, soort, periode, toelichting=""):
    with django_capture_on_commit_callbacks(execute=True):
        rapport, _ = rapport_aanvragen(
            pilot=wereld.pilot,
            soort=soort,
            periode=periode,
            door=wereld.projectleider,
            toelichting=toelichting,
        )
    rapport.refresh_from_db()
    assert rapport.status == Rapport.Status.KLAAR, rapport.foutmelding
    with default_storage.open(rapport.pdf_bestand) as f:
        pdf = f.read()
    with default_storage.open(rapport.xlsx_bestand) as f:
        xlsx = f.read()
    return rapport, pdf, xlsx


def test_monthly_report_pdf_and_xlsx_hold_the_figures(
    wereld, geschiedenis, django_capture_on_commit_callbacks
):
    begroting_vullen(pilot=wereld.pilot)
    uitgave_create(
        pilot=wereld.pilot,
        door=wereld.projectleider,
        datum=Periode.maand(2024, 1).start,
        post="communicatie",
        omschrijving="Flyers voor de dorpshuizen",
        bedrag="1234.56",
    )
    rapport, pdf, xlsx = maak(
        wereld,
        django_capture_on_commit_callbacks,
        Rapport.Soort.MAANDRAPPORTAGE,
        Periode.maand(2024, 1),
        toelichting="Eerste open les bij ROC Friese Poort.",
    )
    tekst = pdf_tekst(pdf)
    assert "Maandrapportage januari 2024" in tekst
    assert "Eerste open les bij ROC Friese Poort." in tekst
    assert re.search(r"2024\s+2\s+30\s+6,7%", tekst)  # oriëntatie 2024: 2 of the target 30
    assert re.search(r"Totaal sinds de start\s+4\s+50", tekst)
    # Breakdowns that leave the pilot suppress small numbers: Team A has 3 referrals (< 5).
    assert re.search(r"Team A\s+<\s?5", tekst)
    assert not re.search(r"Team A\s+3\b", tekst)
    assert "€ 110.000,00" in tekst  # the 2024 budget after the year-plan revision
    assert "€ 1.484,56" in tekst  # realised: instrument 250,00 + flyers 1.234,56
    assert "Bijlage: hoe de cijfers zijn berekend" in tekst
    assert b"/StructTreeRoot" in pdf
    assert b"/Lang (nl)" in pdf
    waarden = xlsx_waarden(xlsx)
    assert waarden["Kerncijfers"]["Aanmeldingen"] == 5
    assert waarden["Kerncijfers"]["Gestart met oriëntatie"] == 2
    assert waarden["Kerncijfers"]["Conversie"] == "100,0%"
    assert waarden["Aanmeldingen"]["Team A"] == "< 5"
    assert waarden["Begroting"]["Totaal"] == 110000


def test_verantwoording_holds_aggregates_only_and_suppresses_small_numbers(
    wereld, geschiedenis, django_capture_on_commit_callbacks
):
    _, pdf, xlsx = maak(
        wereld,
        django_capture_on_commit_callbacks,
        Rapport.Soort.VERANTWOORDING,
        Periode.jaar(2024),
        toelichting="De samenwerking met ROC Friese Poort is hecht.",
    )
    tekst = pdf_tekst(pdf)
    assert "Verantwoording aan het RWF" in tekst
    assert "De samenwerking met ROC Friese Poort is hecht." in tekst
    # 2024: 5 referrals (shown), 4 conversations and 3 oriëntatie starts (below 5: suppressed)
    assert re.search(r"Aanmeldingen door de gebiedsteams\s+5\n", tekst)
    # (pdftotext drops the space of "< 5" when it lays out the columns)
    assert re.search(r"Kennismakingsgesprekken\s+<\s?5\n", tekst)
    assert re.search(r"Gestart met oriëntatie\s+<\s?5\n", tekst)
    assert re.search(r"Totaal tot en met 31-12-2024\s+5\s+50", tekst)
    assert "€ 155.000,00" in tekst
    # no residents, no villages, no teams: nothing that points at a person
    assert not re.search(r"Inwoner\d", tekst)  # the residents' names in the fixture
    for verboden in ("Emmeloord", "Team A", "Bant", "Jongere"):
        assert verboden not in tekst
    waarden = xlsx_waarden(xlsx)
    assert waarden["Kerncijfers"]["Aanmeldingen"] == 5
    assert waarden["Kerncijfers"]["Gesprekken gehouden"] == "< 5"
    assert waarden["Kerncijfers"]["Gestart met oriëntatie"] == "< 5"
    assert "Aanmeldingen" not in waarden  # the breakdown by team and village stays inside
    assert b"/StructTreeRoot" in pdf


def test_verantwoording_gives_identical_figures_when_generated_again(
    wereld, geschiedenis, django_capture_on_commit_callbacks
):
    periode = Periode.jaar(2024)
    eerste, pdf1, xlsx1 = maak(
        wereld, django_capture_on_commit_callbacks, Rapport.Soort.VERANTWOORDING, periode
    )
    Rapport.objects.filter(pk=eerste.pk).delete()
    _, pdf2, xlsx2 = maak(
        wereld, django_capture_on_commit_callbacks, Rapport.Soort.VERANTWOORDING, periode
    )

    def zonder_tijdstip(tekst):
        return [regel for regel in tekst.splitlines() if not re.search(r"\d\d:\d\d", regel)]

    assert zonder_tijdstip(pdf_tekst(pdf1)) == zonder_tijdstip(pdf_tekst(pdf2))
    assert xlsx_waarden(xlsx1) == xlsx_waarden(xlsx2)

"""The report files: PDF text (pdftotext) and XLSX (openpyxl) hold the KPI module's figures; the
PDF is tagged; the verantwoording suppresses small numbers and gives the same figures twice."""

import io
import re
import shutil
import subprocess
from datetime import date
from decimal import Decimal
from html.parser import HTMLParser

import pytest
from django.core.files.storage import default_storage
from openpyxl import load_workbook

from rapportage.documenten import maak_xlsx, maandrapport_context, verantwoording_context
from rapportage.kpi import Periode
from rapportage.models import Rapport
from rapportage.services import begroting_vullen, rapport_aanvragen, uitgave_create
from tests.conftest import dt, maak_aanmelding
from werkcoach.pdf import render_to_pdf

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
    assert re.search(r"Team A\s+x\n", tekst)
    assert not re.search(r"Team A\s+3\b", tekst)
    assert "€ 110.000,00" in tekst  # the 2024 budget after the year-plan revision
    assert "€ 1.484,56" in tekst  # realised: instrument 250,00 + flyers 1.234,56
    assert "Bijlage: hoe de cijfers zijn berekend" in tekst
    assert b"/StructTreeRoot" in pdf
    assert b"/Lang (nl)" in pdf
    waarden = xlsx_waarden(xlsx)
    assert waarden["Kerncijfers"]["Aanmeldingen door de gebiedsteams"] == 5
    assert waarden["Kerncijfers"]["Gestart met oriëntatie"] == 2
    assert (
        waarden["Kerncijfers"][f"Conversie (doel {wereld.pilot.doel_conversie_procent}%)"]
        == "100,0%"
    )
    assert waarden["Aanmeldingen"]["Team A"] == "x"
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
    assert re.search(r"Kennismakingsgesprekken\s+x\n", tekst)
    assert re.search(r"Gestart met oriëntatie\s+x\n", tekst)
    assert re.search(r"Totaal tot en met 31-12-2024\s+5\s+50", tekst)
    assert "€ 155.000,00" in tekst
    # no residents, no villages, no teams: nothing that points at a person
    assert not re.search(r"Inwoner\d", tekst)  # the residents' names in the fixture
    for verboden in ("Emmeloord", "Team A", "Bant", "Jongere"):
        assert verboden not in tekst
    waarden = xlsx_waarden(xlsx)
    assert waarden["Kerncijfers"]["Aanmeldingen door de gebiedsteams"] == 5
    assert waarden["Kerncijfers"]["Kennismakingsgesprekken"] == "x"
    assert waarden["Kerncijfers"]["Gestart met oriëntatie"] == "x"
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


class _Tabellen(HTMLParser):
    """{caption: [row, ...]} of the HTML's tables; a row is [label, cell, ...] for every row with
    a row header (a header spanning columns is followed by empty cells)."""

    def __init__(self):
        super().__init__()
        self.tabellen: dict[str, list[list[str]]] = {}
        self._caption = self._cel = self._rij = None
        self._tekst: list[str] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "caption":
            self._tekst, self._cel = [], "caption"
        elif tag == "tr":
            self._rij = []
        elif tag in ("th", "td") and self._rij is not None:
            self._tekst, self._cel = [], (tag, attrs)

    def handle_data(self, data):
        if self._cel:
            self._tekst.append(data)

    def handle_endtag(self, tag):
        tekst = " ".join("".join(self._tekst).replace("\xa0", " ").split())
        if tag == "caption":
            self._caption, self._cel = tekst, None
            self.tabellen[tekst] = []
        elif tag in ("th", "td") and self._cel and self._rij is not None:
            self._rij.append((self._cel, tekst))
            self._cel = None
        elif tag == "tr" and self._rij is not None:
            if self._rij and self._rij[0][0][1].get("scope") == "row":
                cellen = [self._rij[0][1]]
                cellen += [""] * (int(self._rij[0][0][1].get("colspan", 1)) - 1)
                cellen += [t for _, t in self._rij[1:]]
                self.tabellen[self._caption].append(cellen)
            self._rij = None


def _waarde(tekst):
    """A displayed figure as a comparable value: '€ 1.234,56', '1.234' and '2,5' become numbers;
    '< 5', '–' and '66,7%' stay text."""
    if tekst is None:
        return ""
    if isinstance(tekst, int | float | Decimal):
        return Decimal(str(tekst))
    tekst = str(tekst).replace("\xa0", " ").strip()
    kaal = tekst.removeprefix("€ ")
    if re.fullmatch(r"-?\d+(\.\d{3})*(,\d+)?", kaal):
        return Decimal(kaal.replace(".", "").replace(",", "."))
    return tekst


def xlsx_secties(data: bytes) -> dict[str, list[list]]:
    """{section heading (column A of a bold row): [row, ...]} over all sheets."""
    wb = load_workbook(io.BytesIO(data))
    secties: dict[str, list[list]] = {}
    for ws in wb.worksheets:
        kop = None
        for rij in ws.iter_rows():
            if rij[0].font.b and rij[0].value:
                kop = str(rij[0].value)
                secties[kop] = []
            elif kop and rij[0].value is not None:
                secties[kop].append([_waarde(c.value) for c in rij])
    return secties


def test_verantwoording_xlsx_holds_every_figure_of_its_pdf_exactly(wereld, geschiedenis):
    """Every table row of the verantwoording PDF is in the XLSX under the same caption with the
    same displayed values: small numbers, percentages and medians suppressed identically."""
    rapport = Rapport.objects.create(
        pilot=wereld.pilot,
        soort=Rapport.Soort.VERANTWOORDING,
        periode_start=date(2024, 1, 1),
        periode_eind=date(2024, 12, 31),
    )
    context = verantwoording_context(rapport)
    html, _pdf = render_to_pdf("rapportage/pdf/verantwoording.html", context)
    parser = _Tabellen()
    parser.feed(html)
    secties = xlsx_secties(maak_xlsx(context))
    gecontroleerd = 0
    for caption, rijen in parser.tabellen.items():
        assert caption in secties, f"table {caption!r} is missing from the XLSX"
        xlsx_rijen = secties[caption]
        for rij in rijen:
            verwacht = [_waarde(t) for t in rij]
            kandidaten = [r[: len(verwacht)] + [""] * (len(verwacht) - len(r)) for r in xlsx_rijen]
            assert verwacht in kandidaten, f"{caption}: {verwacht} not in {xlsx_rijen}"
            gecontroleerd += 1
    assert gecontroleerd > 40
    # the data really has small numbers, suppressed percentages and medians in both files
    alle = [c for rijen in parser.tabellen.values() for r in rijen for c in r]
    assert "x" in alle
    assert "–" in alle


def test_monthly_report_suppresses_small_rows_per_organisation_and_provider(wereld, geschiedenis):
    rapport = Rapport.objects.create(
        pilot=wereld.pilot,
        soort=Rapport.Soort.MAANDRAPPORTAGE,
        periode_start=date(2024, 1, 1),
        periode_eind=date(2024, 1, 31),
    )
    context = maandrapport_context(rapport)
    html, _pdf = render_to_pdf("rapportage/pdf/maandrapportage.html", context)
    tabellen = _Tabellen()
    tabellen.feed(html)
    secties = xlsx_secties(maak_xlsx(context))
    # January 2024: one handover to the ROC (confirmed after the month) and one instrument
    org = tabellen.tabellen["Overdrachten per ontvangende organisatie"]
    assert [r for r in org if r[0] == "ROC Friese Poort"] == [["ROC Friese Poort", "x", "0", "–"]]
    assert ["ROC Friese Poort", "x", Decimal(0), "–"] in secties[
        "Overdrachten per ontvangende organisatie"
    ]
    instrumenten = tabellen.tabellen[
        "Instrumenten per categorie en aanbieder, met geplande of werkelijke kosten"
    ]
    assert instrumenten[0][2:] == ["x", "x"]  # its cost would give the count away
    assert secties["Instrumenten per categorie en aanbieder, met geplande of werkelijke kosten"][1][
        2:
    ] == ["x", "x"]
    # The only row is the total: the total is hidden too (else it gives the row away).
    assert tabellen.tabellen[
        "Instrumenten per categorie en aanbieder, met geplande of werkelijke kosten"
    ][-1] == ["Totaal", "", "x", "x"]


def test_report_xlsx_writes_a_typed_label_as_text_never_as_a_formula(wereld, geschiedenis):
    kwaad = '=HYPERLINK("http://x")'
    maak_aanmelding(wereld, op=dt(2024, 1, 20), woonplaats=kwaad)
    rapport = Rapport.objects.create(
        pilot=wereld.pilot,
        soort=Rapport.Soort.MAANDRAPPORTAGE,
        periode_start=date(2024, 1, 1),
        periode_eind=date(2024, 1, 31),
    )
    wb = load_workbook(io.BytesIO(maak_xlsx(maandrapport_context(rapport))))
    cellen = [c for ws in wb.worksheets for rij in ws.iter_rows() for c in rij if c.value == kwaad]
    assert len(cellen) == 1
    assert cellen[0].data_type == "s"  # a string, not "f": no live formula, no apostrophe shown

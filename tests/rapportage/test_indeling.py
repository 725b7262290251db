"""The report layout declaration (``rapportage.indeling``): every declared table reaches the
dashboard, the PDF and the XLSX it is declared for; no label is typed outside the declaration;
every table of both PDFs fits its A4 page; chart value labels stay clear of the target marks."""

import re
from datetime import date
from pathlib import Path

import pytest
from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse

from rapportage import grafieken, indeling
from rapportage.documenten import maak_xlsx, maandrapport_context, verantwoording_context
from rapportage.indeling import Document, Herhaling, Regel
from rapportage.inhoud import opmaak
from rapportage.kpi import DEFINITIES
from rapportage.models import Rapport
from rapportage.services import begroting_vullen
from tests.rapportage.test_documenten import pdf_tekst, xlsx_secties
from werkcoach.pdf import render_to_pdf

pytestmark = pytest.mark.django_db

SJABLONEN = {
    Document.MAANDRAPPORTAGE: "rapportage/pdf/maandrapportage.html",
    Document.VERANTWOORDING: "rapportage/pdf/verantwoording.html",
}


def _rapport(wereld, document):
    if document == Document.MAANDRAPPORTAGE:
        rapport = Rapport.objects.create(
            pilot=wereld.pilot,
            soort=Rapport.Soort.MAANDRAPPORTAGE,
            periode_start=date(2024, 1, 1),
            periode_eind=date(2024, 1, 31),
        )
        return maandrapport_context(rapport)
    rapport = Rapport.objects.create(
        pilot=wereld.pilot,
        soort=Rapport.Soort.VERANTWOORDING,
        periode_start=date(2023, 6, 1),
        periode_eind=date(2024, 12, 31),
    )
    return verantwoording_context(rapport)


def _vaste_labels(tabel, document, context):
    """The rendered labels of the table's fixed rows shown in ``document``."""
    regels = [r for r in tabel.rijen if isinstance(r, Regel) and document in r.documenten]
    regels += [tabel.totaal] if tabel.totaal else []
    return [opmaak(r.label, context) for r in regels]


def _spaties(tekst):
    return " ".join(tekst.replace("\xa0", " ").split())


def test_the_declaration_is_consistent():
    sleutels = [t.sleutel for t in indeling.tabellen()]
    assert len(sleutels) == len(set(sleutels))
    assert len({s.sleutel for s in indeling.SECTIES}) == len(indeling.SECTIES)
    koppen = {kop for kop, _ in DEFINITIES}
    for tabel in indeling.tabellen():
        assert tabel.definitie is None or tabel.definitie in koppen, tabel.sleutel
    with pytest.raises(ValueError, match="cells for"):
        indeling.Tabel("x", "X", (indeling.Kolom("A"),), (Regel("a", ("v.a",)),))


@pytest.mark.parametrize("document", list(SJABLONEN))
def test_every_declared_table_is_in_the_pdf_and_the_xlsx(wereld, geschiedenis, document):
    begroting_vullen(pilot=wereld.pilot)
    context = _rapport(wereld, document)
    html = render_to_string(SJABLONEN[document], context)
    secties = xlsx_secties(maak_xlsx(context))
    html_tekst = _spaties(re.sub(r"<[^>]+>", " ", html))
    verwacht = indeling.tabellen(document)
    assert verwacht
    for tabel in verwacht:
        assert f'id="tabel-{tabel.sleutel}"' in html, tabel.sleutel
        titel = _spaties(opmaak(tabel.titel, context))
        assert titel in secties, f"{tabel.sleutel}: {titel!r} is missing from the XLSX"
        xlsx_labels = {str(r[0]) for r in secties[titel]}
        for label in _vaste_labels(tabel, document, context):
            assert _spaties(label) in html_tekst, label
            assert label in xlsx_labels, label
        for kolom in tabel.kolommen:
            assert kolom.kop in html_tekst, kolom.kop
    for sectie in indeling.SECTIES:
        assert (f'id="sectie-{sectie.sleutel}"' in html) == sectie.zichtbaar(document)
    if document == Document.MAANDRAPPORTAGE:  # months as the PDF has always shown them
        assert '<th scope="row">01-2024</th>' in html


def test_every_table_declared_for_the_dashboard_is_on_it(ingelogd, wereld, geschiedenis):
    begroting_vullen(pilot=wereld.pilot)
    r = ingelogd(wereld.manager).get(reverse("rapportage:dashboard"), {"jaar": 2024})
    html = r.content.decode()
    tekst = _spaties(re.sub(r"<[^>]+>", " ", html))
    op_het_dashboard = indeling.tabellen(Document.DASHBOARD)
    for tabel in indeling.tabellen():
        assert (f'id="tabel-{tabel.sleutel}"' in html) == (tabel in op_het_dashboard)
        if tabel in op_het_dashboard:
            kontekst = {k: r.context[k] for k in r.context.keys()}  # noqa: SIM118 - a ContextList
            for label in _vaste_labels(tabel, Document.DASHBOARD, kontekst):
                assert _spaties(label) in tekst, label
    for sectie in indeling.SECTIES:
        for tegel in sectie.tegels:
            if Document.DASHBOARD in tegel.documenten:
                assert tegel.label in tekst


def _gedeclareerde_teksten():
    """Captions, column headers, row labels and tile labels without fields, long enough to be
    unmistakable."""
    teksten = set()
    for sectie in indeling.SECTIES:
        teksten |= {sectie.titel, sectie.toelichting, *(t.label for t in sectie.tegels)}
        for tabel in sectie.tabellen:
            teksten |= {tabel.titel, tabel.leeg, tabel.toelichting}
            teksten |= {k.kop for k in tabel.kolommen}
            rijen = [*tabel.rijen, *([tabel.totaal] if tabel.totaal else [])]
            teksten |= {r.label for r in rijen if not isinstance(r, Herhaling)}
    return {t for t in teksten if len(t) >= 12 and "{" not in t}


def test_no_report_label_is_typed_outside_the_declaration():
    teksten = _gedeclareerde_teksten()
    assert "Reactietijden tegen de normen van de pilot" in teksten
    assert "Gerealiseerd (alleen werkelijke kosten)" in teksten
    basis = Path(settings.BASE_DIR)
    # (begroting.html is the budget page where posts are managed, not a report: not declared)
    bestanden = [
        p
        for p in (basis / "templates" / "rapportage").rglob("*.html")
        if p.name != "begroting.html"
    ]
    # (kpi.py holds DEFINITIES, the one text explaining each figure, which tables refer to;
    # maandcijfers.py stores the engine's blocks and names the models they come from)
    motor = ("indeling.py", "kpi.py", "maandcijfers.py")
    bestanden += [p for p in (basis / "rapportage").glob("*.py") if p.name not in motor]
    for pad in bestanden:
        inhoud = pad.read_text()
        for tekst in teksten:
            assert tekst not in inhoud, f"{tekst!r} is typed in {pad.relative_to(basis)}"


def _buiten_de_pagina(html):
    """Boxes of tables (and their cells) that reach past the right margin of their A4 page."""
    from weasyprint import HTML

    uit = []
    document = HTML(string=html, base_url=str(settings.BASE_DIR)).render()
    for nummer, pagina in enumerate(document.pages, 1):
        doos = pagina._page_box
        rechts = pagina.width - doos.margin_right + 0.5
        for box in doos.descendants():
            if type(box).__name__ in ("TableBox", "TableCellBox"):
                einde = box.position_x + box.margin_width()
                if einde > rechts:
                    uit.append((nummer, type(box).__name__, box.element.text, round(einde)))
    return uit, document


@pytest.mark.parametrize("document", list(SJABLONEN))
def test_every_table_of_the_pdf_fits_its_a4_page(wereld, geschiedenis, document):
    begroting_vullen(pilot=wereld.pilot)
    context = _rapport(wereld, document)
    html, pdf = render_to_pdf(SJABLONEN[document], context)
    buiten, opgemaakt = _buiten_de_pagina(html)
    assert buiten == []
    assert all(round(p.width) == 794 for p in opgemaakt.pages)  # A4: 210 mm at 96 dpi
    # and every column header of every table is in the PDF's text as laid out on the page
    # (a column cut off at the page edge loses its header there)
    woorden = set(re.findall(r"\w+", pdf_tekst(pdf)))
    for tabel in indeling.tabellen(document):
        for kolom in tabel.kolommen:
            ontbreekt = set(re.findall(r"\w+", kolom.kop)) - woorden
            assert not ontbreekt, f"{tabel.sleutel}: {kolom.kop!r} is cut off"


def test_a_bar_value_label_starts_after_the_target_mark():
    svg = str(
        grafieken.staven(
            ["Personeel", "Communicatie"],
            [47663.0, 1281.0],
            doelen=[73000.0, 5000.0],
            titel="Realisatie",
            opmaak=lambda w: f"€ {w:,.2f}",
        )
    )
    streepjes = [float(x) for x in re.findall(r'<line x1="([\d.]+)"', svg)]
    waarden = [float(x) for x in re.findall(r'<text x="([\d.]+)" y="\d+" font-size="12"', svg)]
    assert len(streepjes) == 2 and len(waarden) == 2
    for streep, tekst in zip(streepjes, waarden, strict=True):
        assert tekst > streep + 1.5
    # the longest label still fits inside the chart
    assert max(waarden) + 7 * len("€ 47,663.00") <= 600

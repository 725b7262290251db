"""The report documents: context building (shared with the dashboard), PDF and XLSX rendering.
Nothing here computes a figure: everything comes from ``rapportage.kpi`` and the budget selector.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from datetime import date

from django.conf import settings
from django.template.loader import render_to_string

from rapportage import grafieken
from rapportage.kpi import DEFINITIES, Kpis, Periode, kpis
from rapportage.models import Rapport
from rapportage.selectors import begroting_overzicht
from rapportage.templatetags.rapportage_tags import euro, klein, procent
from werkcoach.models import Gebiedsteam, Pilot

MAANDEN = [
    "januari",
    "februari",
    "maart",
    "april",
    "mei",
    "juni",
    "juli",
    "augustus",
    "september",
    "oktober",
    "november",
    "december",
]


def maand_label(dag: date) -> str:
    return f"{MAANDEN[dag.month - 1]} {dag.year}"


def render_to_pdf(template: str, context: dict) -> tuple[str, bytes]:
    """Render ``template`` to HTML and to a tagged PDF (PDF/UA-1). Returns (html, pdf_bytes)."""
    from weasyprint import HTML  # lazily: WeasyPrint is heavy and only needed here

    html = render_to_string(template, context)
    pdf = HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf(
        pdf_variant="pdf/ua-1", uncompressed_pdf=True
    )
    return html, pdf


def grafieken_voor(k: Kpis, *, drempel: int = 0) -> dict:
    """The charts of a KPI set (each template shows the data table alongside)."""
    trend_labels = [f"{MAANDEN[r['maand'].month - 1][:3]} {r['maand']:%y}" for r in k.per_maand]
    return {
        "trechter": grafieken.staven(
            [r.label for r in k.trechter],
            [r.aantal for r in k.trechter],
            titel="Instroom per stap van de klantreis",
            drempel=drempel,
        ),
        "orientatie": grafieken.staven(
            [str(r["jaar"]) for r in k.orientatie_per_jaar],
            [r["aantal"] for r in k.orientatie_per_jaar],
            doelen=[r["doel"] for r in k.orientatie_per_jaar],
            titel="Inwoners in een oriëntatietraject per jaar, tegen het jaardoel",
            drempel=drempel,
        ),
        "trend": grafieken.kolommen(
            trend_labels,
            [
                grafieken.Reeks("Aanmeldingen", [r["aanmeldingen"] for r in k.per_maand]),
                grafieken.Reeks("Start oriëntatie", [r["orientatie"] for r in k.per_maand]),
                grafieken.Reeks("Vervolgtraject", [r["vervolgtraject"] for r in k.per_maand]),
            ],
            titel="Aanmeldingen, start oriëntatie en vervolgtrajecten per maand",
        ),
    }


def begroting_grafiek(begroting: dict):
    return grafieken.staven(
        [r["label"] for r in begroting["rijen"]],
        [float(r["gerealiseerd"]) for r in begroting["rijen"]],
        doelen=[float(r["begroot"]) for r in begroting["rijen"]],
        titel="Realisatie per begrotingspost (streep: begroot)",
        opmaak=euro,
    )


def dashboard_context(
    pilot: Pilot, periode: Periode, gebiedsteam: Gebiedsteam | None, vandaag: date
) -> dict:
    k = kpis(pilot, periode, gebiedsteam)
    begroting = begroting_overzicht(pilot, Periode.jaar(periode.eind.year), vandaag)
    return {
        "k": k,
        "grafieken": grafieken_voor(k),
        "begroting": begroting,
        "begroting_grafiek": begroting_grafiek(begroting),
        "definities": DEFINITIES,
    }


def maandrapport_context(rapport: Rapport) -> dict:
    pilot = rapport.pilot
    periode = Periode(rapport.periode_start, rapport.periode_eind)
    jaarstart = max(date(periode.eind.year, 1, 1), pilot.startdatum)
    k = kpis(pilot, periode)
    jaar = kpis(pilot, Periode(min(jaarstart, periode.start), periode.eind))
    begroting = begroting_overzicht(pilot, Periode.jaar(periode.eind.year), periode.eind)
    return {
        "rapport": rapport,
        "pilot": pilot,
        "titel": f"Maandrapportage {maand_label(periode.start)}",
        # The monthly report goes to RWF and the partners: the pilot-wide figures stay exact
        # (they are measured against the targets), but the breakdowns by gebiedsteam, doelgroep
        # and dorp suppress small numbers, which could point to a person in a small village.
        "drempel_uitsplitsing": pilot.drempel_kleine_aantallen,
        "k": k,
        "jaar": jaar,
        "grafieken": grafieken_voor(jaar),
        "maand_grafieken": grafieken_voor(k),
        "begroting": begroting,
        "begroting_grafiek": begroting_grafiek(begroting),
        "definities": DEFINITIES,
    }


def verantwoording_context(rapport: Rapport) -> dict:
    pilot = rapport.pilot
    periode = Periode(rapport.periode_start, rapport.periode_eind)
    k = kpis(pilot, periode)
    drempel = pilot.drempel_kleine_aantallen
    begroting = begroting_overzicht(pilot, periode, periode.eind)
    return {
        "rapport": rapport,
        "pilot": pilot,
        "titel": f"Verantwoording aan het RWF, {periode.label}",
        "k": k,
        "drempel": drempel,
        "grafieken": grafieken_voor(k, drempel=drempel),
        "begroting": begroting,
        "begroting_grafiek": begroting_grafiek(begroting),
        "definities": DEFINITIES,
    }


def bestandsnaam(rapport: Rapport, extensie: str) -> str:
    if rapport.soort == Rapport.Soort.MAANDRAPPORTAGE:
        return f"maandrapportage-{rapport.periode_start:%Y-%m}.{extensie}"
    return f"verantwoording-{rapport.periode_start:%Y%m%d}-{rapport.periode_eind:%Y%m%d}.{extensie}"


def maak(rapport: Rapport, voortgang: Callable[[int], None] = lambda p: None) -> dict:
    """Both files of a report: {"pdf": (name, bytes), "xlsx": (name, bytes)}."""
    if rapport.soort == Rapport.Soort.MAANDRAPPORTAGE:
        context, template = maandrapport_context(rapport), "rapportage/pdf/maandrapportage.html"
    else:
        context, template = verantwoording_context(rapport), "rapportage/pdf/verantwoording.html"
    voortgang(35)
    _html, pdf = render_to_pdf(template, context)
    voortgang(80)
    xlsx = maak_xlsx(context)
    voortgang(95)
    return {
        "pdf": (bestandsnaam(rapport, "pdf"), pdf),
        "xlsx": (bestandsnaam(rapport, "xlsx"), xlsx),
    }


def maak_xlsx(context: dict) -> bytes:
    """The same figures as the PDF, one sheet per section. Small numbers are suppressed in the
    verantwoording exactly as in its PDF."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    k: Kpis = context["k"]
    drempel = context.get("drempel", 0)

    def n(waarde):
        if drempel:
            tekst = klein(waarde, drempel)
            return tekst if tekst.startswith("<") else waarde
        return waarde

    wb = Workbook()
    blad = wb.active
    blad.title = "Kerncijfers"

    def sectie(ws, kop, rijen):
        ws.append([kop])
        ws.cell(row=ws.max_row, column=1).font = Font(bold=True)
        for r in rijen:
            ws.append(list(r))
        ws.append([])

    blad.append([context["titel"]])
    blad.cell(row=1, column=1).font = Font(bold=True, size=14)
    blad.append(["Pilot", str(context["pilot"])])
    blad.append(["Periode", k.periode.label])
    blad.append([])
    sectie(
        blad,
        "Kerncijfers (periode)",
        [
            ("Aanmeldingen", n(k.aanmeldingen)),
            ("Waarvan afgewezen", n(k.aanmeldingen_afgewezen)),
            ("Gesprekken gehouden", n(k.gesprekken)),
            ("Gestart met oriëntatie", n(k.orientatie_gestart)),
            ("Vervolgtrajecten afgesproken", n(k.vervolgtrajecten)),
            ("Waarvan in tekortsectoren", n(k.tekortsectoren)),
            ("Nugger-inschrijvingen", n(k.nugger_ingeschreven)),
            ("Overdrachten", n(k.overdrachten_totaal)),
            ("Nazorg lopend (einde periode)", n(k.nazorg_lopend)),
            ("Nazorg afgerond", n(k.nazorg_afgerond)),
        ],
    )
    sectie(
        blad,
        "Oriëntatietrajecten tegen de doelen",
        [("Jaar", "Aantal", "Doel")]
        + [(r["jaar"], n(r["aantal"]), r["doel"]) for r in k.orientatie_per_jaar]
        + [("Totaal pilot", n(k.orientatie_totaal), k.orientatie_doel_totaal)],
    )
    c = k.conversie
    sectie(
        blad,
        "Conversie oriëntatie → vervolgtraject",
        [
            ("Gestart in de periode", n(c["gestart"])),
            ("Vervolgtraject", n(c["vervolg"])),
            ("Beëindigd in oriëntatie", n(c["beeindigd"])),
            ("Nog lopend", n(c["lopend"])),
            (
                "Conversie",
                procent(c["procent"]) if not drempel or c["afgerond"] >= drempel else "–",
            ),
            ("Doel", f"{c['doel']}%"),
        ],
    )
    ws = wb.create_sheet("Klantreis")
    sectie(ws, "Instroom per stap", [(r.label, n(r.aantal)) for r in k.trechter])
    sectie(ws, "Routes", [(r.label, n(r.aantal)) for r in k.routes])
    sectie(ws, "Sectoren", [(r.label, n(r.aantal)) for r in k.sectoren])
    sectie(
        ws,
        "Reactietijden",
        [("Stap", "Norm (werkdagen)", "Gemeten", "Binnen de norm", "Percentage")]
        + [
            (r["stap"], r["norm"], n(r["gemeten"]), n(r["binnen"]), procent(r["procent"]))
            for r in k.reactietijden
        ],
    )
    sectie(
        ws,
        "Mediane tijd per stap (dagen)",
        [(r["stap"], n(r["aantal"]), r["mediaan_dagen"]) for r in k.tijd_per_stap],
    )
    sectie(
        ws,
        "Participatieladder",
        [
            ("Gemeten", n(k.ladder["aantal"])),
            ("Gestegen", n(k.ladder["omhoog"])),
            ("Gelijk", n(k.ladder["gelijk"])),
            ("Gedaald", n(k.ladder["omlaag"])),
        ],
    )
    if not drempel:
        uitsplitsing = context.get("drempel_uitsplitsing", 0)

        def u(waarde):
            return (
                klein(waarde, uitsplitsing)
                if uitsplitsing and 0 < waarde < uitsplitsing
                else waarde
            )

        ws = wb.create_sheet("Aanmeldingen")
        sectie(ws, "Per gebiedsteam", [(r.label, u(r.aantal)) for r in k.per_gebiedsteam])
        sectie(ws, "Per doelgroep", [(r.label, u(r.aantal)) for r in k.per_doelgroep])
        sectie(ws, "Per dorp", [(r.label, u(r.aantal)) for r in k.per_dorp])
        sectie(
            ws,
            "Per maand",
            [(maand_label(r["maand"]), r["aanmeldingen"]) for r in k.per_maand],
        )
    ws = wb.create_sheet("Samenwerking")
    sectie(
        ws,
        "Overdrachten per ontvangende organisatie",
        [("Organisatie", "Overdrachten", "Bevestigd", "Mediane bevestigingstijd (dagen)")]
        + [
            (r.label, n(r.aantal), n(r.extra["bevestigd"]), r.extra["mediaan_dagen"])
            for r in k.overdrachten
        ],
    )
    sectie(
        ws,
        "Instrumenten",
        [("Categorie", "Aanbieder", "Aantal", "Kosten (€)")]
        + [(r["categorie"], r["aanbieder"], n(r["aantal"]), r["kosten"]) for r in k.instrumenten],
    )
    b = context["begroting"]
    ws = wb.create_sheet("Begroting")
    sectie(
        ws,
        f"Begroting en realisatie {b['periode'].label}",
        [("Post", "Begroot (€)", "Gerealiseerd (€)", "Resterend (€)", "Prognose (€)")]
        + [
            (r["label"], r["begroot"], r["gerealiseerd"], r["resterend"], r["prognose"])
            for r in b["rijen"]
        ]
        + [("Totaal", b["begroot"], b["gerealiseerd"], b["resterend"], b["prognose"])]
        + [("Subsidie", b["subsidie"])],
    )
    ws = wb.create_sheet("Definities")
    for kop, tekst in DEFINITIES:
        ws.append([kop, tekst])
    for blad in wb.worksheets:
        blad.column_dimensions["A"].width = 42
        for kol in "BCDE":
            blad.column_dimensions[kol].width = 18
    uit = io.BytesIO()
    wb.save(uit)
    return uit.getvalue()

"""The report documents: context building (shared with the dashboard), PDF and XLSX rendering.
Nothing here computes a figure: everything comes from ``rapportage.kpi`` and the budget selector.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from rapportage import grafieken, indeling
from rapportage.indeling import Document, Soort
from rapportage.inhoud import TabelInhoud, inhoud
from rapportage.kpi import DEFINITIES, MAANDEN, Kpis, Periode, Rij, kpis
from rapportage.models import Rapport
from rapportage.selectors import begroting_overzicht
from rapportage.templatetags.rapportage_tags import procent
from werkcoach.models import Gebiedsteam, Pilot
from werkcoach.pdf import render_to_pdf
from werkcoach.spreadsheet import rij_toevoegen
from werkcoach.templatetags.opmaak import euro

GEEN = "–"


def maand_label(dag: date) -> str:
    return f"{MAANDEN[dag.month - 1]} {dag.year}"


def weergave(k: Kpis, *, drempel: int = 0, uitsplitsing: int = 0) -> dict:
    """The figures of ``k`` as a report shows them, with small numbers suppressed: the one place
    that decides what is suppressed, used by the PDF templates and by ``maak_xlsx`` alike.

    ``drempel`` applies to every figure (the verantwoording); ``uitsplitsing`` only to the
    breakdowns that could point to a person: by gebiedsteam, doelgroep, dorp, receiving
    organisation and instrument provider (the monthly report). A count from 1 to the threshold
    becomes "< 5"; a percentage or median that rests on such a count becomes "–"; a percentage is
    text ("66,7%"); a missing median is "–". Counts and amounts otherwise stay numbers.
    """
    m = _Maskering(drempel, rij=max(drempel, uitsplitsing))
    return {**_tellingen(k, m), **_klantreis(k, m), **_samenwerking(k, m)}


@dataclass(frozen=True)
class _Maskering:
    """How one report shows small numbers: ``drempel`` for every figure, ``rij`` for the
    breakdowns that could point to a person."""

    drempel: int
    rij: int

    def n(self, aantal: int, d: int | None = None) -> int | str:
        d = self.drempel if d is None else d
        return f"< {d}" if d and 0 < aantal < d else aantal

    def pct(self, waarde, *aantallen: int, d: int | None = None) -> str:
        d = self.drempel if d is None else d
        if d and any(0 < (a or 0) < d for a in aantallen):
            return GEEN
        return procent(waarde)

    def med(self, waarde, aantal: int, d: int | None = None):
        d = self.drempel if d is None else d
        return GEEN if waarde is None or (d and aantal < d) else waarde

    def rijen(self, rs: list[Rij], d: int | None = None) -> list[dict]:
        return [{"label": r.label, "aantal": self.n(r.aantal, d)} for r in rs]


_TELLINGEN = (
    "aanmeldingen",
    "aanmeldingen_afgewezen",
    "aanmeldingen_ingetrokken",
    "aanmeldingen_nugger",
    "gesprekken",
    "beeindigd",
    "orientatie_gestart",
    "orientatie_totaal",
    "vervolgtrajecten",
    "tekortsectoren",
    "nugger_ingeschreven",
    "overdrachten_totaal",
    "overdrachten_bevestigd",
    "nazorg_lopend",
    "nazorg_afgerond",
)


def _tellingen(k: Kpis, m: _Maskering) -> dict:
    n, pct, c = m.n, m.pct, k.conversie
    return {
        **{naam: n(getattr(k, naam)) for naam in _TELLINGEN},
        "orientatie_doel_totaal": k.orientatie_doel_totaal,
        "orientatie_per_jaar": [
            {
                "jaar": r["jaar"],
                "aantal": n(r["aantal"]),
                "doel": r["doel"] or GEEN,
                "procent": pct(r["procent"], r["aantal"]),
            }
            for r in k.orientatie_per_jaar
        ],
        "conversie": {
            "gestart": n(c["gestart"]),
            "vervolg": n(c["vervolg"]),
            "beeindigd": n(c["beeindigd"]),
            "lopend": n(c["lopend"]),
            "afgerond": n(c["afgerond"]),
            "procent": pct(c["procent"], c["vervolg"], c["afgerond"]),
            "doel": c["doel"],
        },
    }


def _klantreis(k: Kpis, m: _Maskering) -> dict:
    n, pct, med, d = m.n, m.pct, m.med, k.doorlooptijd
    return {
        "trechter": m.rijen(k.trechter),
        "routes": m.rijen(k.routes),
        "sectoren": m.rijen(k.sectoren),
        "reactietijden": [
            {
                "stap": r["stap"],
                "norm": r["norm"],
                "gemeten": n(r["gemeten"]),
                "binnen": n(r["binnen"]),
                "procent": pct(r["procent"], r["binnen"], r["gemeten"]),
            }
            for r in k.reactietijden
        ],
        "tijd_per_stap": [
            {
                "stap": r["stap"],
                "aantal": n(r["aantal"]),
                "mediaan_dagen": med(r["mediaan_dagen"], r["aantal"]),
            }
            for r in k.tijd_per_stap
        ],
        "doorlooptijd": {
            "aantal": n(d["aantal"]),
            "mediaan_dagen": med(d["mediaan_dagen"], d["aantal"]),
            "streef_dagen": d["streef_dagen"],
            "binnen": n(d["binnen"]),
            "procent": pct(d["procent"], d["binnen"], d["aantal"]),
        },
        "ladder": {
            "aantal": n(k.ladder["aantal"]),
            "omhoog": n(k.ladder["omhoog"]),
            "gelijk": n(k.ladder["gelijk"]),
            "omlaag": n(k.ladder["omlaag"]),
            "gemiddeld": med(k.ladder["gemiddeld"], k.ladder["aantal"]),
        },
    }


def _samenwerking(k: Kpis, m: _Maskering) -> dict:
    n, med, rij = m.n, m.med, m.rij
    return {
        "per_gebiedsteam": m.rijen(k.per_gebiedsteam, rij),
        "per_doelgroep": m.rijen(k.per_doelgroep, rij),
        "per_dorp": m.rijen(k.per_dorp, rij),
        "overdrachten": [
            {
                "label": r.label,
                "aantal": n(r.aantal, rij),
                "bevestigd": n(r.extra["bevestigd"], rij),
                "mediaan_dagen": med(r.extra["mediaan_dagen"], r.extra["bevestigd"], rij),
            }
            for r in k.overdrachten
        ],
        "bevestiging_mediaan_dagen": med(k.bevestiging_mediaan_dagen, k.overdrachten_bevestigd),
        "nazorg_uitkomsten": m.rijen(k.nazorg_uitkomsten),
        "instrumenten": [{**r, "aantal": n(r["aantal"], rij)} for r in k.instrumenten],
        "instrumenten_aantal": n(k.instrumenten_aantal),
        "instrumenten_kosten": k.instrumenten_kosten,
    }


def grafieken_voor(k: Kpis, begroting: dict, *, drempel: int = 0) -> dict:
    """The charts of a KPI set and a budget, by the key ``indeling`` gives them; titles and the
    trend's series names come from the declaration (each is shown above its data table)."""
    trend_labels = [f"{MAANDEN[r['maand'].month - 1][:3]} {r['maand']:%y}" for r in k.per_maand]
    reeksen = indeling.tabel("per_maand").kolommen[1:]
    return {
        "trechter": grafieken.staven(
            [r.label for r in k.trechter],
            [r.aantal for r in k.trechter],
            titel=indeling.grafiek("trechter").titel,
            drempel=drempel,
        ),
        "orientatie": grafieken.staven(
            [str(r["jaar"]) for r in k.orientatie_per_jaar],
            [r["aantal"] for r in k.orientatie_per_jaar],
            doelen=[r["doel"] for r in k.orientatie_per_jaar],
            titel=indeling.grafiek("orientatie").titel,
            drempel=drempel,
        ),
        "trend": grafieken.kolommen(
            trend_labels,
            [
                grafieken.Reeks(kolom.kop, [r[veld] for r in k.per_maand])
                for kolom, veld in zip(
                    reeksen, ("aanmeldingen", "orientatie", "vervolgtraject"), strict=True
                )
            ],
            titel=indeling.grafiek("trend").titel,
        ),
        "begroting": grafieken.staven(
            [r["label"] for r in begroting["rijen"]],
            [float(r["gerealiseerd"]) for r in begroting["rijen"]],
            doelen=[float(r["begroot"]) for r in begroting["rijen"]],
            titel=indeling.grafiek("begroting").titel,
            opmaak=euro,
        ),
    }


def _met_inhoud(document: Document, context: dict) -> dict:
    context["document"] = document.value
    context["secties"] = inhoud(document, context)
    return context


def dashboard_context(
    pilot: Pilot, periode: Periode, gebiedsteam: Gebiedsteam | None, vandaag: date
) -> dict:
    k = kpis(pilot, periode, gebiedsteam)
    begroting = begroting_overzicht(pilot, Periode.jaar(periode.eind.year), vandaag)
    v = weergave(k)  # no threshold: the dashboard stays inside the pilot
    context = {
        "k": k,
        "v": v,
        "pilot": pilot,
        "conversie": v["conversie"],
        "per_maand": k.per_maand,
        "totaal_label": "Totaal sinds de start",
        "grafieken": grafieken_voor(k, begroting),
        "begroting": begroting,
        "definities": DEFINITIES,
    }
    return _met_inhoud(Document.DASHBOARD, context)


def maandrapport_context(rapport: Rapport) -> dict:
    pilot = rapport.pilot
    periode = Periode(rapport.periode_start, rapport.periode_eind)
    jaarstart = max(date(periode.eind.year, 1, 1), pilot.startdatum)
    k = kpis(pilot, periode)
    jaar = kpis(pilot, Periode(min(jaarstart, periode.start), periode.eind))
    begroting = begroting_overzicht(pilot, Periode.jaar(periode.eind.year), periode.eind)
    context = {
        "rapport": rapport,
        "pilot": pilot,
        "titel": f"Maandrapportage {maand_label(periode.start)}",
        # The monthly report goes to RWF and the partners: the pilot-wide figures stay exact
        # (they are measured against the targets), but the breakdowns by gebiedsteam, doelgroep
        # and dorp suppress small numbers, which could point to a person in a small village.
        "drempel_uitsplitsing": pilot.drempel_kleine_aantallen,
        "k": k,
        "jaar": jaar,
        "v": weergave(k, uitsplitsing=pilot.drempel_kleine_aantallen),
        # the conversion, the monthly trend and their charts cover the year to date
        "conversie": weergave(jaar)["conversie"],
        "conversie_periode": " dit jaar",
        "per_maand": jaar.per_maand,
        "totaal_label": "Totaal sinds de start",
        "grafieken": {
            **grafieken_voor(jaar, begroting),
            "trechter": grafieken_voor(k, begroting)["trechter"],
        },
        "begroting": begroting,
        "definities": DEFINITIES,
    }
    return _met_inhoud(Document.MAANDRAPPORTAGE, context)


def verantwoording_context(rapport: Rapport) -> dict:
    pilot = rapport.pilot
    periode = Periode(rapport.periode_start, rapport.periode_eind)
    k = kpis(pilot, periode)
    drempel = pilot.drempel_kleine_aantallen
    begroting = begroting_overzicht(pilot, periode, periode.eind)
    v = weergave(k, drempel=drempel)
    context = {
        "rapport": rapport,
        "pilot": pilot,
        "titel": f"Verantwoording aan het RWF, {periode.label}",
        "k": k,
        "drempel": drempel,
        "v": v,
        "conversie": v["conversie"],
        "conversie_periode": "",
        "per_maand": [],
        "totaal_label": f"Totaal tot en met {periode.eind:%d-%m-%Y}",
        "grafieken": grafieken_voor(k, begroting, drempel=drempel),
        "begroting": begroting,
        "definities": DEFINITIES,
    }
    return _met_inhoud(Document.VERANTWOORDING, context)


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
    """The same tables as the PDF (``context["secties"]``, from ``indeling``), one sheet per part:
    every table is a section with the same caption, column headers, row labels and displayed
    values, so small numbers are suppressed exactly as in the PDF. Every text cell is written
    as text (``werkcoach.spreadsheet``): a label typed by a user never becomes a formula.
    """
    from openpyxl import Workbook
    from openpyxl.styles import Font

    wb = Workbook()
    voorblad = wb.active
    voorblad.title = context["secties"][0].sectie.blad
    rij_toevoegen(voorblad, [context["titel"]])
    voorblad.cell(row=1, column=1).font = Font(bold=True, size=14)
    rij_toevoegen(voorblad, ["Pilot", str(context["pilot"])])
    rij_toevoegen(voorblad, ["Periode", context["k"].periode.label])
    voorblad.append([])
    for sectie in context["secties"]:
        if sectie.sectie.blad not in wb.sheetnames:
            wb.create_sheet(sectie.sectie.blad)
        for tabel in sectie.tabellen:
            _xlsx_tabel(wb[sectie.sectie.blad], tabel, Font(bold=True))
    blad = wb.create_sheet("Definities")
    for kop, tekst in DEFINITIES:
        rij_toevoegen(blad, [kop, tekst])
    for blad in wb.worksheets:
        blad.column_dimensions["A"].width = 42
        for kol in "BCDE":
            blad.column_dimensions[kol].width = 18
    uit = io.BytesIO()
    wb.save(uit)
    return uit.getvalue()


def _xlsx_tabel(blad, tabel: TabelInhoud, vet) -> None:
    """One table as a section: caption (bold), column headers, rows, total, an empty row."""
    rij_toevoegen(blad, [tabel.titel])
    blad.cell(row=blad.max_row, column=1).font = vet
    rij_toevoegen(
        blad, [f"{k.kop} (€)" if k.soort == Soort.BEDRAG else k.kop for k in tabel.kolommen]
    )
    for rij in (*tabel.rijen, *([tabel.totaal] if tabel.totaal else [])):
        rij_toevoegen(blad, [rij.label, *[""] * (rij.span - 1), *(c.xlsx for c in rij.cellen)])
    blad.append([])

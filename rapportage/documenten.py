"""The report documents: context building (shared with the dashboard), PDF and XLSX rendering.
Nothing here computes a figure: everything comes from ``rapportage.kpi`` and the budget selector.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from django.utils import timezone

from rapportage import geheimhouding, grafieken, indeling
from rapportage.indeling import Document, Soort
from rapportage.inhoud import TabelInhoud, inhoud
from rapportage.kpi import (
    DEFINITIES,
    MAANDEN,
    TEKORTSECTOREN,
    Kpis,
    Periode,
    Rij,
    aandachtspunten,
    kpis,
)
from rapportage.models import Rapport
from rapportage.selectors import begroting_overzicht
from rapportage.templatetags.rapportage_tags import procent
from trajecten.models import Sector
from werkcoach.models import Gebiedsteam, Pilot
from werkcoach.pdf import render_to_pdf
from werkcoach.spreadsheet import rij_toevoegen
from werkcoach.templatetags.opmaak import euro

GEEN = "–"


def maand_label(dag: date) -> str:
    return f"{MAANDEN[dag.month - 1]} {dag.year}"


def weergave(k: Kpis, *, drempel: int = 0, uitsplitsing: int = 0, jaar: Kpis | None = None) -> dict:
    """The figures of ``k`` as a report shows them, with small numbers suppressed: the one place
    that decides what is suppressed, used by the PDF templates, the charts and ``maak_xlsx``.

    ``drempel`` protects every count (the verantwoording) but the headline accountability
    (oriëntatie per year and in total, against the targets); ``uitsplitsing`` protects only the
    breakdowns (by gebiedsteam, doelgroep, dorp, route, sector, organisation, provider, reason,
    outcome, month: the monthly report). Cells are hidden by ``rapportage.geheimhouding``
    (primary and secondary suppression over every sum the report shows, ``jaar``'s figures of
    the monthly report included) and shown as "x"; a percentage or median that rests on a
    hidden or small count becomes "–"; a percentage is text ("66,7%"); a missing median is "–".
    """
    cijfers = _cijfers(k, jaar, alles=bool(drempel))
    t = max(drempel, uitsplitsing)
    m = _Maskering(cijfers, geheimhouding.onderdrukken(cijfers, t), t)
    uit = {**_tellingen(k, m), **_klantreis(k, m), **_samenwerking(k, m)}
    if jaar is not None:
        uit["per_maand"] = [
            {
                "maand": r["maand"],
                **{v: m.n(f"per_maand:{r['maand']}:{v}") for v in _MAANDVELDEN},
            }
            for r in jaar.per_maand
        ]
        uit["conversie_jaar"] = _conversie(jaar.conversie, m, "jaar:")
    return uit


@dataclass(frozen=True)
class _Maskering:
    """How one report shows its cells: hidden ones as "x", and percentages and medians that
    rest on a hidden or small count as "–"."""

    cijfers: geheimhouding.Cijfers
    verborgen: set[str]
    drempel: int

    def n(self, naam: str):
        if naam in self.verborgen:
            return geheimhouding.VERBORGEN
        w = self.cijfers.waarden[naam]
        return int(w) if float(w).is_integer() else w

    def klein(self, naam: str) -> bool:
        w = self.cijfers.waarden[naam]
        return naam in self.verborgen or (
            naam in self.cijfers.beschermd and self.drempel > 0 and 0 < w < self.drempel
        )

    def pct(self, waarde, *namen: str) -> str:
        return GEEN if any(self.klein(n) for n in namen) else procent(waarde)

    def med(self, waarde, naam: str):
        w = self.cijfers.waarden[naam]
        kort = naam in self.cijfers.beschermd and self.drempel > 0 and w < self.drempel
        return GEEN if waarde is None or kort or naam in self.verborgen else waarde

    def rijen(self, lijst: str, rs: list[Rij]) -> list[dict]:
        return [{"label": r.label, "aantal": self.n(f"{lijst}:{r.label}")} for r in rs]


_MAANDVELDEN = ("aanmeldingen", "orientatie", "vervolgtraject")

_TELLINGEN = (
    "aanmeldingen",
    "aanmeldingen_afgewezen",
    "aanmeldingen_onbereikbaar",
    "aanmeldingen_ingetrokken",
    "aanmeldingen_ingetrokken_na_start",
    "aanmeldingen_nugger",
    "gesprekken",
    "beeindigd",
    "orientatie_gestart",
    "vervolgtrajecten",
    "tekortsectoren",
    "nugger_ingeschreven",
    "overdrachten_totaal",
    "overdrachten_bevestigd",
    "nazorg_lopend",
    "nazorg_afgerond",
    "instrumenten_aantal",
)
# Breakdowns: (name of the list in Kpis, the total it adds up to)
_UITSPLITSINGEN = (
    ("per_gebiedsteam", "aanmeldingen"),
    ("per_doelgroep", "aanmeldingen"),
    ("per_dorp", "aanmeldingen"),
    ("routes", "vervolgtrajecten"),
    ("sectoren", "vervolgtrajecten"),
    ("beeindigd_per_reden", "beeindigd"),
    ("nazorg_uitkomsten", "nazorg_afgerond"),
)


def _tellingen(k: Kpis, m: _Maskering) -> dict:
    return {
        **{naam: m.n(naam) for naam in _TELLINGEN},
        "orientatie_totaal": k.orientatie_totaal,
        "orientatie_totaal_trajecten": k.orientatie_totaal_trajecten,
        "orientatie_doel_totaal": k.orientatie_doel_totaal,
        "orientatie_totaal_procent": procent(
            round(100 * k.orientatie_totaal / k.orientatie_doel_totaal, 1)
            if k.orientatie_doel_totaal
            else None
        )
        if k.orientatie_doel_totaal
        else GEEN,
        "orientatie_per_jaar": [
            {
                "jaar": r["jaar"],
                "aantal": r["aantal"],
                "trajecten": r["trajecten"],
                "doel": r["doel"] or GEEN,
                "procent": procent(r["procent"]),
            }
            for r in k.orientatie_per_jaar
        ],
        "conversie": _conversie(k.conversie, m),
    }


def _klantreis(k: Kpis, m: _Maskering) -> dict:
    d = k.doorlooptijd
    return {
        "trechter": [
            {"label": r.label, "aantal": m.n(f"trechter:{i}")} for i, r in enumerate(k.trechter)
        ],
        "beeindigd_per_reden": m.rijen("beeindigd_per_reden", k.beeindigd_per_reden),
        "routes": m.rijen("routes", k.routes),
        "sectoren": m.rijen("sectoren", k.sectoren),
        "reactietijden": [
            {
                "stap": r["stap"],
                "norm": r["norm"],
                "gemeten": m.n(f"reactietijden:{i}:gemeten"),
                "binnen": m.n(f"reactietijden:{i}:binnen"),
                "procent": m.pct(
                    r["procent"], f"reactietijden:{i}:binnen", f"reactietijden:{i}:gemeten"
                ),
            }
            for i, r in enumerate(k.reactietijden)
        ],
        "tijd_per_stap": [
            {
                "stap": r["stap"],
                "aantal": m.n(f"tijd_per_stap:{i}"),
                "mediaan_dagen": m.med(r["mediaan_dagen"], f"tijd_per_stap:{i}"),
            }
            for i, r in enumerate(k.tijd_per_stap)
        ],
        "doorlooptijd": {
            "aantal": m.n("doorlooptijd:aantal"),
            "mediaan_dagen": m.med(d["mediaan_dagen"], "doorlooptijd:aantal"),
            "streef_dagen": d["streef_dagen"],
            "binnen": m.n("doorlooptijd:binnen"),
            "procent": m.pct(d["procent"], "doorlooptijd:binnen", "doorlooptijd:aantal"),
        },
        "ladder": {
            **{v: m.n(f"ladder:{v}") for v in ("aantal", "omhoog", "gelijk", "omlaag")},
            "gemiddeld": m.med(k.ladder["gemiddeld"], "ladder:aantal")
            if not any(m.klein(f"ladder:{v}") for v in ("omhoog", "gelijk", "omlaag"))
            else GEEN,
        },
    }


def _samenwerking(k: Kpis, m: _Maskering) -> dict:
    return {
        "per_gebiedsteam": m.rijen("per_gebiedsteam", k.per_gebiedsteam),
        "per_doelgroep": m.rijen("per_doelgroep", k.per_doelgroep),
        "per_dorp": m.rijen("per_dorp", k.per_dorp),
        "overdrachten": [
            {
                "label": r.label,
                "aantal": m.n(f"overdrachten:{r.label}:aantal"),
                "bevestigd": m.n(f"overdrachten:{r.label}:bevestigd"),
                "mediaan_dagen": m.med(
                    r.extra["mediaan_dagen"], f"overdrachten:{r.label}:bevestigd"
                ),
            }
            for r in k.overdrachten
        ],
        "bevestiging_mediaan_dagen": m.med(k.bevestiging_mediaan_dagen, "overdrachten_bevestigd"),
        "nazorg_uitkomsten": m.rijen("nazorg_uitkomsten", k.nazorg_uitkomsten),
        "instrumenten": [
            {
                **r,
                "aantal": m.n(f"instrumenten:{i}:aantal"),
                "kosten": m.n(f"instrumenten:{i}:kosten")
                if f"instrumenten:{i}:kosten" in m.verborgen
                else r["kosten"],
            }
            for i, r in enumerate(k.instrumenten)
        ],
        "instrumenten_kosten": geheimhouding.VERBORGEN
        if "instrumenten_kosten" in m.verborgen
        else k.instrumenten_kosten,
    }


def grafieken_voor(k: Kpis, begroting: dict, v: dict, *, per_maand: list | None = None) -> dict:
    """The charts of a KPI set and a budget, by the key ``indeling`` gives them, drawn from the
    displayed figures ``v`` (a hidden figure is not drawn and labelled "x"); titles and the
    trend's series names come from the declaration (each is shown above its data table)."""
    per_maand = k.per_maand if per_maand is None else per_maand
    trend_labels = [f"{MAANDEN[r['maand'].month - 1][:3]} {r['maand']:%y}" for r in per_maand]
    reeksen = indeling.tabel("per_maand").kolommen[1:]
    return {
        "trechter": grafieken.staven(
            [r["label"] for r in v["trechter"]],
            [r["aantal"] for r in v["trechter"]],
            titel=indeling.grafiek("trechter").titel,
        ),
        "orientatie": grafieken.staven(
            [str(r["jaar"]) for r in k.orientatie_per_jaar],
            [r["aantal"] for r in k.orientatie_per_jaar],
            doelen=[r["doel"] for r in k.orientatie_per_jaar],
            titel=indeling.grafiek("orientatie").titel,
        ),
        "trend": grafieken.kolommen(
            trend_labels,
            [
                grafieken.Reeks(kolom.kop, [r[veld] for r in per_maand])
                for kolom, veld in zip(reeksen, _MAANDVELDEN, strict=True)
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


def _cijfers(k: Kpis, jaar: Kpis | None, *, alles: bool) -> geheimhouding.Cijfers:
    """Every count the report publishes as a named cell, with the sums that tie them."""
    c = geheimhouding.Cijfers()
    for naam in _TELLINGEN:
        c.cel(naam, getattr(k, naam), beschermd=alles)
    for r in k.orientatie_per_jaar:  # the headline accountability: never hidden
        c.vast |= {c.cel(f"orientatie:{r['jaar']}", r["aantal"])}
        c.vast |= {c.cel(f"orientatie:{r['jaar']}:trajecten", r["trajecten"])}
    for naam in ("orientatie_totaal", "orientatie_totaal_trajecten"):
        c.vast.add(c.cel(naam, getattr(k, naam)))
    c.som(
        "orientatie_totaal_trajecten",
        [f"orientatie:{r['jaar']}:trajecten" for r in k.orientatie_per_jaar],
    )
    for lijst, totaal in _UITSPLITSINGEN:
        c.som(
            totaal,
            [
                c.cel(f"{lijst}:{rij.label}", rij.aantal, beschermd=True)
                for rij in getattr(k, lijst)
            ],
        )
    tekort = {dict(Sector.choices)[s] for s in TEKORTSECTOREN}
    c.som("tekortsectoren", [f"sectoren:{r.label}" for r in k.sectoren if r.label in tekort])
    for i, stap in enumerate(k.trechter):
        c.cel(f"trechter:{i}", stap.aantal, beschermd=alles)
    _cijfers_samenwerking(c, k)
    _cijfers_klantreis(c, k, "", alles=alles)
    if jaar is not None:
        _cijfers_klantreis(c, jaar, "jaar:", alles=alles, alleen_conversie=True)
        _cijfers_maanden(c, k, jaar)
    return c


def _cijfers_samenwerking(c: geheimhouding.Cijfers, k: Kpis) -> None:
    for veld, totaal in (
        ("aantal", "overdrachten_totaal"),
        ("bevestigd", "overdrachten_bevestigd"),
    ):
        c.som(
            totaal,
            [
                c.cel(
                    f"overdrachten:{r.label}:{veld}",
                    r.aantal if veld == "aantal" else r.extra[veld],
                    beschermd=True,
                )
                for r in k.overdrachten
            ],
        )
    aantallen, bedragen = [], []
    for i, r in enumerate(k.instrumenten):
        aantallen.append(c.cel(f"instrumenten:{i}:aantal", r["aantal"], beschermd=True))
        bedragen.append(c.cel(f"instrumenten:{i}:kosten", r["kosten"]))
        c.koppel(aantallen[-1], bedragen[-1])  # a cost gives away its count
    c.som("instrumenten_aantal", aantallen)
    c.cel("instrumenten_kosten", k.instrumenten_kosten)
    c.som("instrumenten_kosten", bedragen)


def _cijfers_klantreis(
    c: geheimhouding.Cijfers, k: Kpis, voor: str, *, alles: bool, alleen_conversie: bool = False
) -> None:
    conv = k.conversie
    for veld in ("gestart", "vervolg", "beeindigd", "lopend", "afgerond"):
        c.cel(f"{voor}conversie:{veld}", conv[veld], beschermd=alles)
    c.som(f"{voor}conversie:afgerond", [f"{voor}conversie:vervolg", f"{voor}conversie:beeindigd"])
    c.som(f"{voor}conversie:gestart", [f"{voor}conversie:afgerond", f"{voor}conversie:lopend"])
    if alleen_conversie:
        return
    for i, r in enumerate(k.reactietijden):
        c.cel(f"reactietijden:{i}:gemeten", r["gemeten"], beschermd=alles)
        c.cel(f"reactietijden:{i}:binnen", r["binnen"], beschermd=alles)
    for i, r in enumerate(k.tijd_per_stap):
        c.cel(f"tijd_per_stap:{i}", r["aantal"], beschermd=alles)
    c.cel("doorlooptijd:aantal", k.doorlooptijd["aantal"], beschermd=alles)
    c.cel("doorlooptijd:binnen", k.doorlooptijd["binnen"], beschermd=alles)
    ladder = [
        c.cel(f"ladder:{v}", k.ladder[v], beschermd=True) for v in ("omhoog", "gelijk", "omlaag")
    ]
    c.cel("ladder:aantal", k.ladder["aantal"], beschermd=alles)
    c.som("ladder:aantal", ladder)


def _cijfers_maanden(c: geheimhouding.Cijfers, k: Kpis, jaar: Kpis) -> None:
    """The monthly report's year table: each month a breakdown of the year; its own month is
    the month's figure."""
    per_veld: dict[str, list[str]] = {v: [] for v in _MAANDVELDEN}
    for r in jaar.per_maand:
        for veld in _MAANDVELDEN:
            per_veld[veld].append(c.cel(f"per_maand:{r['maand']}:{veld}", r[veld], beschermd=True))
    eigen = k.periode.start.replace(day=1)
    for veld, totaal in zip(
        _MAANDVELDEN, ("aanmeldingen", "orientatie_gestart", "vervolgtrajecten"), strict=True
    ):
        if f"per_maand:{eigen}:{veld}" in c.waarden:
            c.som(totaal, [f"per_maand:{eigen}:{veld}"])
    jaar_nu = f"orientatie:{k.periode.eind.year}:trajecten"
    if jaar.periode.start.month == 1 and jaar.periode.start.day == 1 and jaar_nu in c.waarden:
        c.som(jaar_nu, per_veld["orientatie"])


def _conversie(c: dict, m: _Maskering, voor: str = "") -> dict:
    n = {
        veld: m.n(f"{voor}conversie:{veld}")
        for veld in ("gestart", "vervolg", "beeindigd", "lopend", "afgerond")
    }
    return {
        **n,
        "procent": m.pct(c["procent"], f"{voor}conversie:vervolg", f"{voor}conversie:afgerond"),
        "doel": c["doel"],
    }


def _met_inhoud(document: Document, context: dict) -> dict:
    context["document"] = document.value
    context["secties"] = inhoud(document, context)
    return context


def dashboard_context(
    pilot: Pilot, periode: Periode, gebiedsteam: Gebiedsteam | None, vandaag: date
) -> dict:
    k = kpis(pilot, periode, gebiedsteam, peildatum=vandaag)
    begroting = begroting_overzicht(pilot, Periode.jaar(periode.eind.year), vandaag)
    v = weergave(k)  # no threshold: the dashboard stays inside the pilot
    context = {
        "k": k,
        "v": v,
        "pilot": pilot,
        "conversie": v["conversie"],
        "per_maand": k.per_maand,
        "totaal_label": "Totaal sinds de start",
        "grafieken": grafieken_voor(k, begroting, v),
        "begroting": begroting,
        "definities": DEFINITIES,
        "aandacht": aandachtspunten(k, begroting),
        "zonder_doel": (
            f"alleen {gebiedsteam}: de doelen gelden voor de hele gemeente"
            if gebiedsteam
            else "geen doel vastgelegd"
        ),
    }
    return _met_inhoud(Document.DASHBOARD, context)


def peildatum(rapport: Rapport) -> date:
    """The last day a report's figures cover: the period's end, or, for a period that had not
    ended when the report was asked for, that day (an interim report; regenerating the same
    version gives the same figures)."""
    if rapport.peildatum is not None:  # recorded when it was asked for
        return min(rapport.periode_eind, rapport.peildatum)
    gevraagd = timezone.localdate(rapport.aangevraagd_op) if rapport.aangevraagd_op else None
    return min(rapport.periode_eind, gevraagd or timezone.localdate())


def _voorlopig(rapport: Rapport, k: Kpis) -> bool:
    return bool(rapport.voorlopig) or k.voorlopig


def _periode_tekst(k: Kpis, voorlopig: bool) -> str:
    if voorlopig and k.peildatum is not None:
        return f"{k.periode.label}, voorlopig: t/m {k.peildatum:%d-%m-%Y}"
    return k.periode.label


def maandrapport_context(rapport: Rapport) -> dict:
    pilot = rapport.pilot
    periode = Periode(rapport.periode_start, rapport.periode_eind)
    peil = peildatum(rapport)
    jaarstart = max(date(periode.eind.year, 1, 1), pilot.startdatum)
    k = kpis(pilot, periode, peildatum=peil)
    jaar = kpis(pilot, Periode(min(jaarstart, periode.start), periode.eind), peildatum=peil)
    begroting = begroting_overzicht(pilot, Periode.jaar(periode.eind.year), peil)
    # The monthly report goes to RWF and the partners: the pilot-wide figures stay exact
    # (they are measured against the targets), but the breakdowns (gebiedsteam, doelgroep, dorp,
    # route, sector, organisation, provider, reason, month) hide small numbers, which could
    # point to a person in a small village, and whatever would give them away.
    v = weergave(k, uitsplitsing=pilot.drempel_kleine_aantallen, jaar=jaar)
    context = {
        "rapport": rapport,
        "pilot": pilot,
        "titel": f"Maandrapportage {maand_label(periode.start)}"
        + (" (voorlopig)" if _voorlopig(rapport, k) else ""),
        "periode_tekst": _periode_tekst(k, _voorlopig(rapport, k)),
        "voorlopig": _voorlopig(rapport, k),
        "drempel_uitsplitsing": pilot.drempel_kleine_aantallen,
        "k": k,
        "jaar": jaar,
        "v": v,
        # the conversion, the monthly trend and their charts cover the year to date
        "conversie": v["conversie_jaar"],
        "conversie_periode": " dit jaar",
        "per_maand": v["per_maand"],
        "totaal_label": "Totaal sinds de start",
        "grafieken": grafieken_voor(k, begroting, v, per_maand=v["per_maand"]),
        "begroting": begroting,
        "definities": DEFINITIES,
        "zonder_doel": "geen doel vastgelegd",
    }
    return _met_inhoud(Document.MAANDRAPPORTAGE, context)


def verantwoording_context(rapport: Rapport) -> dict:
    pilot = rapport.pilot
    periode = Periode(rapport.periode_start, rapport.periode_eind)
    peil = peildatum(rapport)
    k = kpis(pilot, periode, peildatum=peil)
    drempel = pilot.drempel_kleine_aantallen
    begroting = begroting_overzicht(pilot, periode, peil)
    v = weergave(k, drempel=drempel)
    context = {
        "rapport": rapport,
        "pilot": pilot,
        "titel": f"Verantwoording aan het RWF, {periode.label}"
        + (" (voorlopig)" if _voorlopig(rapport, k) else ""),
        "periode_tekst": _periode_tekst(k, _voorlopig(rapport, k)),
        "voorlopig": _voorlopig(rapport, k),
        "k": k,
        "drempel": drempel,
        "v": v,
        "conversie": v["conversie"],
        "conversie_periode": "",
        "per_maand": [],
        "totaal_label": f"Totaal tot en met {peil:%d-%m-%Y}",
        "grafieken": grafieken_voor(k, begroting, v),
        "begroting": begroting,
        "definities": DEFINITIES,
        "zonder_doel": "geen doel vastgelegd",
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
    rij_toevoegen(voorblad, ["Periode", context["periode_tekst"]])
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

"""The report documents: context building (shared with the dashboard), PDF and XLSX rendering.
Nothing here computes a figure: everything comes from ``rapportage.kpi`` and the budget selector.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from datetime import date

from rapportage import grafieken
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
    rij = max(drempel, uitsplitsing)

    def n(aantal: int, d: int = drempel) -> int | str:
        return f"< {d}" if d and 0 < aantal < d else aantal

    def pct(waarde, *aantallen: int, d: int = drempel) -> str:
        if d and any(0 < (a or 0) < d for a in aantallen):
            return GEEN
        return procent(waarde)

    def med(waarde, aantal: int, d: int = drempel):
        return GEEN if waarde is None or (d and aantal < d) else waarde

    def rijen(rs: list[Rij], d: int = drempel) -> list[dict]:
        return [{"label": r.label, "aantal": n(r.aantal, d)} for r in rs]

    c = k.conversie
    return {
        **{
            naam: n(getattr(k, naam))
            for naam in (
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
        },
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
            "procent": pct(c["procent"], c["vervolg"], c["afgerond"]),
            "doel": c["doel"],
        },
        "trechter": rijen(k.trechter),
        "routes": rijen(k.routes),
        "sectoren": rijen(k.sectoren),
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
            "aantal": n(k.doorlooptijd["aantal"]),
            "mediaan_dagen": med(k.doorlooptijd["mediaan_dagen"], k.doorlooptijd["aantal"]),
            "streef_dagen": k.doorlooptijd["streef_dagen"],
        },
        "ladder": {
            "aantal": n(k.ladder["aantal"]),
            "omhoog": n(k.ladder["omhoog"]),
            "gelijk": n(k.ladder["gelijk"]),
            "omlaag": n(k.ladder["omlaag"]),
            "gemiddeld": med(k.ladder["gemiddeld"], k.ladder["aantal"]),
        },
        "per_gebiedsteam": rijen(k.per_gebiedsteam, rij),
        "per_doelgroep": rijen(k.per_doelgroep, rij),
        "per_dorp": rijen(k.per_dorp, rij),
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
        "nazorg_uitkomsten": rijen(k.nazorg_uitkomsten),
        "instrumenten": [{**r, "aantal": n(r["aantal"], rij)} for r in k.instrumenten],
        "instrumenten_aantal": n(k.instrumenten_aantal),
        "instrumenten_kosten": k.instrumenten_kosten,
    }


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
        "v": weergave(k, uitsplitsing=pilot.drempel_kleine_aantallen),
        "conversie": weergave(jaar)["conversie"],
        "conversie_titel": "Conversie oriëntatie → vervolgtraject dit jaar",
        "totaal_label": "Totaal sinds de start",
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
    v = weergave(k, drempel=drempel)
    return {
        "rapport": rapport,
        "pilot": pilot,
        "titel": f"Verantwoording aan het RWF, {periode.label}",
        "k": k,
        "drempel": drempel,
        "v": v,
        "conversie": v["conversie"],
        "conversie_titel": "Conversie oriëntatie → vervolgtraject",
        "totaal_label": f"Totaal tot en met {periode.eind:%d-%m-%Y}",
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
    """The same figures as the PDF, one sheet per part: every table of the PDF is a section here
    with the same caption, row labels and displayed values (``context["v"]``, from
    ``weergave``), so small numbers are suppressed exactly as in the PDF. Every text cell is
    written as text (``werkcoach.spreadsheet``): a label typed by a user never becomes a formula.
    """
    from openpyxl import Workbook
    from openpyxl.styles import Font

    k: Kpis = context["k"]
    v: dict = context["v"]
    drempel = context.get("drempel", 0)

    wb = Workbook()
    blad = wb.active
    blad.title = "Kerncijfers"

    def sectie(ws, kop, rijen):
        rij_toevoegen(ws, [kop])
        ws.cell(row=ws.max_row, column=1).font = Font(bold=True)
        for r in rijen:
            rij_toevoegen(ws, r)
        ws.append([])

    rij_toevoegen(blad, [context["titel"]])
    blad.cell(row=1, column=1).font = Font(bold=True, size=14)
    rij_toevoegen(blad, ["Pilot", str(context["pilot"])])
    rij_toevoegen(blad, ["Periode", k.periode.label])
    blad.append([])
    sectie(
        blad,
        "Kerncijfers in de periode",
        [
            ("Aanmeldingen door de gebiedsteams", v["aanmeldingen"]),
            ("Waarvan afgewezen", v["aanmeldingen_afgewezen"]),
            ("Kennismakingsgesprekken", v["gesprekken"]),
            ("Gestart met oriëntatie", v["orientatie_gestart"]),
            ("Vervolgtrajecten afgesproken", v["vervolgtrajecten"]),
            ("Waarvan in tekortsectoren", v["tekortsectoren"]),
            (
                "Aanmeldingen van inwoners zonder uitkering (verborgen potentieel)",
                v["aanmeldingen_nugger"],
            ),
            ("Overdrachten", v["overdrachten_totaal"]),
            ("Nazorg lopend (einde periode)", v["nazorg_lopend"]),
            ("Nazorg afgerond", v["nazorg_afgerond"]),
        ],
    )
    sectie(
        blad,
        "Inwoners in een oriëntatietraject tegen de doelen",
        [("Jaar", "Gerealiseerd", "Doel", "Percentage")]
        + [(r["jaar"], r["aantal"], r["doel"], r["procent"]) for r in v["orientatie_per_jaar"]]
        + [(context["totaal_label"], v["orientatie_totaal"], v["orientatie_doel_totaal"])],
    )
    c = context["conversie"]
    sectie(
        blad,
        context["conversie_titel"],
        [
            ("Gestart", c["gestart"]),
            ("Vervolgtraject afgesproken", c["vervolg"]),
            ("Beëindigd zonder vervolgtraject", c["beeindigd"]),
            ("Nog in oriëntatie", c["lopend"]),
            (f"Conversie (doel {c['doel']}%)", c["procent"]),
        ],
    )
    ws = wb.create_sheet("Klantreis")
    sectie(
        ws,
        "Instroom per stap",
        [(r["label"], r["aantal"]) for r in v["trechter"]]
        + [("Beëindigd (in enige stap)", v["beeindigd"])],
    )
    sectie(
        ws,
        "Routes van de afgesproken vervolgtrajecten",
        [(r["label"], r["aantal"]) for r in v["routes"]],
    )
    sectie(
        ws,
        "Bijdrage aan de tekortsectoren",
        [(r["label"], r["aantal"]) for r in v["sectoren"]]
        + [("Ingeschreven als Nugger", v["nugger_ingeschreven"])],
    )
    sectie(
        ws,
        "Reactietijden tegen de normen van de pilot",
        [("Stap", "Norm (werkdagen)", "Gemeten", "Binnen de norm", "Percentage")]
        + [
            (r["stap"], r["norm"], r["gemeten"], r["binnen"], r["procent"])
            for r in v["reactietijden"]
        ],
    )
    d = v["doorlooptijd"]
    sectie(
        ws,
        "Mediane tijd per stap en doorlooptijd",
        [("Stap", "Trajecten", "Mediaan (dagen)")]
        + [(r["stap"], r["aantal"], r["mediaan_dagen"]) for r in v["tijd_per_stap"]]
        + [
            (
                f"Doorlooptijd tot vervolgtraject (streef {d['streef_dagen']} dagen)",
                d["aantal"],
                d["mediaan_dagen"],
            )
        ],
    )
    sectie(
        ws,
        "Participatieladder: trede aan het einde tegen de start",
        [
            ("Gemeten", v["ladder"]["aantal"]),
            ("Gestegen", v["ladder"]["omhoog"]),
            ("Gelijk gebleven", v["ladder"]["gelijk"]),
            ("Gedaald", v["ladder"]["omlaag"]),
            ("Gemiddelde verandering (treden)", v["ladder"]["gemiddeld"]),
        ],
    )
    if not drempel:
        # The breakdowns stay inside the pilot's own monthly report (suppressed by ``weergave``).
        ws = wb.create_sheet("Aanmeldingen")
        for kop, sleutel in (
            ("Aanmeldingen per gebiedsteam", "per_gebiedsteam"),
            ("Aanmeldingen per doelgroep", "per_doelgroep"),
            ("Aanmeldingen per dorp of woonplaats", "per_dorp"),
        ):
            sectie(ws, kop, [(r["label"], r["aantal"]) for r in v[sleutel]])
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
        + [(r["label"], r["aantal"], r["bevestigd"], r["mediaan_dagen"]) for r in v["overdrachten"]]
        + [
            (
                "Totaal",
                v["overdrachten_totaal"],
                v["overdrachten_bevestigd"],
                v["bevestiging_mediaan_dagen"],
            )
        ],
    )
    sectie(
        ws,
        "Nazorg",
        [
            ("Lopend aan het einde van de periode", v["nazorg_lopend"]),
            ("Afgerond in de periode", v["nazorg_afgerond"]),
        ]
        + [(f"– uitkomst: {r['label'].lower()}", r["aantal"]) for r in v["nazorg_uitkomsten"]],
    )
    sectie(
        ws,
        "Instrumenten per categorie en aanbieder, met geplande of werkelijke kosten",
        [("Categorie", "Aanbieder", "Aantal", "Kosten (gepland of werkelijk) (€)")]
        + [(r["categorie"], r["aanbieder"], r["aantal"], r["kosten"]) for r in v["instrumenten"]]
        + [("Totaal", "", v["instrumenten_aantal"], v["instrumenten_kosten"])],
    )
    b = context["begroting"]
    ws = wb.create_sheet("Begroting")
    sectie(
        ws,
        f"Begroting en realisatie {b['periode'].label} (realisatie tot en met {b['tot']:%d-%m-%Y})",
        [
            (
                "Post",
                "Begroot (€)",
                "Gerealiseerd (alleen werkelijke kosten) (€)",
                "Resterend (€)",
                "Prognose einde periode (€)",
            )
        ]
        + [
            (r["label"], r["begroot"], r["gerealiseerd"], r["resterend"], r["prognose"])
            for r in b["rijen"]
        ]
        + [("Totaal", b["begroot"], b["gerealiseerd"], b["resterend"], b["prognose"])],
    )
    sectie(
        ws,
        "Tegen de subsidie",
        [
            (f"Subsidie {context['pilot'].subsidieverstrekker}", b["subsidie"]),
            ("Begroot in de periode", b["begroot"]),
            ("Gerealiseerd in de periode", b["gerealiseerd"]),
        ],
    )
    ws = wb.create_sheet("Definities")
    for kop, tekst in DEFINITIES:
        rij_toevoegen(ws, [kop, tekst])
    for blad in wb.worksheets:
        blad.column_dimensions["A"].width = 42
        for kol in "BCDE":
            blad.column_dimensions[kol].width = 18
    uit = io.BytesIO()
    wb.save(uit)
    return uit.getvalue()

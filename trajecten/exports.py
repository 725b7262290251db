"""Export of the instrumentenwaaier, e.g. to feed the regional instrument book EVA. Each
exporter returns ``(filename, content_type, bytes)``."""

import csv
import io

from django.utils import timezone

from werkcoach.spreadsheet import rij_toevoegen

KOLOMMEN = [
    ("naam", "Naam"),
    ("categorie", "Categorie"),
    ("aanbieder", "Aanbieder"),
    ("aanbieder_contact", "Contactpersoon aanbieder"),
    ("aanbieder_email", "E-mail aanbieder"),
    ("aanbieder_telefoon", "Telefoon aanbieder"),
    ("omschrijving", "Omschrijving"),
    ("geschikt_voor", "Voor wie"),
    ("sector", "Sector"),
    ("kosten_indicatie", "Kostenindicatie (EUR)"),
    ("gemeente", "Beschikbaar in"),
    ("actief", "Actief"),
    ("gewijzigd_op", "Laatst gewijzigd"),
]


def _rij(instrument) -> dict:
    a = instrument.aanbieder
    return {
        "naam": instrument.naam,
        "categorie": instrument.get_categorie_display(),
        "aanbieder": a.naam,
        "aanbieder_contact": a.contactpersoon,
        "aanbieder_email": a.email,
        "aanbieder_telefoon": a.telefoon,
        "omschrijving": instrument.omschrijving,
        "geschikt_voor": instrument.geschikt_voor,
        "sector": instrument.get_sector_display() if instrument.sector else "",
        "kosten_indicatie": instrument.kosten_indicatie,
        "gemeente": str(instrument.gemeente) if instrument.gemeente_id else "Hele regio",
        "actief": "ja" if instrument.actief else "nee",
        "gewijzigd_op": timezone.localtime(instrument.gewijzigd_op).strftime("%d-%m-%Y %H:%M"),
    }


def _veilig(waarde) -> str:
    """Keep spreadsheet programs from running a cell as a formula (CSV injection)."""
    tekst = "" if waarde is None else str(waarde)
    return "'" + tekst if tekst[:1] in ("=", "+", "-", "@", "\t", "\r") else tekst


def _bestandsnaam(extensie: str) -> str:
    return f"instrumentenwaaier-{timezone.localdate():%Y-%m-%d}.{extensie}"


def catalogus_csv(instrumenten) -> tuple[str, str, bytes]:
    """Semicolon-separated UTF-8 with a byte order mark, as Dutch spreadsheet programs expect;
    amounts with a decimal comma."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";")
    writer.writerow([kop for _, kop in KOLOMMEN])
    for instrument in instrumenten:
        rij = _rij(instrument)
        if rij["kosten_indicatie"] is not None:
            rij["kosten_indicatie"] = f"{rij['kosten_indicatie']:.2f}".replace(".", ",")
        writer.writerow([_veilig(rij[k]) for k, _ in KOLOMMEN])
    inhoud = ("\ufeff" + buffer.getvalue()).encode("utf-8")
    return _bestandsnaam("csv"), "text/csv; charset=utf-8", inhoud


def catalogus_xlsx(instrumenten) -> tuple[str, str, bytes]:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    boek = Workbook()
    blad = boek.active
    blad.title = "Instrumentenwaaier"
    rij_toevoegen(blad, [kop for _, kop in KOLOMMEN])
    for cel in blad[1]:
        cel.font = Font(bold=True)
    for instrument in instrumenten:
        rij = _rij(instrument)
        rij_toevoegen(blad, [rij[k] for k, _ in KOLOMMEN])
    kolom_kosten = [k for k, _ in KOLOMMEN].index("kosten_indicatie") + 1
    for (cel,) in blad.iter_rows(min_row=2, min_col=kolom_kosten, max_col=kolom_kosten):
        cel.number_format = "#,##0.00"
    blad.freeze_panes = "A2"
    uitvoer = io.BytesIO()
    boek.save(uitvoer)
    return (
        _bestandsnaam("xlsx"),
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        uitvoer.getvalue(),
    )

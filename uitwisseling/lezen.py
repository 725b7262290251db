"""Reading an uploaded spreadsheet of earlier registrations, refusing hostile files before any
row is read: too large, the wrong kind (macros), a zip bomb, formulas, a wrong encoding. What
comes out is a list of rows as text (the header row's names mapped by ``kolommen``); the rules
of what a row means live in the import service."""

from __future__ import annotations

import csv
import io
import re
import zipfile
from dataclasses import dataclass

from django.conf import settings

TOEGESTAAN = (".xlsx", ".csv")
MACRO_SOORTEN = (".xlsm", ".xltm", ".xlsb", ".xls", ".xla", ".xlam")
_FORMULE = re.compile(rb"<(?:\w+:)?f[\s>/]")


class BestandGeweigerd(Exception):
    """The file is refused as a whole; the message says why, in Dutch."""


@dataclass
class Tabel:
    koppen: list[str]
    # (row number in the spreadsheet, every cell as text), the header row left out
    rijen: list[tuple[int, list[str]]]


def _limiet(naam: str, standaard: int) -> int:
    return int(getattr(settings, naam, standaard))


def bestand_lezen(*, naam: str, inhoud: bytes) -> Tabel:
    """The table in an .xlsx or .csv file, or ``BestandGeweigerd``."""
    laag = naam.lower()
    max_bytes = _limiet("WERKCOACH_IMPORT_MAX_BYTES", 5 * 1024 * 1024)
    if len(inhoud) > max_bytes:
        raise BestandGeweigerd(
            f"Het bestand is te groot ({len(inhoud) // 1024} kB); de grens is "
            f"{max_bytes // (1024 * 1024)} MB. Splits het bestand."
        )
    if laag.endswith(MACRO_SOORTEN):
        raise BestandGeweigerd(
            "Dit soort Excel-bestand kan macro's bevatten en wordt niet geaccepteerd. Sla het "
            "op als Excel-werkmap (.xlsx) of als CSV."
        )
    if laag.endswith(".xlsx"):
        tabel = _xlsx_lezen(inhoud)
    elif laag.endswith(".csv"):
        tabel = _csv_lezen(inhoud)
    else:
        raise BestandGeweigerd("Kies een Excel-werkmap (.xlsx) of een CSV-bestand.")
    max_rijen = _limiet("WERKCOACH_IMPORT_MAX_RIJEN", 10000)
    if len(tabel.rijen) > max_rijen:
        raise BestandGeweigerd(
            f"Het bestand heeft {len(tabel.rijen)} regels; de grens is {max_rijen}. Splits het."
        )
    if not tabel.rijen:
        raise BestandGeweigerd("Het bestand bevat geen regels onder de kopregel.")
    return tabel


def _xlsx_controleren(inhoud: bytes) -> None:
    """Before openpyxl opens it: a real zip, no macros, no formulas, and a modest unpacked
    size (a zip bomb packs gigabytes into a few kB)."""
    if not zipfile.is_zipfile(io.BytesIO(inhoud)):
        raise BestandGeweigerd("Dit is geen geldige Excel-werkmap (.xlsx).")
    max_uitgepakt = _limiet("WERKCOACH_IMPORT_MAX_UITGEPAKT", 50 * 1024 * 1024)
    with zipfile.ZipFile(io.BytesIO(inhoud)) as archief:
        leden = archief.infolist()
        if sum(lid.file_size for lid in leden) > max_uitgepakt or len(leden) > 1000:
            raise BestandGeweigerd(
                "Het bestand is uitgepakt veel te groot (mogelijk een zip-bom) en wordt niet "
                "geopend."
            )
        namen = [lid.filename.lower() for lid in leden]
        if any(n.endswith("vbaproject.bin") for n in namen):
            raise BestandGeweigerd("Het bestand bevat macro's en wordt niet geaccepteerd.")
        bladen = [
            lid
            for lid in leden
            if lid.filename.startswith("xl/worksheets/") and lid.filename.endswith(".xml")
        ]
        if any(_FORMULE.search(archief.read(lid)) for lid in bladen):
            raise BestandGeweigerd(
                "Het bestand bevat formules. Plak de waarden (Plakken speciaal > Waarden) en "
                "probeer het opnieuw."
            )


def _xlsx_lezen(inhoud: bytes) -> Tabel:
    import openpyxl

    _xlsx_controleren(inhoud)
    try:
        werkmap = openpyxl.load_workbook(io.BytesIO(inhoud), read_only=True, data_only=True)
    except Exception as exc:  # noqa: BLE001 - any parse failure is the same refusal
        raise BestandGeweigerd("De Excel-werkmap kan niet worden gelezen.") from exc
    try:
        blad = werkmap.worksheets[0]
        rijen = [[_tekst(c) for c in rij] for rij in blad.iter_rows(values_only=True)]
    finally:
        werkmap.close()
    return _tabel(rijen)


def _tekst(waarde: object) -> str:
    """A cell as text: a date as dd-mm-jjjj, a whole number without '.0'."""
    from datetime import date, datetime

    if waarde is None:
        return ""
    if isinstance(waarde, datetime):
        return (
            waarde.strftime("%d-%m-%Y")
            if not (waarde.hour or waarde.minute)
            else (waarde.strftime("%d-%m-%Y %H:%M"))
        )
    if isinstance(waarde, date):
        return waarde.strftime("%d-%m-%Y")
    if isinstance(waarde, float) and waarde.is_integer():
        return str(int(waarde))
    return str(waarde).strip()


def _csv_lezen(inhoud: bytes) -> Tabel:
    if b"\x00" in inhoud:
        raise BestandGeweigerd("Het CSV-bestand bevat binaire gegevens en wordt niet gelezen.")
    try:
        tekst = inhoud.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise BestandGeweigerd(
            "Het CSV-bestand is niet in UTF-8 opgeslagen. Kies in Excel 'Opslaan als' > "
            "'CSV UTF-8 (door komma's gescheiden)' en probeer het opnieuw."
        ) from None
    eerste = tekst.split("\n", 1)[0]
    scheiding = ";" if eerste.count(";") >= eerste.count(",") else ","
    # Cells are data: a leading '=', '+', '-' or '@' is kept as text and never evaluated.
    rijen = [
        [c.strip() for c in rij] for rij in csv.reader(io.StringIO(tekst), delimiter=scheiding)
    ]
    return _tabel(rijen)


def _tabel(rijen: list[list[str]]) -> Tabel:
    """The first non-empty row is the header; empty rows are skipped but keep the numbering."""
    gevuld = [(n, r) for n, r in enumerate(rijen, start=1) if any(c for c in r)]
    if not gevuld:
        raise BestandGeweigerd("Het bestand is leeg.")
    (_, koppen), *rest = gevuld
    breedte = len(koppen)
    return Tabel(koppen=koppen, rijen=[(n, (r + [""] * breedte)[:breedte]) for n, r in rest])

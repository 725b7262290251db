"""The columns of a file of earlier registrations: the Dutch header of the template, the names
a slightly different spreadsheet may use for it, whether it is required and the example row."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass


@dataclass(frozen=True)
class Kolom:
    sleutel: str
    kop: str
    verplicht: bool = False
    voorbeeld: str = ""
    ook: tuple[str, ...] = ()


KOLOMMEN = [
    Kolom("voornaam", "Voornaam", True, "Fatima"),
    Kolom("tussenvoegsel", "Tussenvoegsel", False, ""),
    Kolom("achternaam", "Achternaam", True, "El Amrani", ("familienaam",)),
    Kolom("geboortedatum", "Geboortedatum", False, "14-03-1998", ("geboren",)),
    Kolom("bsn", "BSN", False, "", ("burgerservicenummer",)),
    Kolom("postcode", "Postcode", False, "8302 AB"),
    Kolom("huisnummer", "Huisnummer", False, "12"),
    Kolom("woonplaats", "Woonplaats", False, "Emmeloord", ("dorp", "plaats")),
    Kolom("telefoon", "Telefoon", False, "0612345678", ("telefoonnummer", "mobiel")),
    Kolom("email", "E-mail", False, "", ("emailadres", "e-mailadres")),
    Kolom("doelgroep", "Doelgroep", False, "Alleenstaande ouder"),
    Kolom(
        "uitkeringssituatie", "Uitkering", False, "Geen uitkering (Nugger)", ("uitkeringssituatie",)
    ),
    Kolom("gebiedsteam", "Gebiedsteam", True, "Gebiedsteam Emmeloord", ("team",)),
    Kolom(
        "aanmeldingsdatum", "Datum aanmelding", True, "06-02-2024", ("aangemeld op", "aanmelddatum")
    ),
    Kolom(
        "signaal",
        "Signaal",
        True,
        "Wil weer werken nu de kinderen naar school gaan.",
        ("reden aanmelding",),
    ),
    Kolom("toestemming", "Toestemming", True, "ja", ("toestemming gegeven",)),
    Kolom("toestemming_datum", "Datum toestemming", True, "05-02-2024"),
    Kolom("toestemming_wijze", "Wijze toestemming", True, "mondeling", ("hoe toestemming",)),
    Kolom("toestemming_omvang", "Toestemming voor", False, "Gegevens delen met de werkcoach."),
    Kolom("aangenomen", "Datum aangenomen", False, "08-02-2024", ("aangenomen op",)),
    Kolom("gesprek", "Datum gesprek", False, "15-02-2024", ("kennismaking",)),
    Kolom("orientatie", "Datum oriëntatie", False, "22-02-2024", ("start orientatie",)),
    Kolom("vervolgtraject", "Datum vervolgtraject", False, "02-05-2024"),
    Kolom("route", "Route", False, "opleiding", ("vervolg",)),
    Kolom("vervolg_bij", "Opleiding of organisatie", False, "Helpende Zorg en Welzijn (niveau 2)"),
    Kolom("instrumenten", "Instrumenten", False, "Beroepentest: 150,00", ("inzet",)),
    Kolom("einddatum", "Datum beëindigd", False, "", ("einde", "beeindigd op")),
    Kolom("einde_reden", "Reden beëindiging", False, "", ("reden einde",)),
]
PER_SLEUTEL = {k.sleutel: k for k in KOLOMMEN}


def _normaal(kop: str) -> str:
    zonder = unicodedata.normalize("NFKD", kop).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]", "", zonder.lower())


_NAMEN = {_normaal(naam): k.sleutel for k in KOLOMMEN for naam in (k.kop, k.sleutel, *k.ook)}


def koppen_koppelen(koppen: list[str]) -> tuple[dict[str, int], list[str]]:
    """Column index per key, matched by header name (case, accents, spaces and punctuation
    ignored), and the headers that match no column."""
    index: dict[str, int] = {}
    onbekend = []
    for i, kop in enumerate(koppen):
        sleutel = _NAMEN.get(_normaal(kop))
        if sleutel and sleutel not in index:
            index[sleutel] = i
        elif kop.strip():
            onbekend.append(kop)
    return index, onbekend

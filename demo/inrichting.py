"""The set-up the demo runs in: two gemeenten, the organisations working there, the gebiedsteams,
the public holidays and one running pilot per gemeente. Each is looked up before it is made, so
loading the demo again adds nothing."""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from werkcoach.models import Gebiedsteam, Gemeente, Organisatie, Pilot
from werkcoach.services import (
    feestdagen_aanvullen,
    gebiedsteam_inrichten,
    gemeente_inrichten,
    organisatie_inrichten,
    pilot_create,
)

NOP_DORPEN = [
    "Emmeloord",
    "Bant",
    "Creil",
    "Ens",
    "Espel",
    "Kraggenburg",
    "Luttelgeest",
    "Marknesse",
    "Nagele",
    "Rutten",
    "Tollebeek",
]
NOP, URK = "Noordoostpolder", "Urk"
# (name, kind, the gemeenten it serves)
ORGANISATIES = [
    ("Carrefour", Organisatie.Soort.WELZIJN, [NOP]),
    ("WerkCorporatie", Organisatie.Soort.WERKBEDRIJF, [NOP]),
    ("ROC Friese Poort", Organisatie.Soort.ONDERWIJS, [NOP, URK]),
    ("Taalpunt Noordoostpolder", Organisatie.Soort.ANDERS, [NOP]),
    ("Concern voor Werk", Organisatie.Soort.ANDERS, [NOP, URK]),
    ("UWV", Organisatie.Soort.UWV, [NOP, URK]),
    ("Gemeente Noordoostpolder", Organisatie.Soort.GEMEENTE, [NOP]),
    ("Vrijwilligerscentrale Noordoostpolder", Organisatie.Soort.ANDERS, [NOP]),
    ("Welzijn Urk", Organisatie.Soort.WELZIJN, [URK]),
    ("Gemeente Urk, Werk en Inkomen", Organisatie.Soort.GEMEENTE, [URK]),
]
# (gemeente, name, organisation, villages)
GEBIEDSTEAMS = [
    (NOP, "Gebiedsteam Emmeloord", "Carrefour", ["Emmeloord"]),
    (NOP, "Gebiedsteam Dorpen", "Carrefour", NOP_DORPEN[1:]),
    (URK, "Sociaal team Urk", "Welzijn Urk", ["Urk"]),
]


@dataclass
class Inrichting:
    gemeenten: dict[str, Gemeente]
    organisaties: dict[str, Organisatie]
    teams: dict[str, Gebiedsteam]


def inrichting_laden(*, vandaag: date) -> Inrichting:
    gemeenten = _gemeenten_laden()
    organisaties = _organisaties_laden(gemeenten)
    teams = _gebiedsteams_laden(gemeenten, organisaties)
    _feestdagen_laden(tot_en_met=vandaag.year + 1)
    return Inrichting(gemeenten=gemeenten, organisaties=organisaties, teams=teams)


def _gemeenten_laden() -> dict[str, Gemeente]:
    return {
        NOP: gemeente_inrichten(naam=NOP, cbs_code="0171", dorpen=NOP_DORPEN),
        URK: gemeente_inrichten(naam=URK, cbs_code="0184", dorpen=[URK]),
    }


def _organisaties_laden(gemeenten: dict[str, Gemeente]) -> dict[str, Organisatie]:
    organisaties = {}
    for naam, soort, werkgebied in ORGANISATIES:
        for g in werkgebied:
            organisaties[naam] = organisatie_inrichten(
                naam=naam, soort=soort, gemeente=gemeenten[g]
            )
    return organisaties


def _gebiedsteams_laden(
    gemeenten: dict[str, Gemeente], organisaties: dict[str, Organisatie]
) -> dict[str, Gebiedsteam]:
    return {
        naam: gebiedsteam_inrichten(
            gemeente=gemeenten[gemeente],
            naam=naam,
            organisatie=organisaties[organisatie],
            dorpen=dorpen,
        )
        for gemeente, naam, organisatie, dorpen in GEBIEDSTEAMS
    }


def _feestdagen_laden(*, tot_en_met: int) -> None:
    feestdagen_aanvullen(gemeente=None, jaren=range(2023, tot_en_met + 1))


def pilots_laden(*, gemeenten: dict[str, Gemeente], vandaag: date) -> tuple[Pilot, Pilot]:
    """The two pilots, Noordoostpolder's and Urk's. The demo is a running pilot on whatever day
    it is loaded: once the planned end has passed, the pilots count as extended to the end of
    next year, with the same year target."""
    verlengd = date(vandaag.year + 1, 12, 31)
    nop, urk = gemeenten[NOP], gemeenten[URK]
    eind_nop = max(date(2026, 12, 31), verlengd)
    pilot_nop = Pilot.objects.filter(gemeente=nop).first() or pilot_create(
        gemeente=nop,
        naam="Werkcoach in de wijk",
        startdatum=date(2023, 6, 1),
        einddatum=eind_nop,
        jaardoelen={2023: 20} | dict.fromkeys(range(2024, eind_nop.year + 1), 30),
        subsidie_bedrag=Decimal("155000.00"),
    )
    eind_urk = max(date(2027, 2, 28), verlengd)
    pilot_urk = Pilot.objects.filter(gemeente=urk).first() or pilot_create(
        gemeente=urk,
        naam="Werkcoach in de wijk Urk",
        startdatum=date(2025, 3, 1),
        einddatum=eind_urk,
        jaardoelen={2025: 10} | dict.fromkeys(range(2026, eind_urk.year + 1), 15),
        doel_orientatie_totaal=25,
        subsidie_bedrag=Decimal("60000.00"),
    )
    return pilot_nop, pilot_urk

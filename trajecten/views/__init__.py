"""Pages of the klantreis, by subject. ``trajecten.urls`` routes to them."""

from trajecten.views.caseload import caseload
from trajecten.views.dossier import ACTIES, dossier, dossier_actie, inzet_wijzigen, persoon_wijzigen
from trajecten.views.instrumenten import (
    instrument,
    instrument_nieuw,
    instrument_wijzigen,
    instrumenten,
    instrumenten_csv,
    instrumenten_xlsx,
)
from trajecten.views.overdrachten import overdracht_bevestigen, overdrachten

__all__ = [
    "ACTIES",
    "caseload",
    "dossier",
    "dossier_actie",
    "instrument",
    "instrument_nieuw",
    "instrument_wijzigen",
    "instrumenten",
    "instrumenten_csv",
    "instrumenten_xlsx",
    "inzet_wijzigen",
    "overdracht_bevestigen",
    "overdrachten",
    "persoon_wijzigen",
]

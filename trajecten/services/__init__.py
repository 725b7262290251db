"""Writes of the klantreis, by subject. The state machine is ``stappen`` (reading the klantreis
table in ``trajecten.klantreis``); every change of a traject locks it and checks its version
(``_basis``). Callers import from ``trajecten.services``."""

from trajecten.services.contacten import (
    contactmoment_create,
    contactmoment_vastleggen,
    participatiemeting_create,
)
from trajecten.services.instrumenten import (
    catalogus_laden,
    instrument_opslaan,
    inzet_create,
    inzet_update,
)
from trajecten.services.nazorg import (
    nazorg_afronden,
    nazorg_herinneringen_versturen,
    nazorgplan_create,
)
from trajecten.services.overdracht import (
    overdracht_bevestigen,
    overdracht_create,
    overdracht_herinneringen_versturen,
    overdracht_melding_versturen,
    overdracht_te_laat,
)
from trajecten.services.stappen import (
    TOEGESTANE_OVERGANGEN,
    gesprek_plannen,
    gesprek_vastleggen,
    traject_advance,
    traject_beeindigen,
    traject_start,
    vervolgtraject_vastleggen,
)

__all__ = [
    "TOEGESTANE_OVERGANGEN",
    "catalogus_laden",
    "contactmoment_create",
    "contactmoment_vastleggen",
    "gesprek_plannen",
    "gesprek_vastleggen",
    "instrument_opslaan",
    "inzet_create",
    "inzet_update",
    "nazorg_afronden",
    "nazorg_herinneringen_versturen",
    "nazorgplan_create",
    "overdracht_bevestigen",
    "overdracht_create",
    "overdracht_herinneringen_versturen",
    "overdracht_melding_versturen",
    "overdracht_te_laat",
    "participatiemeting_create",
    "traject_advance",
    "traject_beeindigen",
    "traject_start",
    "vervolgtraject_vastleggen",
]

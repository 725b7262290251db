"""Access rules of the werkcoach's workspace (caseload, dossier, instrumentenwaaier, overdrachten).

Dossier actions are POST-only: a GET by an allowed role gives 405 before the traject is looked
up; their scoping (404 for another gemeente) is tested with POSTs in tests/trajecten."""

from django.utils import timezone

from tests.toegang.matrix import ALLEEN_POST, GEWEIGERD, NAAR_LOGIN, NIET_GEVONDEN, OK, rij
from trajecten.services import inzet_create
from trajecten.views import ACTIES

WERKCOACH_PAGINA = {"werkcoach": OK, "werkcoach_andere_gemeente": OK}
CATALOGUS = {
    "werkcoach": OK,
    "werkcoach_andere_gemeente": OK,
    "beheerder": OK,
    "projectleider": OK,
    "sociaal_werker": OK,
    "sociaal_werker_ander_team": OK,
}
EXPORT = {"werkcoach": OK, "werkcoach_andere_gemeente": OK, "beheerder": OK, "projectleider": OK}
ACTIE = {"werkcoach": ALLEEN_POST, "werkcoach_andere_gemeente": ALLEEN_POST}

MATRIX = {
    "trajecten:caseload": rij(anoniem=NAAR_LOGIN, overig=GEWEIGERD, **WERKCOACH_PAGINA),
    "trajecten:dossier": rij(
        kwargs={"pk": "traject"},
        anoniem=NAAR_LOGIN,
        werkcoach=OK,
        werkcoach_andere_gemeente=NIET_GEVONDEN,
        overig=GEWEIGERD,
    ),
    "trajecten:dossier_persoon": rij(
        kwargs={"pk": "traject"}, anoniem=NAAR_LOGIN, overig=GEWEIGERD, **ACTIE
    ),
    **{
        f"trajecten:dossier_{naam}": rij(
            kwargs={"pk": "traject"}, anoniem=NAAR_LOGIN, overig=GEWEIGERD, **ACTIE
        )
        for naam in ACTIES
    },
    "trajecten:inzet_wijzigen": rij(
        kwargs={"pk": "inzet"}, anoniem=NAAR_LOGIN, overig=GEWEIGERD, **ACTIE
    ),
    "trajecten:instrumenten": rij(anoniem=NAAR_LOGIN, overig=GEWEIGERD, **CATALOGUS),
    "trajecten:instrument": rij(
        kwargs={"pk": "instrument"}, anoniem=NAAR_LOGIN, overig=GEWEIGERD, **CATALOGUS
    ),
    "trajecten:instrument_nieuw": rij(anoniem=NAAR_LOGIN, beheerder=OK, overig=GEWEIGERD),
    "trajecten:instrument_wijzigen": rij(
        kwargs={"pk": "instrument"}, anoniem=NAAR_LOGIN, beheerder=OK, overig=GEWEIGERD
    ),
    "trajecten:instrumenten_csv": rij(anoniem=NAAR_LOGIN, overig=GEWEIGERD, **EXPORT),
    "trajecten:instrumenten_xlsx": rij(anoniem=NAAR_LOGIN, overig=GEWEIGERD, **EXPORT),
    "trajecten:overdrachten": rij(
        anoniem=NAAR_LOGIN, partner=OK, overig=GEWEIGERD, **WERKCOACH_PAGINA
    ),
    "trajecten:overdracht_bevestigen": rij(
        kwargs={"pk": "overdracht"}, anoniem=NAAR_LOGIN, partner=ALLEEN_POST, overig=GEWEIGERD
    ),
}


def objecten(wereld, basis) -> dict:
    inzet = inzet_create(
        traject=basis["traject"],
        door=wereld.werkcoach,
        instrument=basis["instrument"],
        startdatum=timezone.localdate(),
    )
    return {"inzet": inzet}

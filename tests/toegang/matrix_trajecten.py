"""Access rules of the werkcoach's workspace (caseload, dossier, instrumentenwaaier, overdrachten).

Dossier actions are POST-only: a GET by an allowed role gives 405 before the traject is looked
up; the POST row checks their scoping (404 for another gemeente). An action's form with an empty
body is shown again with its errors (200, an htmx partial)."""

from django.utils import timezone

from tests.toegang.matrix import (
    ALLEEN_POST,
    DOORGESTUURD,
    GEWEIGERD,
    NAAR_LOGIN,
    NIET_GEVONDEN,
    OK,
    per_rol,
    rij,
)
from trajecten.models import Instrument
from trajecten.services import instrument_opslaan, inzet_create
from trajecten.views import ACTIES

WERKCOACH_PAGINA = {"werkcoach": OK, "werkcoach_andere_gemeente": OK}
CATALOGUS = {
    "werkcoach": OK,
    "werkcoach_andere_gemeente": OK,
    "beheerder": OK,
    "projectleider": OK,
    "sociaal_werker": OK,
    "sociaal_werker_ander_team": OK,
    # The catalogue of the region and of Urk (the objects here are regional entries).
    "projectleider_andere_gemeente": OK,
}
EXPORT = {
    "werkcoach": OK,
    "werkcoach_andere_gemeente": OK,
    "beheerder": OK,
    "projectleider": OK,
    "projectleider_andere_gemeente": OK,
}
ACTIE = {"werkcoach": ALLEEN_POST, "werkcoach_andere_gemeente": ALLEEN_POST}
BEHEER_POST = per_rol(anoniem=NAAR_LOGIN, beheerder=OK, overig=GEWEIGERD)
# POST to a dossier action: the werkcoach of Urk does not find the traject.
ACTIE_POST = per_rol(
    anoniem=NAAR_LOGIN, werkcoach=OK, werkcoach_andere_gemeente=NIET_GEVONDEN, overig=GEWEIGERD
)

MATRIX = {
    "trajecten:caseload": rij(anoniem=NAAR_LOGIN, overig=GEWEIGERD, **WERKCOACH_PAGINA),
    "trajecten:dossier": rij(
        kwargs={"pk": "traject"},
        anoniem=NAAR_LOGIN,
        werkcoach=OK,
        werkcoach_andere_gemeente=NIET_GEVONDEN,
        overig=GEWEIGERD,
        # GET only, checked after the role gate and before the traject is looked up.
        post=per_rol(
            anoniem=NAAR_LOGIN,
            werkcoach=ALLEEN_POST,
            werkcoach_andere_gemeente=ALLEEN_POST,
            overig=GEWEIGERD,
        ),
    ),
    "trajecten:dossier_persoon": rij(
        kwargs={"pk": "traject"}, anoniem=NAAR_LOGIN, overig=GEWEIGERD, **ACTIE, post=ACTIE_POST
    ),
    **{
        f"trajecten:dossier_{naam}": rij(
            kwargs={"pk": "traject"},
            anoniem=NAAR_LOGIN,
            overig=GEWEIGERD,
            **ACTIE,
            post=ACTIE_POST,
        )
        for naam in ACTIES
    },
    "trajecten:inzet_wijzigen": rij(
        kwargs={"pk": "inzet"}, anoniem=NAAR_LOGIN, overig=GEWEIGERD, **ACTIE, post=ACTIE_POST
    ),
    "trajecten:instrumenten": rij(anoniem=NAAR_LOGIN, overig=GEWEIGERD, **CATALOGUS),
    # An entry of Noordoostpolder only: not found for Urk.
    "trajecten:instrument": rij(
        kwargs={"pk": "instrument_nop"},
        anoniem=NAAR_LOGIN,
        overig=GEWEIGERD,
        **{
            **CATALOGUS,
            "werkcoach_andere_gemeente": NIET_GEVONDEN,
            "projectleider_andere_gemeente": NIET_GEVONDEN,
        },
        # GET only, checked after the role gate and before the entry is looked up.
        post=per_rol(anoniem=NAAR_LOGIN, overig=GEWEIGERD, **dict.fromkeys(CATALOGUS, ALLEEN_POST)),
    ),
    # An empty form is shown again with its errors (200).
    "trajecten:instrument_nieuw": rij(
        anoniem=NAAR_LOGIN, beheerder=OK, overig=GEWEIGERD, post=BEHEER_POST
    ),
    "trajecten:instrument_wijzigen": rij(
        kwargs={"pk": "instrument_nop"},
        anoniem=NAAR_LOGIN,
        beheerder=OK,
        overig=GEWEIGERD,
        post=BEHEER_POST,
    ),
    "trajecten:instrumenten_csv": rij(anoniem=NAAR_LOGIN, overig=GEWEIGERD, **EXPORT),
    "trajecten:instrumenten_xlsx": rij(anoniem=NAAR_LOGIN, overig=GEWEIGERD, **EXPORT),
    # The partner contact of another organisation sees their own (empty) list.
    "trajecten:overdrachten": rij(
        anoniem=NAAR_LOGIN,
        partner=OK,
        partner_andere_organisatie=OK,
        overig=GEWEIGERD,
        **WERKCOACH_PAGINA,
    ),
    # Confirmed and back to the list; the other organisation's contact does not find it.
    "trajecten:overdracht_bevestigen": rij(
        kwargs={"pk": "overdracht"},
        anoniem=NAAR_LOGIN,
        partner=ALLEEN_POST,
        partner_andere_organisatie=ALLEEN_POST,
        overig=GEWEIGERD,
        post=per_rol(
            anoniem=NAAR_LOGIN,
            partner=DOORGESTUURD,
            partner_andere_organisatie=NIET_GEVONDEN,
            overig=GEWEIGERD,
        ),
    ),
}


def objecten(wereld, basis) -> dict:
    """An inzet of the traject, and a copy of a regional instrument for Noordoostpolder only."""
    inzet = inzet_create(
        traject=basis["traject"],
        door=wereld.werkcoach,
        instrument=basis["instrument"],
        startdatum=timezone.localdate(),
    )
    bron = basis["instrument"]
    kopie = Instrument.objects.get(pk=bron.pk)
    kopie.pk = None
    kopie._state.adding = True
    instrument_nop = instrument_opslaan(
        door=wereld.beheerder,
        instrument=kopie,
        naam=f"{bron.naam} (alleen Noordoostpolder)",
        gemeente=wereld.nop,
    )
    return {"inzet": inzet, "instrument_nop": instrument_nop}

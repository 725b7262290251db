from tests.conftest import maak_traject
from tests.toegang.matrix import ALLEEN_POST, GEWEIGERD, NAAR_LOGIN, NIET_GEVONDEN, OK, rij

# A sociaal werker sees the referrals of their own gebiedsteam; a werkcoach those of their
# gemeente. Outside that scope the page does not exist (404); another role gets 403.
_ALLEEN_POST_WERKCOACH = {
    "anoniem": NAAR_LOGIN,
    "werkcoach": ALLEEN_POST,
    "werkcoach_andere_gemeente": ALLEEN_POST,
}

MATRIX = {
    "cases:aanmelding_nieuw": rij(
        anoniem=NAAR_LOGIN, sociaal_werker=OK, sociaal_werker_ander_team=OK, overig=GEWEIGERD
    ),
    "cases:mijn_aanmeldingen": rij(
        anoniem=NAAR_LOGIN, sociaal_werker=OK, sociaal_werker_ander_team=OK, overig=GEWEIGERD
    ),
    "cases:inbox": rij(
        anoniem=NAAR_LOGIN, werkcoach=OK, werkcoach_andere_gemeente=OK, overig=GEWEIGERD
    ),
    "cases:aanmelding_detail": rij(
        kwargs={"pk": "aanmelding"},
        anoniem=NAAR_LOGIN,
        sociaal_werker=OK,
        werkcoach=OK,
        sociaal_werker_ander_team=NIET_GEVONDEN,
        werkcoach_andere_gemeente=NIET_GEVONDEN,
        overig=GEWEIGERD,
    ),
    "cases:aanmelding_accepteren": rij(
        kwargs={"pk": "aanmelding"}, **_ALLEEN_POST_WERKCOACH, overig=GEWEIGERD
    ),
    "cases:aanmelding_afwijzen": rij(
        kwargs={"pk": "aanmelding"}, **_ALLEEN_POST_WERKCOACH, overig=GEWEIGERD
    ),
    "cases:eerste_contact": rij(
        kwargs={"pk": "aanmelding"}, **_ALLEEN_POST_WERKCOACH, overig=GEWEIGERD
    ),
    "cases:toestemming_intrekken": rij(
        kwargs={"pk": "aanmelding"},
        anoniem=NAAR_LOGIN,
        sociaal_werker=ALLEEN_POST,
        sociaal_werker_ander_team=ALLEEN_POST,
        werkcoach=ALLEEN_POST,
        werkcoach_andere_gemeente=ALLEEN_POST,
        overig=GEWEIGERD,
    ),
    "cases:gesprek_plannen": rij(
        kwargs={"pk": "traject_in_gesprek.aanmelding_id"},
        anoniem=NAAR_LOGIN,
        werkcoach=OK,
        werkcoach_andere_gemeente=NIET_GEVONDEN,
        overig=GEWEIGERD,
    ),
}


def objecten(wereld, basis):
    """A referral that was accepted and waits for its gesprek."""
    return {"traject_in_gesprek": maak_traject(wereld)}

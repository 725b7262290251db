from tests.conftest import maak_traject
from tests.toegang.matrix import (
    ALLEEN_POST,
    DOORGESTUURD,
    GEWEIGERD,
    NAAR_LOGIN,
    NIET_GEVONDEN,
    OK,
    ONGELDIG,
    per_rol,
    rij,
)

# A sociaal werker sees the referrals of their own gebiedsteam; a werkcoach those of their
# gemeente. Outside that scope the page does not exist (404); another role gets 403.
_ALLEEN_POST_WERKCOACH = {
    "anoniem": NAAR_LOGIN,
    "werkcoach": ALLEEN_POST,
    "werkcoach_andere_gemeente": ALLEEN_POST,
}


def _post_werkcoach(werkcoach: int) -> dict[str, int]:
    """A werkcoach action on the referral: the werkcoach of Urk does not find it."""
    return per_rol(
        anoniem=NAAR_LOGIN,
        werkcoach=werkcoach,
        werkcoach_andere_gemeente=NIET_GEVONDEN,
        overig=GEWEIGERD,
    )


MATRIX = {
    # A complete referral for gebiedsteam A: its own sociaal werker sends it (302 to the
    # referral); the sociaal werker of team B may not choose team A (400, nothing saved).
    "cases:aanmelding_nieuw": rij(
        anoniem=NAAR_LOGIN,
        sociaal_werker=OK,
        sociaal_werker_ander_team=OK,
        overig=GEWEIGERD,
        post=per_rol(
            anoniem=NAAR_LOGIN,
            sociaal_werker=DOORGESTUURD,
            sociaal_werker_ander_team=ONGELDIG,
            overig=GEWEIGERD,
        ),
        data={
            "gebiedsteam": "@team_a",
            "voornaam": "Matrix",
            "achternaam": "Inwoner",
            "postcode": "8302 AB",
            "woonplaats": "Emmeloord",
            "doelgroep": "jongere",
            "uitkeringssituatie": "geen",
            "signaal": "Wil graag aan het werk.",
            "contactvoorkeur": "telefoon",
            "telefoon": "0527 123 456",
            "toestemming_gegeven": "on",
            "toestemming_datum": "@vandaag",
            "toestemming_wijze": "mondeling",
            "toestemming_omvang": "Contact door de werkcoach.",
            "indieningssleutel": "7d4f6c3a-2b1e-4f0a-9c8d-1e2f3a4b5c6d",
        },
    ),
    # Lists that do not restrict the method: a POST shows the list like a GET.
    "aanmeldingen:mijn_aanmeldingen": rij(
        anoniem=NAAR_LOGIN,
        sociaal_werker=OK,
        sociaal_werker_ander_team=OK,
        overig=GEWEIGERD,
        post=per_rol(
            anoniem=NAAR_LOGIN, sociaal_werker=OK, sociaal_werker_ander_team=OK, overig=GEWEIGERD
        ),
    ),
    "aanmeldingen:inbox": rij(
        anoniem=NAAR_LOGIN,
        werkcoach=OK,
        werkcoach_andere_gemeente=OK,
        overig=GEWEIGERD,
        post=per_rol(
            anoniem=NAAR_LOGIN, werkcoach=OK, werkcoach_andere_gemeente=OK, overig=GEWEIGERD
        ),
    ),
    "aanmeldingen:aanmelding_detail": rij(
        kwargs={"pk": "aanmelding"},
        anoniem=NAAR_LOGIN,
        sociaal_werker=OK,
        werkcoach=OK,
        sociaal_werker_ander_team=NIET_GEVONDEN,
        werkcoach_andere_gemeente=NIET_GEVONDEN,
        overig=GEWEIGERD,
        # The detail page does not restrict the method: a POST shows it like a GET.
        post=per_rol(
            anoniem=NAAR_LOGIN,
            sociaal_werker=OK,
            werkcoach=OK,
            sociaal_werker_ander_team=NIET_GEVONDEN,
            werkcoach_andere_gemeente=NIET_GEVONDEN,
            overig=GEWEIGERD,
        ),
    ),
    # Accepted: on to planning the gesprek.
    "aanmeldingen:aanmelding_accepteren": rij(
        kwargs={"pk": "aanmelding"},
        **_ALLEEN_POST_WERKCOACH,
        overig=GEWEIGERD,
        post=_post_werkcoach(DOORGESTUURD),
    ),
    # Without a status and reason the detail page is shown again with the errors.
    "aanmeldingen:aanmelding_afwijzen": rij(
        kwargs={"pk": "aanmelding"},
        **_ALLEEN_POST_WERKCOACH,
        overig=GEWEIGERD,
        post=_post_werkcoach(ONGELDIG),
    ),
    "aanmeldingen:eerste_contact": rij(
        kwargs={"pk": "aanmelding"},
        **_ALLEEN_POST_WERKCOACH,
        overig=GEWEIGERD,
        post=_post_werkcoach(DOORGESTUURD),
    ),
    "aanmeldingen:toestemming_intrekken": rij(
        kwargs={"pk": "aanmelding"},
        anoniem=NAAR_LOGIN,
        sociaal_werker=ALLEEN_POST,
        sociaal_werker_ander_team=ALLEEN_POST,
        werkcoach=ALLEEN_POST,
        werkcoach_andere_gemeente=ALLEEN_POST,
        overig=GEWEIGERD,
        # Without a reason the detail page is shown again with the error (400).
        post=per_rol(
            anoniem=NAAR_LOGIN,
            sociaal_werker=ONGELDIG,
            werkcoach=ONGELDIG,
            sociaal_werker_ander_team=NIET_GEVONDEN,
            werkcoach_andere_gemeente=NIET_GEVONDEN,
            overig=GEWEIGERD,
        ),
    ),
    "aanmeldingen:gesprek_plannen": rij(
        kwargs={"pk": "traject_in_gesprek.aanmelding_id"},
        anoniem=NAAR_LOGIN,
        werkcoach=OK,
        werkcoach_andere_gemeente=NIET_GEVONDEN,
        overig=GEWEIGERD,
        post=_post_werkcoach(ONGELDIG),
    ),
}


def objecten(wereld, basis):
    """A referral that was accepted and waits for its gesprek; the gebiedsteam of the objects."""
    return {"traject_in_gesprek": maak_traject(wereld), "team_a": wereld.team_a}

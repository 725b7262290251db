from tests.toegang.matrix import (
    ALLEEN_POST,
    DOORGESTUURD,
    GEWEIGERD,
    NAAR_LOGIN,
    NIET_GEVONDEN,
    NIET_INGELOGD,
    OK,
    ONGELDIG,
    per_rol,
    rij,
)

# Views decorated with require_GET outside the role gate: every POST is 405, for everybody.
ALLEEN_GET = per_rol(overig=ALLEEN_POST)

MATRIX = {
    # The start page does not restrict the method: a POST shows the page like a GET.
    "start": rij(anoniem=NAAR_LOGIN, overig=OK, post=per_rol(anoniem=NAAR_LOGIN, overig=OK)),
    # An empty login form is shown again with its errors; a logged-in user is sent on.
    "login": rij(anoniem=OK, overig=NAAR_LOGIN, post=per_rol(anoniem=OK, overig=DOORGESTUURD)),
    "logout": rij(overig=ALLEEN_POST, post=per_rol(overig=DOORGESTUURD)),
    "gezondheid": rij(overig=OK),
    # Two-factor login. The matrix runs with WERKCOACH_2FA_VERPLICHT off (the embedded setup);
    # tests/werkcoach/test_tweefactor.py proves the enforcement with it on.
    # Without the e-mailed link (nobody here has one) the page offers to send one: 200, and
    # a POST without ``link_aanvragen`` sends nothing and creates no device.
    "tweefactor:instellen": rij(
        anoniem=NAAR_LOGIN, overig=OK, post=per_rol(anoniem=NAAR_LOGIN, overig=OK)
    ),
    # The e-mailed enrolment link: a GET asks to confirm (200); the POST of an unknown or used
    # token is refused on the page (400) and changes nothing.
    "tweefactor:inschrijven": rij(
        kwargs={"token": "inschrijflink.token"},
        anoniem=NAAR_LOGIN,
        overig=OK,
        post=per_rol(anoniem=NAAR_LOGIN, overig=ONGELDIG),
    ),
    # Nobody here has a device or a verified second factor: sent to set one up.
    "tweefactor:controleren": rij(overig=NAAR_LOGIN),
    "tweefactor:reservecodes": rij(overig=NAAR_LOGIN),
    # Session endpoints accept POST only.
    "sessie:verlengen": rij(overig=ALLEEN_POST, post=per_rol(anoniem=NIET_INGELOGD, overig=OK)),
    "sessie:overal_uitloggen": rij(
        anoniem=NAAR_LOGIN,
        overig=ALLEEN_POST,
        post=per_rol(anoniem=NAAR_LOGIN, overig=DOORGESTUURD),
    ),
    # The processing log and the retention terms: functioneel beheer only.
    "audit:zoeken": rij(anoniem=NAAR_LOGIN, beheerder=OK, overig=GEWEIGERD, post=ALLEEN_GET),
    # An empty form is shown again with its errors (200).
    "avg:bewaartermijnen": rij(
        anoniem=NAAR_LOGIN,
        beheerder=OK,
        overig=GEWEIGERD,
        post=per_rol(anoniem=NAAR_LOGIN, beheerder=OK, overig=GEWEIGERD),
    ),
    # AVG rights of the resident: the werkcoach of the resident's gemeente.
    "avg:inzage_json": rij(
        kwargs={"pk": "inwoner"},
        anoniem=NAAR_LOGIN,
        werkcoach=OK,
        werkcoach_andere_gemeente=NIET_GEVONDEN,
        overig=GEWEIGERD,
        post=ALLEEN_GET,
    ),
    "avg:inzage_pdf": rij(
        kwargs={"pk": "inwoner"},
        anoniem=NAAR_LOGIN,
        werkcoach=OK,
        werkcoach_andere_gemeente=NIET_GEVONDEN,
        overig=GEWEIGERD,
        post=ALLEEN_GET,
    ),
    # Django admin: only the functioneel beheerder (staff); others are sent to the admin login.
    # A POST to a changelist without an action changes nothing and shows the list again.
    "admin:index": rij(
        beheerder=OK, overig=NAAR_LOGIN, post=per_rol(beheerder=OK, overig=NAAR_LOGIN)
    ),
    "admin:werkcoach_gebruiker_changelist": rij(
        beheerder=OK, overig=NAAR_LOGIN, post=per_rol(beheerder=OK, overig=NAAR_LOGIN)
    ),
    "admin:trajecten_instrument_changelist": rij(
        beheerder=OK, overig=NAAR_LOGIN, post=per_rol(beheerder=OK, overig=NAAR_LOGIN)
    ),
    # The admin pages that write: an empty add or change form is shown again with its errors;
    # a confirmed delete deletes (rolled back here). Nobody else gets past the admin login.
    "admin:werkcoach_gebruiker_add": rij(
        beheerder=OK, overig=NAAR_LOGIN, post=per_rol(beheerder=OK, overig=NAAR_LOGIN)
    ),
    "admin:werkcoach_gebruiker_change": rij(
        kwargs={"object_id": "gebruiker"},
        beheerder=OK,
        overig=NAAR_LOGIN,
        post=per_rol(beheerder=OK, overig=NAAR_LOGIN),
    ),
    "admin:trajecten_instrument_delete": rij(
        kwargs={"object_id": "vrij_instrument"},
        beheerder=OK,
        overig=NAAR_LOGIN,
        post=per_rol(beheerder=DOORGESTUURD, overig=NAAR_LOGIN),
        data={"post": "yes"},
    ),
}


def objecten(wereld, basis):
    """A user account for the admin's change page; an instrument of the beheerder's own gemeente
    that no inzet refers to, which the admin can delete (regional entries are superuser-only)."""
    from trajecten.models import Instrument

    regionaal = Instrument.objects.order_by("pk").first()
    vrij = Instrument.objects.create(
        naam="Alleen in Noordoostpolder",
        aanbieder=regionaal.aanbieder,
        categorie=regionaal.categorie,
        omschrijving="Een instrument van de gemeente zelf.",
        gemeente=wereld.nop,
    )
    from types import SimpleNamespace

    return {
        "gebruiker": wereld.sociaal_werker_b,
        "vrij_instrument": vrij,
        "inschrijflink": SimpleNamespace(token="geen-geldige-link"),
    }

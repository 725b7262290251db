from tests.toegang.matrix import ALLEEN_POST, GEWEIGERD, NAAR_LOGIN, NIET_GEVONDEN, OK, rij

MATRIX = {
    "start": rij(anoniem=NAAR_LOGIN, overig=OK),
    "login": rij(anoniem=OK, overig=NAAR_LOGIN),
    "logout": rij(overig=ALLEEN_POST),
    "gezondheid": rij(overig=OK),
    # Two-factor login. The matrix runs with WERKCOACH_2FA_VERPLICHT off (the embedded setup);
    # tests/werkcoach/test_tweefactor.py proves the enforcement with it on.
    "tweefactor:instellen": rij(anoniem=NAAR_LOGIN, overig=OK),
    # Nobody here has a device or a verified second factor: sent to set one up.
    "tweefactor:controleren": rij(overig=NAAR_LOGIN),
    "tweefactor:reservecodes": rij(overig=NAAR_LOGIN),
    # Session endpoints accept POST only.
    "sessie:verlengen": rij(overig=ALLEEN_POST),
    "sessie:overal_uitloggen": rij(anoniem=NAAR_LOGIN, overig=ALLEEN_POST),
    # The processing log and the retention terms: functioneel beheer only.
    "audit:zoeken": rij(anoniem=NAAR_LOGIN, beheerder=OK, overig=GEWEIGERD),
    "avg:bewaartermijnen": rij(anoniem=NAAR_LOGIN, beheerder=OK, overig=GEWEIGERD),
    # AVG rights of the resident: the werkcoach of the resident's gemeente.
    "avg:inzage_json": rij(
        kwargs={"pk": "inwoner"},
        anoniem=NAAR_LOGIN,
        werkcoach=OK,
        werkcoach_andere_gemeente=NIET_GEVONDEN,
        overig=GEWEIGERD,
    ),
    "avg:inzage_pdf": rij(
        kwargs={"pk": "inwoner"},
        anoniem=NAAR_LOGIN,
        werkcoach=OK,
        werkcoach_andere_gemeente=NIET_GEVONDEN,
        overig=GEWEIGERD,
    ),
    # Django admin: only the functioneel beheerder (staff); others are sent to the admin login.
    "admin:index": rij(beheerder=OK, overig=NAAR_LOGIN),
    "admin:werkcoach_gebruiker_changelist": rij(beheerder=OK, overig=NAAR_LOGIN),
    "admin:trajecten_instrument_changelist": rij(beheerder=OK, overig=NAAR_LOGIN),
}

from tests.toegang.matrix import ALLEEN_POST, GEWEIGERD, NAAR_LOGIN, OK, rij

MATRIX = {
    "start": rij(anoniem=NAAR_LOGIN, overig=OK),
    "login": rij(anoniem=OK, overig=NAAR_LOGIN),
    "logout": rij(overig=ALLEEN_POST),
    "gezondheid": rij(overig=OK),
    # Django admin: only the functioneel beheerder (staff); others are sent to the admin login.
    "admin:index": rij(beheerder=OK, overig=NAAR_LOGIN),
    "admin:werkcoach_gebruiker_changelist": rij(beheerder=OK, overig=NAAR_LOGIN),
    "admin:trajecten_instrument_changelist": rij(beheerder=OK, overig=NAAR_LOGIN),
}

__all__ = ["GEWEIGERD", "MATRIX"]

from datetime import date

from tests.toegang.matrix import (
    ALLEEN_POST,
    DOORGESTUURD,
    GEWEIGERD,
    NAAR_LOGIN,
    NIET_GEVONDEN,
    NIET_INGELOGD,
    OK,
    ONGELDIG,
    Rij,
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
    # The accessibility and privacy statements: public, for everyone, GET only.
    "toegankelijkheid": rij(overig=OK, post=ALLEEN_GET),
    "privacyverklaring": rij(overig=OK, post=ALLEEN_GET),
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
    "admin:trajecten_instrument_changelist": rij(
        beheerder=OK, overig=NAAR_LOGIN, post=per_rol(beheerder=OK, overig=NAAR_LOGIN)
    ),
    # The admin pages that write: an empty add or change form is shown again with its errors;
    # a confirmed delete deletes (rolled back here). Nobody else gets past the admin login.
    "admin:werkcoach_gebruiker_add": rij(
        beheerder=OK, overig=NAAR_LOGIN, post=per_rol(beheerder=OK, overig=NAAR_LOGIN)
    ),
    "admin:trajecten_instrument_delete": rij(
        kwargs={"object_id": "vrij_instrument"},
        beheerder=OK,
        overig=NAAR_LOGIN,
        post=per_rol(beheerder=DOORGESTUURD, overig=NAAR_LOGIN),
        data={"post": "yes"},
    ),
}

# Functioneel beheer of Noordoostpolder against another gemeente's objects (Urk): every page of
# every admin is a 404 for the beheerder, GET and POST, and a POST changes nothing; everyone
# else is sent to the admin login. ``data`` is a body that would change or delete the object if
# the scope were missing.
BUITEN_BEHEER = per_rol(beheerder=NIET_GEVONDEN, overig=NAAR_LOGIN)
_BUITEN = {
    "werkcoach_pilot": ("pilot_urk", {"naam": "Overgenomen", "gemeente": "@nop"}),
    "werkcoach_gebiedsteam": ("team_urk", {"naam": "Overgenomen", "gemeente": "@nop"}),
    "werkcoach_organisatie": ("organisatie_urk", {"naam": "Overgenomen", "soort": "welzijn"}),
    "werkcoach_feestdag": ("feestdag_urk", {"naam": "Overgenomen", "datum": "01-09-2025"}),
    "werkcoach_gebruiker": ("gebruiker_urk", {"username": "overgenomen"}),
    "werkcoach_gemeente": ("gemeente_urk", {"naam": "Overgenomen"}),
    "trajecten_instrument": ("instrument_urk", {"naam": "Overgenomen"}),
}
for _model, (_object, _data) in _BUITEN.items():
    for _pagina, _body in (("change", _data), ("delete", {"post": "yes"}), ("history", {})):
        naam = f"admin:{_model}_{_pagina}"
        if naam == "admin:trajecten_instrument_delete":
            continue  # that row shows the beheerder deleting an instrument of their own
        MATRIX[naam] = Rij(
            verwacht=BUITEN_BEHEER, kwargs={"object_id": _object}, post=BUITEN_BEHEER, data=_body
        )
MATRIX.update(
    {
        # Setting the password of another gemeente's user, which would hand over the account.
        "admin:auth_user_password_change": rij(
            kwargs={"id": "gebruiker_urk"},
            post=BUITEN_BEHEER,
            data={
                "password1": "overgenomen-wachtwoord-1",
                "password2": "overgenomen-wachtwoord-1",
                "usable_password": "true",
            },
            **BUITEN_BEHEER,
        ),
        # The gemeente records: a superuser's; the list is refused outright.
        "admin:werkcoach_gemeente_changelist": rij(
            beheerder=GEWEIGERD,
            overig=NAAR_LOGIN,
            post=per_rol(beheerder=GEWEIGERD, overig=NAAR_LOGIN),
        ),
    }
)
# The second factor of another gemeente's user (a device): the reset action on the users page
# answers with the list again, but resets nothing (the device admins are gone: no role has one).
MATRIX["admin:werkcoach_gebruiker_changelist"] = rij(
    beheerder=OK,
    overig=NAAR_LOGIN,
    post=per_rol(beheerder=DOORGESTUURD, overig=NAAR_LOGIN),
    data={"action": "tweede_factor_resetten", "_selected_action": "@gebruiker_urk"},
    schrijft_niet=("beheerder",),
)


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

    from django_otp.plugins.otp_totp.models import TOTPDevice

    from werkcoach.models import Feestdag, Organisatie

    # The matrix's beheerder manages Noordoostpolder only: Urk's objects are out of reach.
    wereld.beheerder.gemeenten.set([wereld.nop])
    instrument_urk = Instrument.objects.create(
        naam="Alleen in Urk",
        aanbieder=regionaal.aanbieder,
        categorie=regionaal.categorie,
        omschrijving="Een instrument van Urk.",
        gemeente=wereld.urk,
    )
    TOTPDevice.objects.create(user=wereld.sociaal_werker_urk, name="app", confirmed=True)
    return {
        "nop": wereld.nop,
        "pilot": wereld.pilot,
        "pilot_urk": wereld.pilot_urk,
        "team_urk": wereld.team_urk,
        "organisatie_urk": Organisatie.objects.get(naam="Welzijn Urk"),
        "feestdag_urk": Feestdag.objects.create(
            gemeente=wereld.urk, datum=date(2025, 9, 1), naam="Urker dag"
        ),
        "gebruiker_urk": wereld.sociaal_werker_urk,  # with a second factor
        "gemeente_urk": wereld.urk,
        "instrument_urk": instrument_urk,
        "gebruiker": wereld.sociaal_werker_b,
        "vrij_instrument": vrij,
        "inschrijflink": SimpleNamespace(token="geen-geldige-link"),
    }

"""The partner API reads no session: a logged-in user of any role is as anonymous to it as a
visitor (401, problem details), and a POST with only a session writes nothing. What a token
may do (its organisation's teams, its gemeenten's pilots, another gemeente's pilot: 404) is in
``tests/api/test_api.py``; the matrix holds that no session role gets in. The OpenAPI document
is public: it describes the API and holds no data."""

from tests.toegang.matrix import ALLEEN_POST, NIET_GEVONDEN, NIET_INGELOGD, OK, per_rol, rij

ALLEEN_TOKEN = per_rol(overig=NIET_INGELOGD)

MATRIX = {
    "api:aanmeldingen": rij(
        overig=ALLEEN_POST,
        post=ALLEEN_TOKEN,
        data={"gebiedsteam": "@aanmelding.gebiedsteam_id", "signaal": "Wil werken."},
    ),
    "api:kerncijfers": rij(
        overig=NIET_INGELOGD,
        kwargs={"pilot_id": "traject.pilot_id"},
        query="?van=2024-01-01&tot=2024-12-31",
        post=per_rol(overig=ALLEEN_POST),
    ),
    "api:openapi-json": rij(overig=OK),
    # The API's root is no resource: the same problem+json 404 for everyone.
    "api:api-root": rij(overig=NIET_GEVONDEN),
}

"""Rapportage: projectleider and manager of the gemeente see figures, reports and the budget;
only the projectleider asks for reports, retries them and changes the budget. The projectleider of
Urk sees the figures of their own pilot (200) but no report of Noordoostpolder (404); the write
endpoints get a valid body that names the Noordoostpolder pilot, so a missing scope would save."""

import hashlib

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
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

PL_URK = "projectleider_andere_gemeente"
LEZEN = {"anoniem": NAAR_LOGIN, "projectleider": OK, "manager": OK, PL_URK: OK}
# Reading one report of Noordoostpolder: the projectleider of Urk does not find it.
LEZEN_RAPPORT = {**LEZEN, PL_URK: NIET_GEVONDEN}
SCHRIJVEN = {
    "anoniem": NAAR_LOGIN,
    "projectleider": ALLEEN_POST,
    "manager": GEWEIGERD,
    PL_URK: ALLEEN_POST,
}


def _post(projectleider: int, **codes: int) -> dict[str, int]:
    """POST to a write endpoint: the projectleider of the pilot gets ``projectleider``; the one of
    Urk names a pilot or report of Noordoostpolder and gets 404; everybody else 403."""
    return per_rol(
        anoniem=NAAR_LOGIN,
        projectleider=projectleider,
        overig=GEWEIGERD,
        **{PL_URK: NIET_GEVONDEN, **codes},
    )


NOP = "@pilot.pk"

MATRIX = {
    "rapportage:dashboard": rij(**LEZEN, overig=GEWEIGERD),
    "rapportage:rapporten": rij(**LEZEN, overig=GEWEIGERD),
    "rapportage:begroting": rij(**LEZEN, overig=GEWEIGERD),
    # GET only, checked after the role gate and before the report is looked up.
    "rapportage:rapport_status": rij(
        **LEZEN_RAPPORT,
        overig=GEWEIGERD,
        kwargs={"pk": "rapport"},
        post=per_rol(**{**SCHRIJVEN, "manager": ALLEEN_POST}, overig=GEWEIGERD),
    ),
    "rapportage:rapport_download": rij(
        **LEZEN_RAPPORT,
        overig=GEWEIGERD,
        post=per_rol(**{**SCHRIJVEN, "manager": ALLEEN_POST}, overig=GEWEIGERD),
        kwargs={"pk": "rapport", "bestand": "rapport.soort_pdf"},
    ),
    # Requested and redirected to the list; a month without a report yet.
    "rapportage:maandrapportage_aanvragen": rij(
        **SCHRIJVEN,
        overig=GEWEIGERD,
        post=_post(DOORGESTUURD),
        data={"pilot": NOP, "jaar": "2024", "maand": "2", "toelichting": "Matrix."},
    ),
    "rapportage:verantwoording_aanvragen": rij(
        **SCHRIJVEN,
        overig=GEWEIGERD,
        post=_post(DOORGESTUURD),
        data={"pilot": NOP, "rwf-periode": "pilot", "rwf-toelichting": "Matrix."},
    ),
    # The report is finished: "again" only redirects; a new version is made (302).
    "rapportage:rapport_opnieuw": rij(
        **SCHRIJVEN, overig=GEWEIGERD, kwargs={"pk": "rapport"}, post=_post(DOORGESTUURD)
    ),
    "rapportage:rapport_nieuwe_versie": rij(
        **SCHRIJVEN,
        overig=GEWEIGERD,
        kwargs={"pk": "rapport"},
        post=_post(DOORGESTUURD),
        data={
            "toelichting": "Matrix: nieuwe versie.",
            "aanvraagsleutel": "0b7f7c1e-8a49-4d6c-9a43-2f1d7f0e6b21",
        },
    ),
    "rapportage:begroting_wijzigen": rij(
        **SCHRIJVEN,
        overig=GEWEIGERD,
        post=_post(DOORGESTUURD),
        data={"pilot": NOP, "post": "personeel", "bedrag": "1000", "toelichting": "Matrix."},
    ),
    "rapportage:uitgave_nieuw": rij(
        **SCHRIJVEN,
        overig=GEWEIGERD,
        post=_post(DOORGESTUURD),
        data={
            "pilot": NOP,
            "datum": "15-01-2024",
            "post": "personeel",
            "omschrijving": "Matrix.",
            "bedrag": "10,00",
            "indieningssleutel": "5a0c3bde-3f5e-4c29-9d55-4f7f2b8c1a11",
        },
    ),
}


def objecten(wereld, basis):
    """A finished report of the Noordoostpolder pilot, with its files in private storage."""
    from rapportage.models import Rapport

    pdf, xlsx = b"%PDF-1.7 matrix", b"PK matrix"
    rapport = Rapport.objects.create(
        pilot=wereld.pilot,
        soort=Rapport.Soort.MAANDRAPPORTAGE,
        periode_start="2024-01-01",
        periode_eind="2024-01-31",
        status=Rapport.Status.KLAAR,
        voortgang=100,
        gegenereerd_op=timezone.now(),
        pdf_bestand=default_storage.save("rapporten/matrix.pdf", ContentFile(pdf)),
        xlsx_bestand=default_storage.save("rapporten/matrix.xlsx", ContentFile(xlsx)),
        pdf_sha256=hashlib.sha256(pdf).hexdigest(),
        xlsx_sha256=hashlib.sha256(xlsx).hexdigest(),
    )
    rapport.soort_pdf = "pdf"
    return {"rapport": rapport, "pilot": wereld.pilot}

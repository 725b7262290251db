"""Rapportage: projectleider and manager of the gemeente see figures, reports and the budget;
only the projectleider asks for reports, retries them and changes the budget."""

import hashlib

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils import timezone

from tests.toegang.matrix import ALLEEN_POST, GEWEIGERD, NAAR_LOGIN, OK, rij

LEZEN = {"anoniem": NAAR_LOGIN, "projectleider": OK, "manager": OK}
SCHRIJVEN = {"anoniem": NAAR_LOGIN, "projectleider": ALLEEN_POST, "manager": GEWEIGERD}

MATRIX = {
    "rapportage:dashboard": rij(**LEZEN, overig=GEWEIGERD),
    "rapportage:rapporten": rij(**LEZEN, overig=GEWEIGERD),
    "rapportage:begroting": rij(**LEZEN, overig=GEWEIGERD),
    "rapportage:rapport_status": rij(**LEZEN, overig=GEWEIGERD, kwargs={"pk": "rapport"}),
    "rapportage:rapport_download": rij(
        **LEZEN, overig=GEWEIGERD, kwargs={"pk": "rapport", "bestand": "rapport.soort_pdf"}
    ),
    "rapportage:maandrapportage_aanvragen": rij(**SCHRIJVEN, overig=GEWEIGERD),
    "rapportage:verantwoording_aanvragen": rij(**SCHRIJVEN, overig=GEWEIGERD),
    "rapportage:rapport_opnieuw": rij(**SCHRIJVEN, overig=GEWEIGERD, kwargs={"pk": "rapport"}),
    "rapportage:rapport_nieuwe_versie": rij(
        **SCHRIJVEN, overig=GEWEIGERD, kwargs={"pk": "rapport"}
    ),
    "rapportage:begroting_wijzigen": rij(**SCHRIJVEN, overig=GEWEIGERD),
    "rapportage:uitgave_nieuw": rij(**SCHRIJVEN, overig=GEWEIGERD),
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
    return {"rapport": rapport}

"""Files in the database (werkcoach.opslag): the operations the reports and their download use."""

import hashlib

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.urls import reverse
from django.utils import timezone

from werkcoach.models import Bestand
from werkcoach.opslag import DatabaseOpslag

pytestmark = pytest.mark.django_db


@pytest.fixture
def opslag():
    return DatabaseOpslag()


def test_a_saved_file_reads_back_byte_for_byte(opslag):
    data = bytes(range(256)) * 100
    naam = opslag.save("rapporten/1/verantwoording.pdf", ContentFile(data))
    assert naam == "rapporten/1/verantwoording.pdf"
    with opslag.open(naam) as f:
        assert f.read() == data
    assert opslag.size(naam) == len(data)
    assert opslag.get_modified_time(naam) <= timezone.now()


def test_a_taken_name_gets_a_new_one_and_the_old_file_stays(opslag):
    eerste = opslag.save("rapporten/1/a.pdf", ContentFile(b"een"))
    tweede = opslag.save("rapporten/1/a.pdf", ContentFile(b"twee"))
    assert tweede != eerste and tweede.startswith("rapporten/1/a_")
    assert opslag.open(eerste).read() == b"een" and opslag.open(tweede).read() == b"twee"


def test_folders_are_the_prefixes_of_names(opslag):
    for naam in ("rapporten/1/a.pdf", "rapporten/1/a.xlsx", "rapporten/2/b.pdf", "export.zip"):
        opslag.save(naam, ContentFile(b"x"))
    assert opslag.listdir("rapporten") == (["1", "2"], [])
    assert opslag.listdir("rapporten/1/") == ([], ["a.pdf", "a.xlsx"])
    assert opslag.listdir("") == (["rapporten"], ["export.zip"])
    assert opslag.exists("rapporten/2") and opslag.exists("rapporten/2/b.pdf")
    assert not opslag.exists("rapporten/3") and not opslag.exists("rapporten/1/a")


def test_delete_and_missing_files(opslag):
    naam = opslag.save("weg.pdf", ContentFile(b"x"))
    opslag.delete(naam)
    opslag.delete(naam)  # twice is fine, as for files
    assert not opslag.exists(naam) and not Bestand.objects.exists()
    with pytest.raises(FileNotFoundError):
        opslag.open(naam)
    with pytest.raises(FileNotFoundError):
        opslag.size(naam)


def test_no_public_url_and_no_writing_through_open(opslag):
    with pytest.raises(NotImplementedError):
        opslag.url("rapporten/1/a.pdf")
    with pytest.raises(ValueError, match="save"):
        opslag.open("rapporten/1/a.pdf", "wb")


def test_a_report_in_the_database_is_downloaded(wereld, client, settings):
    from rapportage.models import Rapport

    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "werkcoach.opslag.DatabaseOpslag"},
    }
    opslag = storages["default"]
    assert isinstance(opslag, DatabaseOpslag)
    pdf = b"%PDF-1.7 in de database"
    rapport = Rapport.objects.create(
        pilot=wereld.pilot,
        soort=Rapport.Soort.MAANDRAPPORTAGE,
        periode_start="2024-01-01",
        periode_eind="2024-01-31",
        status=Rapport.Status.KLAAR,
        voortgang=100,
        gegenereerd_op=timezone.now(),
        pdf_bestand=opslag.save("rapporten/db.pdf", ContentFile(pdf)),
        xlsx_bestand=opslag.save("rapporten/db.xlsx", ContentFile(b"PK")),
        pdf_sha256=hashlib.sha256(pdf).hexdigest(),
        xlsx_sha256="",
    )
    client.force_login(wereld.projectleider)
    url = reverse("rapportage:rapport_download", kwargs={"pk": rapport.pk, "bestand": "pdf"})
    antwoord = client.get(url)
    assert antwoord.status_code == 200 and antwoord.content == pdf

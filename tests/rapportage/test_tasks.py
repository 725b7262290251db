"""The report task: idempotent, one report per pilot, kind and period, failures readable and
retryable, monthly planning by beat."""

import hashlib
from datetime import date

import pytest
from django.conf import settings
from django.core.files.storage import default_storage

from rapportage import documenten, tasks
from rapportage.kpi import Periode
from rapportage.models import Rapport
from rapportage.services import maandrapportages_plannen, rapport_aanvragen

pytestmark = pytest.mark.django_db
JAN = Periode.maand(2024, 1)


def aanvragen(wereld, periode=JAN, **kwargs):
    return rapport_aanvragen(
        pilot=wereld.pilot,
        soort=Rapport.Soort.MAANDRAPPORTAGE,
        periode=periode,
        door=wereld.projectleider,
        **kwargs,
    )


def test_running_the_task_twice_gives_one_report_and_keeps_its_files(wereld):
    rapport, gestart = aanvragen(wereld)  # on_commit is not run here: the task is called below
    assert gestart
    assert tasks.rapport_genereren(rapport.pk) == "klaar"
    rapport.refresh_from_db()
    eerste = (rapport.pdf_bestand, rapport.pdf_sha256, rapport.gegenereerd_op)
    assert tasks.rapport_genereren(rapport.pk) == "klaar"
    rapport.refresh_from_db()
    assert (rapport.pdf_bestand, rapport.pdf_sha256, rapport.gegenereerd_op) == eerste
    assert Rapport.objects.count() == 1
    with default_storage.open(rapport.pdf_bestand) as f:
        assert hashlib.sha256(f.read()).hexdigest() == rapport.pdf_sha256
    with default_storage.open(rapport.xlsx_bestand) as f:
        assert hashlib.sha256(f.read()).hexdigest() == rapport.xlsx_sha256
    assert len(default_storage.listdir(f"rapporten/{wereld.pilot.pk}")[1]) == 2


def test_asking_twice_for_the_same_report_gives_one(wereld, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        eerste, gestart1 = aanvragen(wereld)
        tweede, gestart2 = aanvragen(wereld)
    assert (gestart1, gestart2) == (True, False)
    assert eerste.pk == tweede.pk
    assert len(callbacks) == 1
    assert Rapport.objects.get().status == Rapport.Status.KLAAR


def test_a_failure_is_readable_and_can_be_retried(
    wereld, monkeypatch, django_capture_on_commit_callbacks
):
    def kapot(rapport, voortgang):
        raise RuntimeError("lettertype niet gevonden")

    monkeypatch.setattr(documenten, "maak", kapot)
    with django_capture_on_commit_callbacks(execute=True):
        rapport, _ = aanvragen(wereld)
    rapport.refresh_from_db()
    assert rapport.status == Rapport.Status.MISLUKT
    assert "lettertype niet gevonden" in rapport.foutmelding
    assert not rapport.pdf_bestand
    monkeypatch.undo()
    with django_capture_on_commit_callbacks(execute=True):
        opnieuw, gestart = aanvragen(wereld)
    assert gestart and opnieuw.pk == rapport.pk
    opnieuw.refresh_from_db()
    assert opnieuw.status == Rapport.Status.KLAAR
    assert opnieuw.foutmelding == ""


def test_an_unreachable_broker_leaves_the_report_queued_in_the_outbox(
    wereld, celery_conf, django_capture_on_commit_callbacks
):
    """Not "failed" and not "wordt gemaakt": queued, and the outbox keeps the task."""
    from werkcoach.models import Taakbericht

    celery_conf(task_always_eager=False, broker_url="redis://127.0.0.1:1/0")
    with django_capture_on_commit_callbacks(execute=True):
        rapport, _ = aanvragen(wereld)
    rapport.refresh_from_db()
    assert rapport.status == Rapport.Status.WACHTRIJ and not rapport.foutmelding
    bericht = Taakbericht.objects.get()
    assert (bericht.taak, bericht.argumenten) == ("rapportage.rapport_genereren", [rapport.pk])
    assert bericht.gepubliceerd_op is None and bericht.laatste_fout


def test_a_period_outside_the_pilot_is_refused(wereld):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as fout:
        aanvragen(wereld, periode=Periode.maand(2022, 5))
    assert "periode" in fout.value.message_dict
    assert not Rapport.objects.exists()


def test_beat_plans_the_previous_month_for_every_running_pilot_once(
    wereld, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        maandrapportages_plannen(vandaag=date(2024, 3, 1))
        maandrapportages_plannen(vandaag=date(2024, 3, 1))
    rapporten = Rapport.objects.order_by("pilot__naam")
    assert [(r.pilot.naam, r.periode_start, r.periode_eind, r.status) for r in rapporten] == [
        ("Pilot NOP", date(2024, 2, 1), date(2024, 2, 29), "klaar"),
        ("Pilot Urk", date(2024, 2, 1), date(2024, 2, 29), "klaar"),
    ]
    assert all(r.aangevraagd_door is None for r in rapporten)


def test_beat_schedule_runs_the_planner_on_the_first_of_the_month():
    entry = settings.CELERY_BEAT_SCHEDULE["rapportage-maandrapportages"]
    assert entry["task"] == tasks.maandrapportages_plannen.name
    assert entry["schedule"].day_of_month == {1}


def test_a_task_for_a_deleted_report_does_nothing(wereld):
    rapport, _ = aanvragen(wereld)
    Rapport.objects.filter(pk=rapport.pk).delete()
    assert tasks.rapport_genereren(rapport.pk) == "verwijderd"
    assert not default_storage.exists(f"rapporten/{wereld.pilot.pk}")


def test_a_new_version_with_highlights_keeps_the_first_one(
    wereld, django_capture_on_commit_callbacks
):
    import uuid

    from rapportage.services import rapport_nieuwe_versie

    with django_capture_on_commit_callbacks(execute=True):
        eerste, _ = aanvragen(wereld)
    eerste.refresh_from_db()
    sleutel = uuid.uuid4()
    with django_capture_on_commit_callbacks(execute=True):
        tweede = rapport_nieuwe_versie(
            rapport=eerste,
            door=wereld.projectleider,
            toelichting="Open dag.",
            aanvraagsleutel=sleutel,
        )
        dubbel = rapport_nieuwe_versie(
            rapport=eerste,
            door=wereld.projectleider,
            toelichting="Open dag.",
            aanvraagsleutel=sleutel,
        )
    assert dubbel.pk == tweede.pk
    tweede.refresh_from_db()
    assert (tweede.versie, tweede.status, tweede.toelichting) == (2, "klaar", "Open dag.")
    vorige = (eerste.pdf_bestand, eerste.pdf_sha256)
    eerste.refresh_from_db()
    assert (eerste.pdf_bestand, eerste.pdf_sha256) == vorige
    assert tweede.pdf_sha256 != eerste.pdf_sha256
    # asking for the month again finds the latest version, and makes nothing new
    rapport, gestart = aanvragen(wereld)
    assert (rapport.pk, gestart) == (tweede.pk, False)
    assert Rapport.objects.count() == 2

"""The yearly job that adds next year's public holidays for every gemeente."""

import io
from datetime import date

import pytest
from django.conf import settings
from django.core.management import call_command

from werkcoach.models import Feestdag
from werkcoach.services import feestdagen_aanvullen
from werkcoach.tasks import feestdagen_volgend_jaar_taak

pytestmark = pytest.mark.django_db


def test_the_job_adds_next_years_holidays_for_every_gemeente_once(wereld, klok):
    klok(date(2026, 12, 1))
    assert (
        feestdagen_volgend_jaar_taak.delay().get() == 2 * 10
    )  # ten Dutch days in 2027 (no lustrum: no 5 May)
    for gemeente in (wereld.nop, wereld.urk):
        dagen = dict(
            Feestdag.objects.filter(gemeente=gemeente, datum__year=2027).values_list(
                "datum", "naam"
            )
        )
        assert dagen[date(2027, 4, 27)] == "Koningsdag"
        assert date(2027, 3, 28) in dagen  # Eerste Paasdag
    assert feestdagen_volgend_jaar_taak.delay().get() == 0


def test_a_day_beheer_renamed_is_kept(wereld, klok):
    klok(date(2026, 12, 1))
    feestdagen_aanvullen(gemeente=wereld.nop, jaren=[2027])
    Feestdag.objects.filter(gemeente=wereld.nop, datum=date(2027, 12, 26)).update(
        naam="Tweede kerstdag (vrij)"
    )
    Feestdag.objects.filter(gemeente=wereld.nop, datum=date(2027, 5, 6)).delete()
    call_command("feestdagen_aanvullen", stdout=io.StringIO())
    assert Feestdag.objects.get(gemeente=wereld.nop, datum=date(2027, 12, 26)).naam == (
        "Tweede kerstdag (vrij)"
    )
    uit = io.StringIO()
    call_command("feestdagen_aanvullen", jaar=2028, stdout=uit)
    assert "toegevoegd" in uit.getvalue()
    assert Feestdag.objects.filter(gemeente=wereld.urk, datum__year=2028).exists()


def test_beat_runs_the_job_yearly():
    regel = settings.CELERY_BEAT_SCHEDULE["werkcoach-feestdagen-volgend-jaar"]
    assert regel["task"] == feestdagen_volgend_jaar_taak.name
    assert regel["schedule"].month_of_year == {12} and regel["schedule"].day_of_month == {1}

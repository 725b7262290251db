"""Dates derived from a moment are Amsterdam dates, not UTC dates: just after midnight is the
new day."""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from tests.conftest import maak_traject
from trajecten.models import Contactmoment, Faseovergang
from werkcoach.models import Logregel

AMSTERDAM = ZoneInfo("Europe/Amsterdam")


def test_a_traject_started_at_half_past_midnight_counts_from_that_amsterdam_day(wereld):
    begin = datetime(2025, 3, 10, 0, 30, tzinfo=AMSTERDAM)  # 9 March 23:30 UTC
    traject = maak_traject(wereld, op=begin)
    dagen = traject.pilot.max_begeleiding_dagen
    assert traject.maximale_einddatum == date(2025, 3, 10) + timedelta(days=dagen)


def test_texts_of_moments_show_the_amsterdam_date(wereld):
    begin = datetime(2025, 3, 10, 0, 30, tzinfo=AMSTERDAM)
    traject = maak_traject(wereld, op=begin)
    assert "10-03-2025" in str(traject.aanmelding)
    assert "10-03-2025" in str(Faseovergang.objects.filter(traject=traject).first())
    moment = Contactmoment(traject=traject, datum=begin, soort="telefoon")
    assert "10-03-2025" in str(moment)
    regel = Logregel(tijdstip=begin, actor_naam="wc", actie="bekijken")
    assert str(regel).startswith("10-03-2025 00:30")

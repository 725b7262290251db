"""A moment typed in local time is read on every day of the year, the DST nights included."""

from datetime import UTC, datetime, timedelta

from django.utils import timezone
from hypothesis import given
from hypothesis import strategies as st

from werkcoach.formvelden import DatumTijdField

VELD = DatumTijdField(input_formats=["%Y-%m-%dT%H:%M", "%d-%m-%Y %H:%M"])


def test_the_hour_that_occurs_twice_reads_as_its_first_occurrence():
    moment = VELD.clean("2026-10-25T02:30")
    assert timezone.localtime(moment).utcoffset() == timedelta(hours=2)  # still summer time
    assert timezone.localtime(moment).strftime("%d-%m-%Y %H:%M") == "25-10-2026 02:30"


def test_the_hour_that_does_not_exist_reads_with_the_offset_before_the_jump():
    moment = VELD.clean("2027-03-28T02:30")
    assert moment == datetime(2027, 3, 28, 1, 30, tzinfo=UTC)
    assert timezone.localtime(moment).strftime("%H:%M") == "03:30"


@given(
    st.datetimes(min_value=datetime(2023, 1, 1), max_value=datetime(2031, 1, 1)).map(
        lambda d: d.replace(second=0, microsecond=0)
    )
)
def test_every_minute_of_the_year_reads_back_as_typed_outside_the_spring_gap(gewenst):
    moment = VELD.clean(gewenst.strftime("%d-%m-%Y %H:%M"))
    lokaal = timezone.localtime(moment).replace(tzinfo=None)
    assert lokaal == gewenst or (gewenst.month == 3 and gewenst.hour == 2)

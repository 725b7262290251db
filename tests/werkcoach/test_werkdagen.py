from datetime import date, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from werkcoach.werkdagen import Werkdagkalender, plus_werkdagen, werkdagen_tussen


def test_plus_working_days_skips_the_weekend():
    # Friday 1 December 2023 + 1 working day is Monday 4 December.
    assert plus_werkdagen(date(2023, 12, 1), 1) == date(2023, 12, 4)
    assert plus_werkdagen(date(2023, 12, 1), 5) == date(2023, 12, 8)


def test_plus_working_days_skips_configured_holidays():
    kerst = [date(2023, 12, 25), date(2023, 12, 26)]
    # Friday 22 December + 1 working day, with both Christmas days off, is Wednesday 27 December.
    assert plus_werkdagen(date(2023, 12, 22), 1, kerst) == date(2023, 12, 27)


def test_working_days_between_counts_neither_weekend_nor_holiday():
    assert (
        werkdagen_tussen(
            date(2023, 12, 22), date(2023, 12, 27), [date(2023, 12, 25), date(2023, 12, 26)]
        )
        == 1
    )
    assert werkdagen_tussen(date(2023, 12, 4), date(2023, 12, 4)) == 0
    assert werkdagen_tussen(date(2023, 12, 8), date(2023, 12, 4)) == -4


@settings(max_examples=200, deadline=None)
@given(
    start=st.dates(date(2023, 1, 1), date(2026, 12, 31)),
    dagen=st.integers(-60, 400),
    norm=st.integers(0, 40),
    vrij=st.sets(st.dates(date(2023, 1, 1), date(2027, 12, 31)), max_size=30),
)
def test_the_working_day_calendar_is_one_subtraction_with_the_slow_answers(
    start, dagen, norm, vrij
):
    kalender = Werkdagkalender(vrij, van=date(2023, 6, 1), tot=date(2026, 6, 30))
    eind = start + timedelta(days=dagen)
    assert kalender.tussen(start, eind) == werkdagen_tussen(start, eind, vrij)
    assert kalender.uiterlijk(start, norm) == plus_werkdagen(start, norm, vrij)

from datetime import date

from werkcoach.werkdagen import plus_werkdagen, werkdagen_tussen


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

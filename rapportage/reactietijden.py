"""Response-time measurements, each attributed to exactly one day, so that months add up to the
year and a closed period never changes.

A measurement starts on a day (the referral, the move into oriëntatie, the handover) and has a
norm in working days. It is *decided* on one day:
- the day of the response, when the response came within the norm (counted as within);
- otherwise the first working day beyond the norm (counted as late), whether the response came
  later or never;
- not at all when the case stopped (declined, withdrawn, ended) before the norm ran out without
  a response: then nothing was due.

A measurement belongs to the period that holds its decision day, and only days up to the
period's end (and today) are used to decide it, so it is counted once, in one period, and its
outcome never changes afterwards.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from werkcoach.werkdagen import Werkdagkalender


@dataclass(frozen=True)
class Meting:
    beslist_op: date
    binnen: bool


def meting(
    kalender: Werkdagkalender,
    *,
    start: date,
    norm: int,
    antwoord: date | None,
    gestopt: date | None,
    peildatum: date,
) -> Meting | None:
    """The measurement of one case as known on ``peildatum`` (``None``: not decided yet, or
    nothing was due). ``antwoord`` is the day of the response, ``gestopt`` the day the case
    stopped without one."""
    grens = kalender.uiterlijk(start, norm + 1)  # the first working day beyond the norm
    if antwoord is not None and antwoord < grens and antwoord <= peildatum:
        return Meting(antwoord, True)
    if gestopt is not None and gestopt < grens and (antwoord is None or gestopt <= antwoord):
        return None
    if grens <= peildatum:
        return Meting(grens, False)
    return None


def marge(norm: int) -> timedelta:
    """How long before a period a measurement with this norm may have started and still be
    decided in it: the norm in calendar days with room for weekends and a holiday season."""
    return timedelta(days=2 * (norm + 1) + 21)


def starts_beslist_in(kalender: Werkdagkalender, norm: int, van: date, tot: date):
    """The days on which a measurement must start for its norm to run out in ``[van, tot]`` (a
    ``kpi.Periode``, or None): the first working day beyond the norm moves on with the start, so
    these days are one stretch."""
    from rapportage.kpi import Periode

    eerste = van - marge(norm)
    dagen = [eerste + timedelta(days=n) for n in range((tot - eerste).days + 1)]
    binnen = [d for d in dagen if van <= kalender.uiterlijk(d, norm + 1) <= tot]
    return Periode(binnen[0], binnen[-1]) if binnen else None


def tel(metingen: Iterable[Meting | None], start: date, eind: date) -> tuple[int, int]:
    """(measured, within the norm) of the measurements decided in ``[start, eind]``."""
    gemeten = binnen = 0
    for m in metingen:
        if m is not None and start <= m.beslist_op <= eind:
            gemeten += 1
            binnen += m.binnen
    return gemeten, binnen

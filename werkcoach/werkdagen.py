"""Working-day arithmetic for response times: weekends and configured feestdagen are skipped."""

from collections.abc import Iterable
from datetime import date, timedelta


def is_werkdag(dag: date, feestdagen: frozenset[date]) -> bool:
    return dag.weekday() < 5 and dag not in feestdagen


def plus_werkdagen(start: date, aantal: int, feestdagen: Iterable[date] = ()) -> date:
    """The date ``aantal`` working days after ``start`` (``start`` itself does not count)."""
    vrij = frozenset(feestdagen)
    dag = start
    resterend = aantal
    while resterend > 0:
        dag += timedelta(days=1)
        if is_werkdag(dag, vrij):
            resterend -= 1
    return dag


def werkdagen_tussen(start: date, eind: date, feestdagen: Iterable[date] = ()) -> int:
    """Working days after ``start`` up to and including ``eind``; negative if ``eind`` is earlier."""
    if eind < start:
        return -werkdagen_tussen(eind, start, feestdagen)
    vrij = frozenset(feestdagen)
    return sum(
        1 for n in range(1, (eind - start).days + 1) if is_werkdag(start + timedelta(days=n), vrij)
    )


def feestdagen_voor(gemeente_id: int | None) -> frozenset[date]:
    """The configured feestdagen of a gemeente, plus those that apply everywhere (one query)."""
    from django.db.models import Q

    from werkcoach.models import Feestdag

    return frozenset(
        Feestdag.objects.filter(Q(gemeente_id=gemeente_id) | Q(gemeente__isnull=True)).values_list(
            "datum", flat=True
        )
    )

"""Working-day arithmetic for response times: weekends and configured feestdagen are skipped."""

from calendar import monthrange
from collections import defaultdict
from collections.abc import Iterable
from datetime import date, timedelta

from django.db.models import (
    Case,
    Exists,
    Expression,
    ExpressionWrapper,
    F,
    Func,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Least, Mod
from django.db.models.lookups import GreaterThanOrEqual


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


def feestdagen_per_gemeente(gemeente_ids: Iterable[int]) -> dict[int, frozenset[date]]:
    """The configured feestdagen of each of several gemeenten, those that apply everywhere
    included, in one query. Each gemeente asked for has an entry (maybe only the general days)."""
    from werkcoach.models import Feestdag

    ids = sorted(set(gemeente_ids))
    per: dict[int | None, set[date]] = defaultdict(set)
    for gemeente_id, datum in Feestdag.objects.filter(
        Q(gemeente_id__in=ids) | Q(gemeente__isnull=True)
    ).values_list("gemeente_id", "datum"):
        per[gemeente_id].add(datum)
    algemeen = per[None]
    return {g: frozenset(per[g] | algemeen) for g in ids}


def feestdagen_voor(gemeente_id: int | None) -> frozenset[date]:
    """The configured feestdagen of one gemeente, plus those that apply everywhere (one query)."""
    if gemeente_id is None:
        from werkcoach.models import Feestdag

        return frozenset(
            Feestdag.objects.filter(gemeente__isnull=True).values_list("datum", flat=True)
        )
    return feestdagen_per_gemeente([gemeente_id])[gemeente_id]


def plus_maanden(dag: date, maanden: int) -> date:
    """The same day ``maanden`` months later; the last day of the month when it has no such day
    (31 January plus one month is 28 or 29 February). Works for a datetime too."""
    jaar, maand = divmod(dag.month - 1 + maanden, 12)
    jaar += dag.year
    maand += 1
    return dag.replace(year=jaar, month=maand, day=min(dag.day, monthrange(jaar, maand)[1]))


class Werkdagkalender:
    """The working days of one gemeente numbered once, so that the working days between two
    dates is one subtraction: ``tussen(a, b) == werkdagen_tussen(a, b, feestdagen)`` and
    ``uiterlijk(a, n) == plus_werkdagen(a, n, feestdagen)``. Built for a range of dates; outside
    it the slow functions above answer (the same result)."""

    def __init__(self, feestdagen: Iterable[date], van: date, tot: date):
        self.vrij = frozenset(feestdagen)
        self.van = van
        self.tot = tot
        nummers: list[int] = []
        werkdagen: list[date] = []
        n = 0
        for i in range((tot - van).days + 1):
            dag = van + timedelta(days=i)
            if is_werkdag(dag, self.vrij):
                n += 1
                werkdagen.append(dag)
            nummers.append(n)
        self._nummers = nummers  # working days in (van, dag], per day from van
        self._werkdagen = werkdagen  # the n-th working day after van is werkdagen[n - 1]

    def _binnen(self, dag: date) -> bool:
        return self.van <= dag <= self.tot

    def nummer(self, dag: date) -> int:
        """The number of working days from the start of the range up to and including ``dag``."""
        return self._nummers[(dag - self.van).days]

    def tussen(self, start: date, eind: date) -> int:
        if self._binnen(start) and self._binnen(eind):
            return self.nummer(eind) - self.nummer(start)
        return werkdagen_tussen(start, eind, self.vrij)

    def uiterlijk(self, start: date, aantal: int) -> date:
        """The last day of a norm of ``aantal`` working days that starts on ``start``."""
        if aantal <= 0:
            return plus_werkdagen(start, aantal, self.vrij)
        if self._binnen(start):
            doel = self.nummer(start) + aantal
            if 0 < doel <= len(self._werkdagen):
                return self._werkdagen[doel - 1]
        return plus_werkdagen(start, aantal, self.vrij)


# --- The same calendar in SQL, for sorting and filtering by deadline in the database ----------

# Mondays to Fridays in Django's ``week_day`` lookup (1 is Sunday).
_WEEKDAGEN = (2, 3, 4, 5, 6)


class DagenSinds(Func):
    """Whole days from Monday 05-01-1970 to a date expression (PostgreSQL and SQLite)."""

    output_field = IntegerField()

    def as_sql(self, compiler, connection, *args, **extra_context):
        sql, params = compiler.compile(self.source_expressions[0])
        return f"(CAST({sql} AS date) - DATE '1970-01-05')", params

    def as_sqlite(self, compiler, connection, **extra_context):
        sql, params = compiler.compile(self.source_expressions[0])
        return f"CAST(julianday({sql}) - julianday('1970-01-05') AS INTEGER)", params


def _feestdagen_sql(gemeente: str) -> QuerySet:
    from werkcoach.models import Feestdag

    return Feestdag.objects.filter(
        Q(gemeente_id=OuterRef(gemeente)) | Q(gemeente__isnull=True)
    ).order_by()


def werkdagnummer(datum: str, gemeente: str) -> Expression:
    """SQL: the working days from 05-01-1970 up to and including the date annotated as
    ``datum`` (an alias of the outer query), skipping weekends and the feestdagen of the
    gemeente at the path ``gemeente``. ``plus_werkdagen(d, n)`` is the working day numbered
    ``werkdagnummer(d) + n``: a deadline compares as a number without leaving the database."""
    dagen = DagenSinds(F(datum))
    weekdagen = Value(5) * (dagen / Value(7)) + Least(Mod(dagen, Value(7)), Value(4)) + Value(1)
    vrij = _feestdagen_sql(gemeente).filter(
        datum__lte=OuterRef(datum), datum__week_day__in=_WEEKDAGEN
    )
    aantal = vrij.annotate(
        n=Func(F("datum"), function="COUNT", template="COUNT(DISTINCT %(expressions)s)")
    ).values("n")
    return ExpressionWrapper(weekdagen - Subquery(aantal), output_field=IntegerField())


def is_vrij(datum: str, gemeente: str) -> Expression:
    """SQL: 1 when the date annotated as ``datum`` is a weekend day or a feestdag, else 0."""
    return Case(
        When(GreaterThanOrEqual(Mod(DagenSinds(F(datum)), Value(7)), Value(5)), then=Value(1)),
        When(Exists(_feestdagen_sql(gemeente).filter(datum=OuterRef(datum))), then=Value(1)),
        default=Value(0),
        output_field=IntegerField(),
    )

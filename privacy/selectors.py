"""Reads of privacy: the processing log's search for functioneel beheer."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from django.db import connection
from django.db.models import F, QuerySet
from django.db.models.fields.tuple_lookups import Tuple, TupleGreaterThan, TupleLessThan

from werkcoach.models import Gebruiker, Gemeente, Logregel

_EPOCHE = datetime(1970, 1, 1, tzinfo=UTC)
_MICROSECONDE = timedelta(microseconds=1)


_VELDEN = (
    "tijdstip",
    "actie",
    "doel",
    "resultaat",
    "actor_naam",
    "object_type",
    "object_id",
    "inwoner_id",
    "ip_adres",
    "omschrijving",
)


def logregels_zoeken(filterset, *, user: Gebruiker) -> list[QuerySet[Logregel]]:
    """The log rows matching a valid ``LogregelFilter`` (none for an invalid one), as one or
    more querysets whose union is the result; ``logpagina`` reads a page of it.

    A beheerder sees only the rows of their own gemeenten: the row is about one of them (the
    gemeente stored on it), or it is about no gemeente (a login, a change of rights) and its
    actor shares a gemeente with them. Each gemeente is a part of its own, with the ids written
    out: the database then walks the index (gemeente, tijdstip, id) of each and stops after a
    page, also for a gemeente with few rows, where a walk over all rows in time order would
    pass every row of the others first. Two queries read the ids, whatever the log holds."""
    if filterset.is_bound and not filterset.is_valid():
        return [Logregel.objects.none()]
    qs = filterset.qs.only(*_VELDEN)
    if user.is_superuser:
        gemeenten = list(Gemeente.objects.order_by("pk").values_list("pk", flat=True))
        zonder = qs.filter(gemeente__isnull=True)
    else:
        gemeenten = sorted(user.gemeente_ids)
        collega_s = list(
            Gebruiker.objects.filter(gemeenten__in=gemeenten)
            .order_by()
            .values_list("pk", flat=True)
            .distinct()
        )
        zonder = qs.filter(gemeente__isnull=True, actor_id__in=collega_s)
    delen = [qs.filter(gemeente_id=gemeente) for gemeente in gemeenten]
    return [*delen, zonder]


@dataclass(frozen=True)
class Logpagina:
    """One page of log rows, newest first, with the keys of the pages around it (None: there
    is none). The keys are positions in the log, not page numbers: a page stays the same
    while new rows are written, and no page needs a count of all rows."""

    regels: list[Logregel]
    vorige: str | None
    volgende: str | None


def sleutel(regel: Logregel) -> str:
    """A row's position in the log's order (time, then id), as text for a URL."""
    return f"{(regel.tijdstip - _EPOCHE) // _MICROSECONDE}.{regel.pk}"


def _positie(tekst: str | None) -> tuple[datetime, int] | None:
    try:
        microseconden, pk = (int(deel) for deel in (tekst or "").split("."))
        return _EPOCHE + timedelta(microseconds=microseconden), pk
    except (ValueError, OverflowError):
        return None


def _lees(delen: list[QuerySet[Logregel]], volgorde: tuple[str, str], aantal: int) -> list:
    """The first ``aantal`` rows of the union of ``delen`` in ``volgorde``: each part reads at
    most ``aantal`` rows along its own index, the union is cut again. One query."""
    if len(delen) == 1:
        return list(delen[0].order_by(*volgorde)[:aantal])
    # SQLite (the embedded run) cannot cut the parts of a union; there the union is cut once.
    if connection.features.supports_slicing_ordering_in_compound:
        delen = [deel.order_by(*volgorde)[:aantal] for deel in delen]
    else:
        delen = [deel.order_by() for deel in delen]
    eerste, *overige = delen
    return list(eerste.union(*overige, all=True).order_by(*volgorde)[:aantal])


def logpagina(
    delen: list[QuerySet[Logregel]], *, na: str | None, voor: str | None, per: int
) -> Logpagina:
    """The ``per`` rows after position ``na`` (older), or before ``voor`` (newer), or the newest
    ones; one query that reads ``per + 1`` rows along an index in (time, id) order.

    The bound is a row comparison, ``(tijdstip, id) < (t, i)``: the database starts its walk
    of the index at the position (and estimates it by the time alone)."""
    if (positie := _positie(voor)) is not None:
        nieuwer = TupleGreaterThan(Tuple(F("tijdstip"), F("id")), positie)
        delen = [deel.filter(nieuwer) for deel in delen]
        rijen = _lees(delen, ("tijdstip", "id"), per + 1)
        meer, regels = len(rijen) > per, rijen[:per][::-1]
        return Logpagina(
            regels=regels,
            vorige=sleutel(regels[0]) if meer else None,
            volgende=sleutel(regels[-1]) if regels else None,
        )
    if (positie := _positie(na)) is not None:
        ouder = TupleLessThan(Tuple(F("tijdstip"), F("id")), positie)
        delen = [deel.filter(ouder) for deel in delen]
    rijen = _lees(delen, ("-tijdstip", "-id"), per + 1)
    regels = rijen[:per]
    return Logpagina(
        regels=regels,
        vorige=sleutel(regels[0]) if positie is not None and regels else None,
        volgende=sleutel(regels[-1]) if len(rijen) > per else None,
    )

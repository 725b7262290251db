"""Reads of privacy: the processing log's search for functioneel beheer."""

from django.db.models import Q, QuerySet

from cases.models import Inwoner
from werkcoach.models import Gebruiker, Gemeente, Logregel


def logregels_zoeken(filterset, *, user: Gebruiker) -> QuerySet:
    """The log rows matching a valid ``LogregelFilter``; none for an invalid one.

    A beheerder sees only the rows of their own gemeenten: the resident belongs to one of them,
    or the actor shares one with them. Subqueries, so the number of queries stays the same."""
    if filterset.is_bound and not filterset.is_valid():
        return Logregel.objects.none()
    qs = filterset.qs
    if not user.is_superuser:
        eigen = Gemeente.objects.filter(gebruikers=user).values("pk")
        qs = qs.filter(
            Q(inwoner_id__in=Inwoner.objects.filter(gemeente__in=eigen).values("pk"))
            | Q(actor__in=Gebruiker.objects.filter(gemeenten__in=eigen).values("pk"))
        )
    return qs.only(
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

"""Reads of inwoners and aanmeldingen."""

from datetime import date

from django.db.models import Q, QuerySet

from cases.models import Aanmelding, Inwoner
from werkcoach.models import Gemeente, Pilot


def actieve_pilot(*, gemeente: Gemeente | int, dag: date) -> Pilot | None:
    gemeente_id = gemeente if isinstance(gemeente, int) else gemeente.pk
    return (
        Pilot.objects.filter(gemeente_id=gemeente_id, startdatum__lte=dag, einddatum__gte=dag)
        .order_by("-startdatum")
        .first()
    )


def inwoner_dubbelen(
    *,
    gemeente: Gemeente | int,
    bsn: str = "",
    voornaam: str = "",
    achternaam: str = "",
    geboortedatum: date | None = None,
) -> QuerySet[Inwoner]:
    """Residents of the gemeente that are probably this person: same BSN, or same name and birth
    date (case-insensitive)."""
    gemeente_id = gemeente if isinstance(gemeente, int) else gemeente.pk
    q = Q(pk__in=[])
    if bsn:
        q |= Q(bsn=bsn)
    if voornaam and achternaam and geboortedatum:
        q |= Q(
            voornaam__iexact=voornaam.strip(),
            achternaam__iexact=achternaam.strip(),
            geboortedatum=geboortedatum,
        )
    return Inwoner.objects.filter(q, gemeente_id=gemeente_id, geanonimiseerd_op__isnull=True)


def aanmeldingen_voor_gebruiker(user) -> QuerySet[Aanmelding]:
    return Aanmelding.objects.voor_gebruiker(user).select_related(
        "inwoner", "gebiedsteam", "aangemeld_door"
    )

"""Background work of rapportage: generating reports (on demand and monthly, by beat)."""

from celery import shared_task
from django.utils import timezone

from rapportage import services


@shared_task(name="rapportage.rapport_genereren")
def rapport_genereren(rapport_pk: int) -> str:
    """Generate one report. Idempotent: a report that is done is left as it is."""
    rapport = services.rapport_genereren(rapport_pk=rapport_pk)
    return rapport.status if rapport else "verwijderd"


@shared_task(name="rapportage.maandrapportages_plannen")
def maandrapportages_plannen() -> list[int]:
    """Run by beat on the first of the month: the previous month's report of every pilot."""
    rapporten = services.maandrapportages_plannen(vandaag=timezone.localdate())
    return [r.pk for r in rapporten]


@shared_task(name="rapportage.rapporten_bewaken")
def rapporten_bewaken() -> int:
    """Run by beat: reports past their lease are queued again or, after too many attempts,
    failed with the reason (idempotent)."""
    return services.rapporten_bewaken()


@shared_task(name="rapportage.maandcijfers_bijwerken")
def maandcijfers_bijwerken() -> int:
    """Run by beat every night: the closed months of every pilot and gebiedsteam computed and
    stored ahead (those a backdated change removed, and a month that just closed), so no
    dashboard view or report waits for them. Idempotent: stored months are left as they are."""
    from rapportage import maandcijfers

    return maandcijfers.bijwerken(vandaag=timezone.localdate())

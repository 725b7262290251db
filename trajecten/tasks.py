"""Background work of the klantreis: handover notifications and reminders. Each task takes
primary keys, calls a service and is idempotent (the service records what was sent)."""

from celery import shared_task

from trajecten import services

# The referral e-mails and the response-time watch live with the referral handling; importing
# them here registers them with Celery, which looks for <app>/tasks.py.
from trajecten.aanmeldingen.tasks import (  # noqa: F401
    gemiste_meldingen_versturen,
    mail_statuswijziging,
    reactietijden_bewaken,
)


@shared_task
def overdracht_melden(overdracht_pk: int) -> bool:
    return services.overdracht_melding_versturen(overdracht_pk=overdracht_pk)


@shared_task
def overdracht_herinneringen() -> int:
    return services.overdracht_herinneringen_versturen()


@shared_task
def nazorg_herinneringen() -> int:
    return services.nazorg_herinneringen_versturen()

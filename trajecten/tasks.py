"""Background work of the klantreis: handover notifications and reminders. Each task takes
primary keys, calls a service and is idempotent (the service records what was sent)."""

from celery import shared_task

from trajecten import services


@shared_task
def overdracht_melden(overdracht_pk: int) -> bool:
    return services.overdracht_melding_versturen(overdracht_pk=overdracht_pk)


@shared_task
def overdracht_herinneringen() -> int:
    return services.overdracht_herinneringen_versturen()


@shared_task
def nazorg_herinneringen() -> int:
    return services.nazorg_herinneringen_versturen()

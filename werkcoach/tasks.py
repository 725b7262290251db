"""Scheduled work of the cross-cutting parts."""

from celery import shared_task

from werkcoach import bewaring


@shared_task
def bewaartermijnen_toepassen() -> dict:
    """Daily (beat): anonymise files past their retention term. Idempotent: an anonymised file
    is skipped, so a retry or a second worker does no harm."""
    resultaat = bewaring.bewaartermijnen_toepassen()
    return {"run": resultaat.run.pk, "geanonimiseerd": resultaat.run.geanonimiseerd}

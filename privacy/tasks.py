"""Scheduled work of privacy."""

from celery import shared_task

from privacy import bewaring


# The name stays the one beat and queued messages have always used.
@shared_task(name="werkcoach.tasks.bewaartermijnen_toepassen")
def bewaartermijnen_toepassen() -> dict:
    """Daily (beat): anonymise files past their retention term. Idempotent: an anonymised file
    is skipped, so a retry or a second worker does no harm."""
    resultaat = bewaring.bewaartermijnen_toepassen()
    return {"run": resultaat.run.pk, "geanonimiseerd": resultaat.run.geanonimiseerd}

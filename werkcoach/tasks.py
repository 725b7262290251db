"""Background work of the base: the outbox sweep and the signs of life for the health check."""

import socket

from celery import shared_task
from django.utils import timezone

from werkcoach import wachtrij
from werkcoach.models import Hartslag


@shared_task(name="werkcoach.tasks.taakberichten_publiceren")
def taakberichten_publiceren() -> int:
    """Run by beat: publish the outbox rows the requests could not (idempotent)."""
    return wachtrij.taakberichten_publiceren()


@shared_task(name="werkcoach.tasks.hartslag", bind=True)
def hartslag(self) -> str:
    """Run by beat on a worker: the worker answered, so both are alive."""
    door = self.request.hostname or socket.gethostname()
    Hartslag.objects.update_or_create(naam="worker", defaults={"op": timezone.now(), "door": door})
    return door

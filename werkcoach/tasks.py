"""Background work of the base: yearly public holidays, the outbox sweep and the signs of
life for the health check."""

import socket

from celery import shared_task
from django.utils import timezone

from werkcoach import wachtrij
from werkcoach.models import Hartslag
from werkcoach.services import feestdagen_volgend_jaar


@shared_task(name="werkcoach.feestdagen_volgend_jaar")
def feestdagen_volgend_jaar_taak() -> int:
    """Yearly: next year's public holidays for every gemeente. Idempotent (days that are there
    are left alone), so a retry or a second run adds nothing."""
    return feestdagen_volgend_jaar()


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

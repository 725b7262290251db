"""The Celery app. Without CELERY_BROKER_URL tasks run in-process (eager)."""

import os

from celery import Celery, signals

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "werkcoach.settings")

app = Celery("werkcoach")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

_beat = {"actief": False}


@signals.beat_init.connect
def _beat_gestart(**kwargs) -> None:
    _beat["actief"] = True


@signals.before_task_publish.connect
def _beat_hartslag(sender=None, **kwargs) -> None:
    """Beat records its last run when it sends its heartbeat task (for the health check)."""
    if not _beat["actief"] or sender != "werkcoach.tasks.hartslag":
        return
    import socket

    from django.utils import timezone

    from werkcoach.models import Hartslag

    try:
        Hartslag.objects.update_or_create(
            naam="beat", defaults={"op": timezone.now(), "door": socket.gethostname()}
        )
    except Exception:  # noqa: BLE001 - a database fault must not stop beat's schedule
        import logging

        logging.getLogger(__name__).exception("Could not record beat's heartbeat")

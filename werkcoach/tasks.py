"""Scheduled work of the cross-cutting parts."""

from celery import shared_task

from werkcoach.services import feestdagen_volgend_jaar


@shared_task(name="werkcoach.feestdagen_volgend_jaar")
def feestdagen_volgend_jaar_taak() -> int:
    """Yearly: next year's public holidays for every gemeente. Idempotent (days that are there
    are left alone), so a retry or a second run adds nothing."""
    return feestdagen_volgend_jaar()

"""Shared by the klantreis services: lock a traject and check the version the caller read."""

from trajecten.models import (
    Traject,
)
from werkcoach.errors import GelijktijdigeWijziging


def _vergrendel(traject: Traject, versie: int | None) -> Traject:
    """Lock the row; refuse when ``versie`` shows the caller read an older state."""
    actueel = Traject.objects.select_for_update().select_related("pilot").get(pk=traject.pk)
    if versie is not None and actueel.versie != versie:
        raise GelijktijdigeWijziging()
    return actueel


def _versie_ophogen(traject: Traject, versie: int) -> Traject:
    """Lock the traject, refuse a stale ``versie`` and count this change. Every action in the
    dossier goes through here, so a second tab or a double submit cannot repeat or overwrite it."""
    traject = _vergrendel(traject, versie)
    traject.versie += 1
    traject.save(update_fields=["versie", "gewijzigd_op"])
    return traject

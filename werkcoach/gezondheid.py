"""The operator's health checks (``/gezondheid/?volledig=1``): each answers "ok" or what is
wrong, within about a second."""

from __future__ import annotations

import shutil
from datetime import timedelta

from celery import current_app
from django.conf import settings
from django.utils import timezone

from werkcoach.models import Hartslag


def _broker() -> str:
    if current_app.conf.task_always_eager:
        return "ok"  # the embedded setup: tasks run in-process
    from werkcoach.wachtrij import _verbinding

    try:
        with _verbinding() as verbinding:
            verbinding.default_channel.client.ping()
    except Exception as fout:  # noqa: BLE001 - any fault is the answer
        return f"niet bereikbaar ({type(fout).__name__})"
    return "ok"


def _hartslag(naam: str) -> str:
    if current_app.conf.task_always_eager:
        return "ok"
    laatste = Hartslag.objects.filter(naam=naam).first()
    grens = timezone.now() - timedelta(seconds=3 * settings.WERKCOACH_BEWAKING_INTERVAL + 30)
    if laatste is None:
        return "nog nooit gezien"
    if laatste.op < grens:
        return f"laatst gezien {timezone.localtime(laatste.op):%d-%m-%Y %H:%M:%S}"
    return "ok"


def _schijf() -> str:
    vrij = shutil.disk_usage(settings.VAR_DIR if settings.VAR_DIR.exists() else "/").free
    if vrij < settings.WERKCOACH_MIN_VRIJE_SCHIJF_MB * 1024 * 1024:
        return f"nog {vrij // (1024 * 1024)} MB vrij"
    return "ok"


def controles() -> dict[str, str]:
    return {
        "database": "ok",  # the view asked it first
        "broker": _broker(),
        "worker": _hartslag("worker"),
        "beat": _hartslag("beat"),
        "schijf": _schijf(),
    }

"""Enqueueing tasks through an outbox, so a broker that is down or hung never blocks a request.

``in_wachtrij(taak, *args)`` writes a ``Taakbericht`` in the transaction of the change that needs
the task and publishes it once that transaction has committed, with connect and socket timeouts
of ``WERKCOACH_BROKER_TIMEOUT`` seconds and no retries. What could not be published stays in the
table; the beat sweep ``taakberichten_publiceren`` publishes it when the broker is back. After a
failed publish this process does not try again in a request for ``WERKCOACH_BROKER_PAUZE``
seconds: with a hung broker only the first request waits, the next ones leave it to the sweep.

A task may be published twice (the request's publish and the sweep can cross); every task is
idempotent, so that costs nothing. Without a broker (the embedded setup, the tests) the task
runs in-process after the commit, as Celery's eager mode does.
"""

from __future__ import annotations

import logging
import threading
import time
from datetime import timedelta
from typing import Any

from celery import current_app
from django.conf import settings
from django.db import transaction
from django.utils import timezone

from werkcoach.models import Taakbericht

logger = logging.getLogger(__name__)

_storing = threading.local()  # per thread: until when (monotonic) the broker is left alone


def in_wachtrij(taak: Any, *args: Any) -> Taakbericht:
    """Record ``taak(*args)`` in the outbox of the current transaction; publish after commit."""
    bericht = Taakbericht.objects.create(taak=taak.name, argumenten=list(args))
    transaction.on_commit(lambda: _na_commit(taak, bericht.pk, args))
    return bericht


def _na_commit(taak: Any, bericht_pk: int, args: tuple) -> None:
    if current_app.conf.task_always_eager:
        Taakbericht.objects.filter(pk=bericht_pk).update(gepubliceerd_op=timezone.now())
        try:
            taak.apply(args=args, throw=True)
        except Exception:  # noqa: BLE001 - the user's change is committed; the task logs its own
            logger.exception("Task %s%r failed in-process", taak.name, args)
        return
    if time.monotonic() < getattr(_storing, "tot", 0.0):
        logger.info("Broker paused after a failure: %s is left to the sweep", taak.name)
        return
    publiceren(Taakbericht.objects.filter(pk=bericht_pk))


def _verbinding():
    """A fresh broker connection that gives up after about a second, without retries."""
    wachten = settings.WERKCOACH_BROKER_TIMEOUT
    return current_app.connection_for_write(
        connect_timeout=wachten,
        transport_options={
            "socket_timeout": wachten,
            "socket_connect_timeout": wachten,
            "retry_on_timeout": False,
            "max_retries": 0,
        },
    )


def publiceren(berichten) -> int:
    """Publish the given outbox rows; stop at the first failure. Returns how many went out."""
    gepubliceerd = 0
    with _verbinding() as verbinding:
        for bericht in berichten:
            try:
                current_app.send_task(
                    bericht.taak,
                    args=bericht.argumenten,
                    connection=verbinding,
                    retry=False,
                    ignore_result=True,
                )
            except Exception as fout:  # noqa: BLE001 - any broker fault: the sweep retries
                _storing.tot = time.monotonic() + settings.WERKCOACH_BROKER_PAUZE
                logger.warning("Could not publish %s (%s); the sweep retries", bericht, fout)
                Taakbericht.objects.filter(pk=bericht.pk).update(
                    pogingen=bericht.pogingen + 1,
                    laatste_fout=f"{type(fout).__name__}: {fout}"[:300],
                )
                break
            Taakbericht.objects.filter(pk=bericht.pk).update(gepubliceerd_op=timezone.now())
            gepubliceerd += 1
    return gepubliceerd


def taakberichten_publiceren(*, ouder_dan: timedelta = timedelta(seconds=3)) -> int:
    """The beat sweep: publish what the requests could not, oldest first; forget what was
    published a week ago. Rows another sweep is publishing are skipped (SKIP LOCKED)."""
    grens = timezone.now() - ouder_dan
    with transaction.atomic():
        open_ = list(
            Taakbericht.objects.select_for_update(skip_locked=True)
            .filter(gepubliceerd_op__isnull=True, aangemaakt_op__lt=grens)
            .order_by("pk")[:500]
        )
        gepubliceerd = publiceren(open_) if open_ else 0
    Taakbericht.objects.filter(gepubliceerd_op__lt=timezone.now() - timedelta(days=7)).delete()
    return gepubliceerd

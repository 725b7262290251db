"""The outbox: a task is recorded in the transaction of the change, published after the commit
without waiting long on a hung broker, and published later by the sweep."""

import socket
import time
from datetime import timedelta

import pytest
from celery import current_app
from django.db import transaction
from django.utils import timezone

from werkcoach import wachtrij
from werkcoach.models import Taakbericht
from werkcoach.tasks import hartslag

pytestmark = pytest.mark.django_db


@pytest.fixture
def hangende_broker(monkeypatch, celery_conf):
    """A 'broker' that accepts connections (the kernel does) but never answers, as a frozen
    Redis does."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(50)
    celery_conf(
        task_always_eager=False, broker_url=f"redis://127.0.0.1:{server.getsockname()[1]}/0"
    )
    monkeypatch.setattr(wachtrij._storing, "tot", 0.0, raising=False)
    yield server
    server.close()


def test_a_rolled_back_change_enqueues_nothing(django_capture_on_commit_callbacks):
    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        wachtrij.in_wachtrij(hartslag)
        raise RuntimeError("de wijziging mislukt")
    assert not Taakbericht.objects.exists() and not callbacks


def test_a_hung_broker_costs_a_request_about_a_second_and_loses_nothing(
    hangende_broker, django_capture_on_commit_callbacks
):
    begin = time.monotonic()
    with django_capture_on_commit_callbacks(execute=True):
        wachtrij.in_wachtrij(hartslag)
    assert time.monotonic() - begin < 2.5
    bericht = Taakbericht.objects.get()
    assert bericht.gepubliceerd_op is None and bericht.pogingen == 1 and bericht.laatste_fout
    # The next request in this process does not try the broker again for a while.
    begin = time.monotonic()
    with django_capture_on_commit_callbacks(execute=True):
        wachtrij.in_wachtrij(hartslag)
    assert time.monotonic() - begin < 0.5
    assert Taakbericht.objects.filter(gepubliceerd_op__isnull=True).count() == 2


def test_the_sweep_publishes_what_is_left_once(monkeypatch, celery_conf):
    verstuurd = []
    celery_conf(task_always_eager=False)
    monkeypatch.setattr(
        current_app, "send_task", lambda naam, args, **kw: verstuurd.append((naam, args))
    )
    eerst = Taakbericht.objects.create(taak="werkcoach.tasks.hartslag", argumenten=[])
    Taakbericht.objects.create(taak="rapportage.rapport_genereren", argumenten=[7])
    assert wachtrij.taakberichten_publiceren(ouder_dan=timedelta(0)) == 2
    assert wachtrij.taakberichten_publiceren() == 0
    assert verstuurd == [("werkcoach.tasks.hartslag", []), ("rapportage.rapport_genereren", [7])]
    eerst.refresh_from_db()
    assert eerst.gepubliceerd_op is not None


def test_the_full_health_check_names_what_is_wrong(client, celery_conf, settings):
    from django.urls import reverse

    from werkcoach.models import Hartslag

    assert client.get(reverse("gezondheid"), {"volledig": 1}).json()["status"] == "ok"
    celery_conf(task_always_eager=False, broker_url="redis://127.0.0.1:1/0")
    Hartslag.objects.create(naam="beat", op=timezone.now())
    antwoord = client.get(reverse("gezondheid"), {"volledig": 1})
    assert antwoord.status_code == 503
    controles = antwoord.json()["controles"]
    assert controles["database"] == "ok" and controles["beat"] == "ok"
    assert controles["broker"].startswith("niet bereikbaar")
    assert controles["worker"] == "nog nooit gezien"
    settings.WERKCOACH_MIN_VRIJE_SCHIJF_MB = 10**12
    assert (
        "MB vrij"
        in client.get(reverse("gezondheid"), {"volledig": 1}).json()["controles"]["schijf"]
    )
    # The load balancer's liveness check stays a plain 200 while the database answers.
    assert client.get(reverse("gezondheid")).json() == {"status": "ok"}

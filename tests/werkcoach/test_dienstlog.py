"""Services log the changes they make, so every entry point (a view, the admin, a task, an
import, the demo) leaves the same trace; a service called by another logs once."""

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.conftest import maak_aanmelding, maak_traject
from trajecten.aanmeldingen.services import toestemming_intrekken
from trajecten.services import gesprek_vastleggen
from werkcoach.audit import Actie, Doel
from werkcoach.models import Logregel

pytestmark = pytest.mark.django_db


def _nieuwe(voor: int):
    return list(Logregel.objects.filter(pk__gt=voor).order_by("pk"))


def _laatste() -> int:
    return Logregel.objects.order_by("-pk").values_list("pk", flat=True).first() or 0


def test_a_service_called_outside_a_request_logs_actor_purpose_and_resident(wereld):
    voor = _laatste()
    aanmelding = maak_aanmelding(wereld)
    [regel] = _nieuwe(voor)
    assert (regel.actie, regel.doel, regel.actor, regel.inwoner_id) == (
        Actie.AANMAKEN,
        Doel.VERWIJZING,
        wereld.sociaal_werker,
        aanmelding.inwoner_id,
    )
    assert regel.ip_adres is None  # no request: no origin


def test_a_service_that_calls_others_writes_one_row(wereld):
    traject = maak_traject(wereld)
    voor = _laatste()
    # The gesprek is recorded with a contactmoment, and records the first contact: one change.
    gesprek_vastleggen(
        traject=traject, door=wereld.werkcoach, gehouden_op=timezone.now(), verslag="Kennis."
    )
    assert [(r.omschrijving, r.object_type) for r in _nieuwe(voor)] == [
        ("gesprek", "trajecten.Traject")
    ]
    voor = _laatste()
    toestemming_intrekken(aanmelding=traject.aanmelding, door=wereld.werkcoach)
    [regel] = _nieuwe(voor)  # the traject it ends is part of the same change
    assert (regel.doel, regel.omschrijving) == (Doel.RECHTEN_BETROKKENE, "Toestemming ingetrokken")


def test_a_change_made_in_a_view_logs_the_request_origin(client, wereld):
    aanmelding = maak_aanmelding(wereld)
    client.force_login(wereld.werkcoach)
    voor = _laatste()
    client.post(
        reverse("aanmeldingen:aanmelding_accepteren", args=[aanmelding.pk]),
        REMOTE_ADDR="192.0.2.7",
        HTTP_USER_AGENT="Testbrowser",
    )
    wijzigingen = [r for r in _nieuwe(voor) if r.actie == Actie.WIJZIGEN]
    assert [(r.omschrijving, r.ip_adres, r.user_agent, r.actor) for r in wijzigingen] == [
        ("Aanmelding aangenomen; traject gestart", "192.0.2.7", "Testbrowser", wereld.werkcoach)
    ]

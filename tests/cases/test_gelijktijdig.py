"""Two werkcoaches accept the same referral at the same moment: one traject, and a clear
message for the second. Needs PostgreSQL (row locks); SQLite serialises whole transactions."""

import threading

import pytest
from django.db import connection

from cases.services import AanmeldingAlBehandeld
from tests.conftest import maak_aanmelding, services_vereist
from trajecten.aanmeldingen.services import aanmelding_accepteren
from trajecten.models import Traject
from werkcoach.models import Rol
from werkcoach.services import gebruiker_create

pytestmark = pytest.mark.django_db(transaction=True)


def test_two_werkcoaches_accepting_at_once_give_one_traject(wereld):
    if connection.vendor != "postgresql":
        if services_vereist():
            pytest.fail("This test needs PostgreSQL (DATABASE_URL) in CI.")
        pytest.skip("Needs PostgreSQL: set DATABASE_URL to run it.")
    collega = gebruiker_create(
        username="wc2",
        password="x-lang-genoeg-wachtwoord",
        first_name="Collega",
        last_name="Test",
        email="wc2@example.org",
        organisatie=wereld.werkcorporatie,
        rollen=[Rol.WERKCOACH],
        gemeenten=[wereld.nop],
    )
    aanmelding = maak_aanmelding(wereld)
    start = threading.Barrier(2)
    uitkomsten: list = []

    def accepteer(werkcoach):
        try:
            start.wait()
            uitkomsten.append(aanmelding_accepteren(aanmelding=aanmelding, door=werkcoach))
        except AanmeldingAlBehandeld as exc:
            uitkomsten.append(exc)
        finally:
            connection.close()

    draden = [threading.Thread(target=accepteer, args=(w,)) for w in (wereld.werkcoach, collega)]
    for d in draden:
        d.start()
    for d in draden:
        d.join(timeout=30)
    trajecten = [u for u in uitkomsten if isinstance(u, Traject)]
    fouten = [u for u in uitkomsten if isinstance(u, AanmeldingAlBehandeld)]
    assert (len(trajecten), len(fouten)) == (1, 1), uitkomsten
    assert Traject.objects.filter(aanmelding=aanmelding).count() == 1
    assert "al geaccepteerd door" in fouten[0].messages[0]

"""Every action's permissions: a werkcoach of another gemeente gets 404, a sociaal werker, a
manager and a partner get 403, and nothing is written."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.conftest import _gebruiker, maak_traject
from trajecten.models import Contactmoment, Instrument, Inzet, Overdracht, Traject
from trajecten.services import catalogus_laden, inzet_create
from trajecten.views import ACTIES
from werkcoach.models import Rol

GELDIGE_DATA = {
    "contactmoment": {"soort": "telefoon", "verslag": "Gebeld.", "datum": "01-01-2026 10:00"},
    "gesprek": {"gehouden_op": "01-01-2026 10:00", "verslag": "Gesprek."},
    "beeindigen": {"reden": "verhuisd"},
    "meting": {"datum": "2026-01-01", "moment": "start", "trede": "3"},
}


def _urls(traject, inzet):
    urls = [
        (f"dossier_{naam}", reverse(f"trajecten:dossier_{naam}", kwargs={"pk": traject.pk}))
        for naam in ACTIES
    ]
    urls.append(("persoon", reverse("trajecten:dossier_persoon", kwargs={"pk": traject.pk})))
    urls.append(("inzet", reverse("trajecten:inzet_wijzigen", kwargs={"pk": inzet.pk})))
    return urls


def _data(naam, traject):
    kort = naam.removeprefix("dossier_")
    return {
        f"{kort}-{k}": v
        for k, v in {"versie": traject.versie, **GELDIGE_DATA.get(kort, {})}.items()
    }


@pytest.fixture
def traject_met_inzet(wereld):
    catalogus_laden()
    traject = maak_traject(wereld, op=timezone.now() - timedelta(days=3))
    inzet = inzet_create(
        traject=traject, door=wereld.werkcoach, instrument=Instrument.objects.first()
    )
    traject.refresh_from_db()
    return traject, inzet


@pytest.mark.parametrize(
    ("rol", "verwacht"),
    [
        ("werkcoach_andere_gemeente", 404),
        ("sociaal_werker", 403),
        ("manager", 403),
        ("partner", 403),
        ("projectleider", 403),
        ("beheerder", 403),
    ],
)
def test_no_dossier_action_is_allowed_outside_the_werkcoach_of_the_gemeente(
    wereld, client, traject_met_inzet, rol, verwacht
):
    traject, inzet = traject_met_inzet
    client.force_login(wereld.rollen()[rol])
    for naam, url in _urls(traject, inzet):
        antwoord = client.post(url, _data(naam, traject), headers={"HX-Request": "true"})
        assert antwoord.status_code == verwacht, naam
    assert Traject.objects.get(pk=traject.pk).versie == traject.versie
    assert Traject.objects.get(pk=traject.pk).is_open
    assert not Contactmoment.objects.filter(traject=traject).exists()
    assert Inzet.objects.get(pk=inzet.pk).status == "gepland"


def test_the_werkcoach_of_the_gemeente_may_do_the_same_actions(wereld, client, traject_met_inzet):
    traject, _ = traject_met_inzet
    client.force_login(wereld.werkcoach)
    url = reverse("trajecten:dossier_contactmoment", kwargs={"pk": traject.pk})
    antwoord = client.post(url, _data("contactmoment", traject), headers={"HX-Request": "true"})
    assert antwoord.status_code == 200
    assert Contactmoment.objects.filter(traject=traject).count() == 1


def test_dossier_of_another_gemeente_is_not_found(wereld, client):
    traject = maak_traject(wereld, team=wereld.team_urk)
    client.force_login(wereld.werkcoach)
    assert client.get(reverse("trajecten:dossier", kwargs={"pk": traject.pk})).status_code == 404


def test_caseload_shows_only_the_gemeente_of_the_werkcoach(wereld, client):
    eigen = maak_traject(wereld)
    ander = maak_traject(wereld, team=wereld.team_urk)
    client.force_login(wereld.werkcoach)
    html = client.get(reverse("trajecten:caseload")).content.decode()
    assert eigen.inwoner.volledige_naam in html
    assert ander.inwoner.volledige_naam not in html


def test_only_the_functioneel_beheerder_maintains_the_catalogue(wereld, client):
    catalogus_laden()
    instrument = Instrument.objects.first()
    url = reverse("trajecten:instrument_wijzigen", kwargs={"pk": instrument.pk})
    for rol in ("werkcoach", "projectleider", "sociaal_werker", "manager", "partner"):
        client.force_login(wereld.rollen()[rol])
        assert client.post(url, {"naam": "Gekaapt"}).status_code == 403, rol
    assert Instrument.objects.get(pk=instrument.pk).naam == instrument.naam


def test_a_partner_confirms_only_handovers_addressed_to_them(wereld, client):
    from tests.conftest import traject_op_stap
    from trajecten.models import Fase

    traject = traject_op_stap(wereld, Fase.OVERDRACHT)
    overdracht = traject.overdrachten.get()  # addressed to the WerkCorporatie
    andere_partner = _gebruiker("roc2", wereld.roc, [Rol.PARTNER], [wereld.nop])
    url = reverse("trajecten:overdracht_bevestigen", kwargs={"pk": overdracht.pk})
    client.force_login(andere_partner)
    assert client.post(url).status_code == 404
    client.force_login(wereld.werkcoach)
    assert client.post(url).status_code == 403
    assert Overdracht.objects.get(pk=overdracht.pk).bevestigd_op is None
    wc_partner = _gebruiker("am", wereld.werkcorporatie, [Rol.PARTNER], [wereld.nop])
    client.force_login(wc_partner)
    assert client.post(url).status_code == 302
    overdracht.refresh_from_db()
    assert overdracht.bevestigd_door == wc_partner and overdracht.bevestigd_op is not None

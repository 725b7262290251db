"""Scope: a sociaal werker of another gebiedsteam or gemeente, and a werkcoach of another
gemeente, see nothing of these referrals."""

import pytest
from django.urls import reverse

from tests.conftest import maak_aanmelding, maak_traject


@pytest.fixture
def aanmeldingen(wereld):
    return {
        "a": maak_aanmelding(wereld, voornaam="Annet", achternaam="Uitteam"),
        "b": maak_aanmelding(wereld, team=wereld.team_b, voornaam="Bert", achternaam="Uitteam"),
        "urk": maak_aanmelding(
            wereld, team=wereld.team_urk, voornaam="Urker", achternaam="Uitteam"
        ),
    }


@pytest.mark.parametrize(
    ("rol", "zichtbaar", "onzichtbaar"),
    [
        ("sociaal_werker", ["a"], ["b", "urk"]),
        ("sociaal_werker_b", ["b"], ["a", "urk"]),
        ("sociaal_werker_urk", ["urk"], ["a", "b"]),
    ],
)
def test_sociaal_werker_sees_only_their_own_team(
    wereld, ingelogd, aanmeldingen, rol, zichtbaar, onzichtbaar
):
    client = ingelogd(getattr(wereld, rol))
    html = client.get(reverse("aanmeldingen:mijn_aanmeldingen")).content.decode()
    for sleutel in zichtbaar:
        a = aanmeldingen[sleutel]
        assert a.inwoner.voornaam in html
        assert client.get(reverse("aanmeldingen:aanmelding_detail", args=[a.pk])).status_code == 200
    for sleutel in onzichtbaar:
        a = aanmeldingen[sleutel]
        assert a.inwoner.voornaam not in html
        assert client.get(reverse("aanmeldingen:aanmelding_detail", args=[a.pk])).status_code == 404


def test_werkcoach_of_another_gemeente_sees_nothing(wereld, ingelogd, aanmeldingen):
    client = ingelogd(wereld.werkcoach_urk)
    html = client.get(reverse("aanmeldingen:inbox")).content.decode()
    assert "Urker" in html
    assert "Annet" not in html and "Bert" not in html
    a = aanmeldingen["a"]
    assert client.get(reverse("aanmeldingen:aanmelding_detail", args=[a.pk])).status_code == 404
    assert (
        client.post(reverse("aanmeldingen:aanmelding_accepteren", args=[a.pk])).status_code == 404
    )
    a.refresh_from_db()
    assert a.status == "nieuw"


def test_sociaal_werker_cannot_accept_or_plan(wereld, ingelogd):
    traject = maak_traject(wereld)
    aanmelding = maak_aanmelding(wereld)
    client = ingelogd(wereld.sociaal_werker)
    assert (
        client.post(reverse("aanmeldingen:aanmelding_accepteren", args=[aanmelding.pk])).status_code
        == 403
    )
    assert (
        client.get(
            reverse("aanmeldingen:gesprek_plannen", args=[traject.aanmelding_id])
        ).status_code
        == 403
    )


def test_viewing_a_referral_is_logged(wereld, ingelogd, aanmeldingen):
    from werkcoach.models import Logregel

    a = aanmeldingen["a"]
    ingelogd(wereld.sociaal_werker).get(reverse("aanmeldingen:aanmelding_detail", args=[a.pk]))
    regel = Logregel.objects.get(actie="bekijken", object_id=str(a.pk))
    assert regel.inwoner_id == a.inwoner_id
    assert regel.actor == wereld.sociaal_werker
    assert regel.doel == "verwijzing"

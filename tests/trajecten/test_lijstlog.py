"""List pages log every resident they show, so "wie heeft dit dossier bekeken" finds them."""

from django.urls import reverse

from tests.conftest import maak_traject
from werkcoach.models import Logregel


def test_caseload_logs_each_resident_shown(wereld, ingelogd):
    trajecten = [maak_traject(wereld) for _ in range(3)]
    client = ingelogd(wereld.werkcoach)
    assert client.get(reverse("trajecten:caseload") + "?van=alle").status_code == 200
    gelogd = set(
        Logregel.objects.filter(actie="bekijken", actor=wereld.werkcoach).values_list(
            "inwoner_id", flat=True
        )
    )
    assert {t.inwoner_id for t in trajecten} <= gelogd


def test_an_empty_caseload_still_logs_the_page_view(wereld, ingelogd):
    client = ingelogd(wereld.werkcoach_urk)
    client.get(reverse("trajecten:caseload"))
    regel = Logregel.objects.get(actor=wereld.werkcoach_urk, actie="bekijken")
    assert regel.inwoner_id is None and "Caseload" in regel.omschrijving

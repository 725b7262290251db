"""An overdue date is not told by colour alone, and withdrawn consent is not dressed as
overdue."""

import re
from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from tests.conftest import maak_traject
from trajecten.aanmeldingen.services import toestemming_intrekken

VERBORGEN = '<span class="visually-hidden"> (te laat)</span>'


def test_an_overdue_date_in_the_caseload_says_te_laat_to_a_screen_reader(wereld, client):
    te_laat = maak_traject(wereld, op=timezone.now() - timedelta(days=20))
    maak_traject(wereld)  # on time: no hidden text
    client.force_login(wereld.werkcoach)
    html = client.get(reverse("trajecten:caseload")).content.decode()
    # The caseload says it in words next to the date, for everyone.
    assert len(re.findall(r"\(\d+ werkdagen? te laat\)", html)) == 1
    html = client.get(reverse("trajecten:dossier", kwargs={"pk": te_laat.pk})).content.decode()
    assert VERBORGEN in html


def test_an_on_time_dossier_has_no_overdue_mark(wereld, client):
    op_tijd = maak_traject(wereld)
    client.force_login(wereld.werkcoach)
    html = client.get(reverse("trajecten:dossier", kwargs={"pk": op_tijd.pk})).content.decode()
    assert VERBORGEN not in html


def test_withdrawn_consent_has_its_own_class_not_the_overdue_red(wereld, client):
    traject = maak_traject(wereld)
    toestemming_intrekken(aanmelding=traject.aanmelding, door=wereld.werkcoach)
    client.force_login(wereld.werkcoach)
    html = client.get(reverse("trajecten:dossier", kwargs={"pk": traject.pk})).content.decode()
    assert 'class="col-sm-8 toestemming-ingetrokken"' in html
    assert 'class="col-sm-8 te-laat"' not in html

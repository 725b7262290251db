"""The dashboard says what a team's figure is compared to, flags what a manager should act
on, and an interim report says it is interim."""

from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse

from rapportage.documenten import dashboard_context, verantwoording_context
from rapportage.kpi import Periode
from rapportage.models import Rapport
from rapportage.services import begroting_vullen, uitgave_create

pytestmark = pytest.mark.django_db


def test_a_gebiedsteam_is_not_set_against_the_gemeentes_targets(ingelogd, wereld, geschiedenis):
    client = ingelogd(wereld.projectleider)
    url = reverse("rapportage:dashboard")
    html = client.get(f"{url}?jaar=2024&gebiedsteam={wereld.team_a.pk}").content.decode()
    assert "De doelen van de pilot gelden voor de hele gemeente" in html
    assert "jaardoel 2024" not in html  # no team figure against the pilot's year target
    assert "alleen Team A: de doelen gelden voor de hele gemeente" in html
    geheel = client.get(f"{url}?jaar=2024").content.decode()
    assert "jaardoel 2024: 30" in geheel


def test_the_dashboard_flags_a_post_over_budget_and_slow_responses(wereld, geschiedenis):
    begroting_vullen(pilot=wereld.pilot)
    uitgave_create(
        pilot=wereld.pilot,
        door=wereld.projectleider,
        datum=date(2024, 3, 1),
        post="communicatie",
        omschrijving="Campagne",
        bedrag=Decimal("6000.00"),
    )
    context = dashboard_context(wereld.pilot, Periode.jaar(2024), None, date(2024, 12, 31))
    punten = "\n".join(context["aandacht"]).replace("\xa0", " ")
    assert "Communicatiematerialen: € 1.000,00 meer uitgegeven dan begroot" in punten
    assert "boven de subsidie" in punten  # 2023 + 2024 budgets exceed the one grant
    niets = dashboard_context(wereld.pilot_urk, Periode.jaar(2024), None, date(2024, 12, 31))
    assert niets["aandacht"] == []


def test_a_report_of_a_period_that_has_not_ended_is_interim(wereld, geschiedenis):
    rapport = Rapport.objects.create(
        pilot=wereld.pilot,
        soort=Rapport.Soort.VERANTWOORDING,
        periode_start=date(2024, 1, 1),
        periode_eind=date(2024, 12, 31),
        voorlopig=True,
        peildatum=date(2024, 2, 10),
    )
    context = verantwoording_context(rapport)
    assert context["voorlopig"]
    assert context["periode_tekst"] == "01-01-2024 t/m 31-12-2024, voorlopig: t/m 10-02-2024"
    assert "(voorlopig)" in context["titel"]
    assert context["k"].peildatum == date(2024, 2, 10)
    # nothing after the peildatum counts: A3 ended on 21-02
    assert context["k"].beeindigd == 2  # A7 (17-01) and A2 (10-02)

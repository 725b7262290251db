"""The budget: prefilled from the seeds, edited with history, realised from instruments and
expenses, with a straight-line forecast."""

import uuid
from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from rapportage.kpi import Periode
from rapportage.models import Begroting, Begrotingswijziging, Uitgave
from rapportage.selectors import begroting_overzicht
from rapportage.services import begroting_vullen, begroting_wijzigen, uitgave_create

pytestmark = pytest.mark.django_db


def totaal(pilot, jaar):
    return sum(Begroting.objects.filter(pilot=pilot, jaar=jaar).values_list("bedrag", flat=True))


def test_prefill_follows_the_project_plan_and_the_2024_revision_and_is_idempotent(wereld):
    assert begroting_vullen(pilot=wereld.pilot) == 8  # 4 posts in 2023, 4 in 2024
    assert begroting_vullen(pilot=wereld.pilot) == 0
    assert totaal(wereld.pilot, 2023) == Decimal("78700.00")
    assert totaal(wereld.pilot, 2024) == Decimal("110000.00")
    trainingen = Begrotingswijziging.objects.filter(
        begroting__jaar=2024, begroting__post="trainingen"
    ).order_by("pk")
    assert [(w.oud_bedrag, w.nieuw_bedrag) for w in trainingen] == [
        (None, Decimal("15000.00")),
        (Decimal("15000.00"), Decimal("30000.00")),
    ]


def test_a_change_keeps_who_when_and_old_to_new(wereld):
    begroting_vullen(pilot=wereld.pilot)
    begroting_wijzigen(
        pilot=wereld.pilot,
        jaar=2024,
        post="overige",
        bedrag=Decimal("2500"),
        door=wereld.projectleider,
        toelichting="Zaalhuur",
    )
    w = Begrotingswijziging.objects.filter(begroting__post="overige").first()
    assert (w.door, w.oud_bedrag, w.nieuw_bedrag, w.toelichting) == (
        wereld.projectleider,
        Decimal("2000.00"),
        Decimal("2500.00"),
        "Zaalhuur",
    )
    with pytest.raises(ValidationError) as fout:
        begroting_wijzigen(
            pilot=wereld.pilot, jaar=2024, post="overige", bedrag=Decimal("-1"), door=None
        )
    assert "bedrag" in fout.value.message_dict


def test_realisation_remaining_and_forecast(wereld, geschiedenis):
    begroting_vullen(pilot=wereld.pilot)
    uitgave_create(
        pilot=wereld.pilot,
        door=wereld.projectleider,
        datum=date(2024, 2, 10),
        post="communicatie",
        omschrijving="Flyers",
        bedrag=Decimal("500.00"),
    )
    b = begroting_overzicht(wereld.pilot, Periode.jaar(2024), date(2024, 2, 29))
    rijen = {r["post"]: r for r in b["rijen"]}
    # 60 of 366 days passed: the forecast is realisation x 366 / 60
    assert rijen["trainingen"]["gerealiseerd"] == Decimal("250.00")  # instrument of A1
    assert rijen["trainingen"]["prognose"] == Decimal("1525.00")
    assert rijen["communicatie"]["resterend"] == Decimal("4500.00")
    assert rijen["communicatie"]["prognose"] == Decimal("3050.00")
    assert b["gerealiseerd"] == Decimal("750.00")
    assert b["resterend"] == Decimal("109250.00")


def test_an_expense_submitted_twice_is_recorded_once(wereld):
    sleutel = uuid.uuid4()
    for _ in range(2):
        uitgave_create(
            pilot=wereld.pilot,
            door=wereld.projectleider,
            datum=date(2024, 3, 1),
            post="overige",
            omschrijving="Koffie open dag",
            bedrag=Decimal("45.10"),
            indieningssleutel=sleutel,
        )
    assert Uitgave.objects.count() == 1


def test_an_expense_outside_the_pilot_or_without_amount_is_refused(wereld):
    with pytest.raises(ValidationError) as fout:
        uitgave_create(
            pilot=wereld.pilot,
            door=wereld.projectleider,
            datum=date(2031, 3, 1),
            post="overige",
            omschrijving="Te laat",
            bedrag=Decimal("10"),
        )
    assert "datum" in fout.value.message_dict
    with pytest.raises(ValidationError) as fout:
        uitgave_create(
            pilot=wereld.pilot,
            door=wereld.projectleider,
            datum=date(2024, 3, 1),
            post="overige",
            omschrijving="Niets",
            bedrag=Decimal("0"),
        )
    assert "bedrag" in fout.value.message_dict
    assert not Uitgave.objects.exists()


def test_werkcoach_and_projectleider_are_one_post_personeel(wereld):
    begroting_vullen(pilot=wereld.pilot)
    assert not Begroting.objects.filter(post__in=["werkcoach", "projectleider"]).exists()
    assert Begroting.objects.get(pilot=wereld.pilot, jaar=2023, post="personeel").bedrag == 61000
    with pytest.raises(ValidationError) as fout:
        begroting_wijzigen(
            pilot=wereld.pilot, jaar=2024, post="werkcoach", bedrag=Decimal("1"), door=None
        )
    assert "samengevoegd" in fout.value.message_dict["post"][0]


def test_the_yearly_budgets_are_reconciled_with_the_one_grant(wereld):
    from rapportage.selectors import tegen_subsidie

    begroting_vullen(pilot=wereld.pilot)
    uitgave_create(
        pilot=wereld.pilot,
        door=wereld.projectleider,
        datum=date(2024, 3, 1),
        post="communicatie",
        omschrijving="Folders",
        bedrag=Decimal("1000.00"),
    )
    t = tegen_subsidie(wereld.pilot, date(2024, 12, 31))
    subsidie = wereld.pilot.subsidie_bedrag
    # 2023 (project plan) 78,700 + 2024 (revision) 110,000: more than the grant
    assert t["begroot"] == Decimal("188700.00")
    assert t["boven"] == Decimal("188700.00") - subsidie
    assert t["resterend"] == subsidie - Decimal("1000.00")  # left of the grant, not the budget
    assert "boven de subsidie" in t["signaal"]

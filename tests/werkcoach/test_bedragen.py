"""Amounts are read as Dutch users type them, everywhere, and a far-off amount is confirmed."""

import uuid
from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from rapportage.forms import BegrotingForm, UitgaveForm
from rapportage.models import Begroting, Post
from trajecten.forms import InstrumentForm, InzetForm, InzetWijzigenForm
from werkcoach.formvelden import BedragField, bedrag_lezen
from werkcoach.templatetags.opmaak import euro

bedragen = st.decimals(min_value=0, max_value=Decimal("9999999999.99"), places=2)


def _nederlands(bedrag: Decimal, groeperen: bool) -> str:
    tekst = euro(bedrag).removeprefix("€\u00a0")
    return tekst if groeperen else tekst.replace(".", "")


@given(bedrag=bedragen, groeperen=st.booleans(), euroteken=st.booleans())
def test_an_amount_written_the_dutch_way_reads_back_as_itself(bedrag, groeperen, euroteken):
    tekst = ("€ " if euroteken else "") + _nederlands(bedrag, groeperen)
    assert bedrag_lezen(tekst) == bedrag


@given(bedrag=bedragen)
def test_what_the_application_shows_reads_back_as_itself(bedrag):
    assert bedrag_lezen(euro(bedrag)) == bedrag


@given(bedrag=bedragen)
def test_an_amount_with_a_decimal_point_reads_as_a_computer_writes_it(bedrag):
    assert bedrag_lezen(f"{bedrag:f}") == bedrag


@given(euros=st.integers(min_value=1000, max_value=10**9))
def test_a_dot_before_three_digits_groups_thousands(euros):
    assert bedrag_lezen(f"{euros:,}".replace(",", ".")) == euros


@pytest.mark.parametrize(
    ("tekst", "bedrag"),
    [
        ("412,35", "412.35"),
        ("€ 12.500,00", "12500.00"),
        ("12.500", "12500"),
        ("12,-", "12"),
        ("€\u00a01.234,5", "1234.5"),
        ("1.5", "1.5"),
        (",50", "0.50"),
    ],
)
def test_typical_entries(tekst, bedrag):
    assert bedrag_lezen(tekst) == Decimal(bedrag)


@pytest.mark.parametrize("tekst", ["1,234.56", "1.23,45", "12,34,56", "1.234.56", "twaalf", "1e3"])
def test_ambiguous_or_foreign_notation_is_refused_not_guessed(tekst):
    with pytest.raises(ValueError):
        bedrag_lezen(tekst)


def test_the_field_says_in_dutch_what_it_expects_and_renders_no_number_input():
    veld = BedragField()
    with pytest.raises(Exception, match="bijvoorbeeld 1.234,56"):
        veld.clean("1,234.56")
    html = veld.widget.render("bedrag", None, attrs=veld.widget_attrs(veld.widget))
    assert 'type="text"' in html and 'inputmode="decimal"' in html


def test_every_amount_field_of_the_application_is_the_shared_one():
    velden = [
        BegrotingForm.base_fields["bedrag"],
        UitgaveForm.base_fields["bedrag"],
        InzetForm.base_fields["kosten_gepland"],
        InzetForm.base_fields["kosten_werkelijk"],
        InzetWijzigenForm.base_fields["kosten_werkelijk"],
        InstrumentForm.base_fields["kosten_indicatie"],
    ]
    assert all(isinstance(v, BedragField) for v in velden)


def _uitgave(pilot, bedrag, **extra):
    return UitgaveForm(
        {
            "datum": "03-06-2024",
            "post": Post.COMMUNICATIE,
            "omschrijving": "Drukwerk flyers",
            "bedrag": bedrag,
            "indieningssleutel": str(uuid.uuid4()),
            **extra,
        },
        pilot=pilot,
    )


@pytest.mark.django_db
def test_a_dutch_comma_in_an_expense_is_a_decimal_comma(wereld):
    form = _uitgave(wereld.pilot, "412,35")
    assert form.is_valid(), form.errors
    assert form.cleaned_data["bedrag"] == Decimal("412.35")
    assert "bedrag_bevestigd" not in form.cleaned_data


@pytest.mark.django_db
def test_an_expense_far_above_its_post_is_saved_only_after_confirmation(wereld):
    Begroting.objects.create(
        pilot=wereld.pilot, jaar=2024, post=Post.COMMUNICATIE, bedrag=Decimal("5000")
    )
    form = _uitgave(wereld.pilot, "41235")
    assert not form.is_valid()
    assert "meer dan de helft van het budget van deze post in 2024" in form.errors["bedrag"][0]
    assert 'type="checkbox"' in str(form["bedrag_bevestigd"])
    bevestigd = _uitgave(wereld.pilot, "41235", bedrag_bevestigd="on")
    assert bevestigd.is_valid(), bevestigd.errors
    assert bevestigd.cleaned_data["bedrag"] == Decimal("41235")
    assert "bedrag_bevestigd" not in bevestigd.cleaned_data
    # Within the plausible range nothing is asked.
    assert _uitgave(wereld.pilot, "2.400,00").is_valid()


@pytest.mark.django_db
def test_a_budget_post_set_far_above_its_amount_asks_for_confirmation(wereld):
    Begroting.objects.create(
        pilot=wereld.pilot, jaar=date(2024, 1, 1).year, post=Post.TRAININGEN, bedrag=Decimal("8000")
    )
    data = {"post": Post.TRAININGEN, "bedrag": "850000", "toelichting": "Ophoging"}
    form = BegrotingForm(data, pilot=wereld.pilot, jaar=2024)
    assert not form.is_valid()
    assert "meer dan drie keer het huidige bedrag" in form.errors["bedrag"][0]
    assert BegrotingForm({**data, "bedrag": "8.500,00"}, pilot=wereld.pilot, jaar=2024).is_valid()


@pytest.mark.django_db
def test_amounts_in_beheer_take_dutch_notation_too(wereld):
    from django.contrib import admin

    from trajecten.models import Instrument
    from werkcoach.models import Pilot

    for model, veld in ((Pilot, "subsidie_bedrag"), (Instrument, "kosten_indicatie")):
        modeladmin = admin.site._registry[model]
        formveld = modeladmin.formfield_for_dbfield(model._meta.get_field(veld), request=None)
        assert isinstance(formveld, BedragField), model
        assert formveld.clean("155.000,50") == Decimal("155000.50")

"""One way to enter a date everywhere: a dd-mm-jjjj text field (``DatumField``/``DatumInput``),
and for a moment that same date field with a uu:mm time beside it (``DatumTijdInput``)."""

import importlib
import inspect
from datetime import date, datetime, time

import pytest
from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from hypothesis import given
from hypothesis import strategies as st

from werkcoach.formvelden import DatumField, DatumInput, DatumTijdField, DatumTijdInput

FORMULIERMODULES = [
    "cases.forms",
    "trajecten.forms",
    "trajecten.aanmeldingen.forms",
    "rapportage.forms",
    "werkcoach.forms",
]


def _datumvelden():
    for naam in FORMULIERMODULES:
        module = importlib.import_module(naam)
        for _, klasse in inspect.getmembers(module, inspect.isclass):
            if klasse.__module__ != naam:
                continue
            velden = dict(getattr(klasse, "base_fields", {}))
            for filternaam, filt in getattr(klasse, "base_filters", {}).items():
                velden[filternaam] = filt.field
            for veldnaam, veld in velden.items():
                if isinstance(veld, forms.DateField | forms.DateTimeField):
                    yield f"{naam}.{klasse.__name__}.{veldnaam}", veld


def test_every_date_field_of_the_application_is_the_same_text_field():
    gevonden = dict(_datumvelden())
    assert len(gevonden) >= 12  # referral, gesprek, dossier, budget, audit log
    for naam, veld in gevonden.items():
        if isinstance(veld, forms.DateTimeField):
            assert isinstance(veld.widget, DatumTijdInput), naam
        else:
            assert isinstance(veld.widget, DatumInput), naam
            assert 'type="text"' in veld.widget.render("x", date(2026, 5, 17)), naam
            assert 'value="17-05-2026"' in veld.widget.render("x", date(2026, 5, 17)), naam


@given(st.dates(min_value=date(1900, 1, 1), max_value=date(2100, 12, 31)))
def test_a_date_shown_in_the_field_reads_back_as_the_same_date(dag):
    veld = DatumField()
    getoond = veld.widget.format_value(dag)
    assert getoond == f"{dag.day:02d}-{dag.month:02d}-{dag.year}"
    assert veld.clean(getoond) == dag


@pytest.mark.parametrize(
    "invoer", ["17-05-2001", "17-5-2001", "17/05/2001", "17.05.2001", "2001-05-17"]
)
def test_the_usual_dutch_ways_of_writing_a_date_are_read(invoer):
    assert DatumField().clean(invoer) == date(2001, 5, 17)


@pytest.mark.parametrize("invoer", ["17-05-01", "31-02-2025", "05-17-2001", "morgen"])
def test_an_unclear_date_gets_a_dutch_message_with_the_format(invoer):
    with pytest.raises(ValidationError) as fout:
        DatumField().clean(invoer)
    assert fout.value.messages == ["Vul een datum in als dd-mm-jjjj, bijvoorbeeld 17-05-2001."]


class _MomentForm(forms.Form):
    moment = DatumTijdField(label="Datum en tijd")


def test_a_moment_is_typed_as_a_date_and_a_time_in_two_text_fields(klok):
    klok(date(2026, 3, 1))
    form = _MomentForm({"moment_0": "17-05-2026", "moment_1": "14:30"})
    assert form.is_valid(), form.errors
    lokaal = timezone.localtime(form.cleaned_data["moment"])
    assert (lokaal.date(), lokaal.time()) == (date(2026, 5, 17), time(14, 30))
    html = str(_MomentForm(initial={"moment": "2026-05-17T14:30"})["moment"])
    assert 'value="17-05-2026"' in html and 'value="14:30"' in html
    assert 'aria-label="Tijd"' in html and 'type="date' not in html


def test_a_moment_posted_under_its_own_name_is_still_read():
    form = _MomentForm({"moment": "2026-05-17T14:30"})
    assert form.is_valid(), form.errors
    assert timezone.localtime(form.cleaned_data["moment"]).hour == 14


def test_a_moment_left_out_entirely_is_a_missing_field_not_a_crash():
    form = _MomentForm({})
    assert not form.is_valid() and "moment" in form.errors


def test_a_moment_without_a_time_is_refused_in_dutch():
    form = _MomentForm({"moment_0": "17-05-2026", "moment_1": ""})
    assert not form.is_valid()
    assert "dd-mm-jjjj en uu:mm" in form.errors["moment"][0]


def test_an_aware_moment_is_shown_in_local_time():
    moment = timezone.make_aware(datetime(2026, 7, 1, 9, 5))
    assert DatumTijdInput().decompress(moment) == ["01-07-2026", "09:05"]

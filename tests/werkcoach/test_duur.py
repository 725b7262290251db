"""Durations in Dutch words, wherever the application shows one."""

from datetime import timedelta

import pytest
from django.core import mail
from hypothesis import given
from hypothesis import strategies as st

from cases.services import TeVaakGecontroleerd
from werkcoach.templatetags.opmaak import duur, duur_minuten


@pytest.mark.parametrize(
    ("waarde", "tekst"),
    [
        (timedelta(minutes=15), "15 minuten"),
        (timedelta(minutes=1), "1 minuut"),
        (timedelta(hours=1), "1 uur"),
        (timedelta(hours=2), "2 uur"),
        (timedelta(minutes=90), "1 uur en 30 minuten"),
        (timedelta(days=1, hours=2, minutes=1), "1 dag, 2 uur en 1 minuut"),
        (timedelta(days=3), "3 dagen"),
        (timedelta(seconds=1), "1 seconde"),
        (timedelta(seconds=45), "45 seconden"),
        (timedelta(seconds=0), "0 minuten"),
        (None, "–"),
    ],
)
def test_a_duration_reads_as_dutch_words(waarde, tekst):
    assert duur(waarde) == tekst


def test_a_setting_in_minutes_reads_the_same_way():
    assert duur_minuten(30) == "30 minuten"
    assert duur_minuten(60) == "1 uur"


@given(st.integers(min_value=0, max_value=10**7))
def test_no_duration_is_written_in_iso_notation_or_with_a_bare_unit(seconden):
    tekst = duur(timedelta(seconds=seconden))
    assert "PT" not in tekst and tekst[0].isdigit()
    # Never "1 minuten" or "1 dagen": the singular for one.
    for meervoud in ("minuten", "dagen", "seconden"):
        assert f" 1 {meervoud}" not in f" {tekst}" and f", 1 {meervoud}" not in tekst


def test_the_duplicate_check_limit_says_its_window_in_words():
    assert "over 1 uur weer een aanmelding" in TeVaakGecontroleerd(timedelta(hours=1)).messages[0]


def test_the_enrolment_link_email_says_how_long_it_works(
    wereld, settings, django_capture_on_commit_callbacks
):
    from werkcoach.models import Inschrijving
    from werkcoach.services import inschrijving_versturen

    settings.WERKCOACH_INSCHRIJFLINK_GELDIG = 60
    with django_capture_on_commit_callbacks(execute=True):
        inschrijving_versturen(
            gebruiker=wereld.werkcoach, reden=Inschrijving.Reden.AANGEVRAAGD, door=wereld.beheerder
        )
    assert "De link werkt 1 uur en één keer." in mail.outbox[-1].body

"""A mail server failure loses no reminder: what was not sent stays unmarked and the next run
sends it. The mail texts come from templates and name no resident."""

from datetime import date, timedelta
from smtplib import SMTPException

import pytest
from django.core import mail
from django.core.mail.backends.base import BaseEmailBackend

from tests.conftest import traject_op_stap
from trajecten.models import Fase, Nazorgcontact, Overdracht
from trajecten.services import (
    nazorg_herinneringen_versturen,
    overdracht_herinneringen_versturen,
    overdracht_melding_versturen,
)

KAPOT = "tests.trajecten.test_herinneringen.KapotteMailserver"


class KapotteMailserver(BaseEmailBackend):
    def send_messages(self, email_messages):
        raise SMTPException("451 tijdelijk niet beschikbaar")


def _verlopen_nazorgcontact(wereld) -> Nazorgcontact:
    traject = traject_op_stap(wereld, Fase.NAZORG, nazorg_start=date.today())
    contact = Nazorgcontact.objects.filter(plan__traject=traject).first()
    Nazorgcontact.objects.filter(pk=contact.pk).update(gepland_op=date.today() - timedelta(days=1))
    return contact


def test_a_failed_nazorg_reminder_stays_unmarked_and_is_sent_next_run(wereld, settings):
    contact = _verlopen_nazorgcontact(wereld)
    settings.EMAIL_BACKEND = KAPOT
    assert nazorg_herinneringen_versturen() == 0
    contact.refresh_from_db()
    assert contact.herinnering_verstuurd_op is None
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert nazorg_herinneringen_versturen() == 1
    contact.refresh_from_db()
    assert contact.herinnering_verstuurd_op is not None
    bericht = mail.outbox[-1]
    assert bericht.subject == "Nazorgcontact gepland"
    assert "Er is 1 nazorgcontact te doen" in bericht.body
    assert contact.plan.traject.inwoner.achternaam not in bericht.body


def test_nazorg_reminders_mark_the_contacts_of_one_werkcoach_in_one_update(
    wereld, django_assert_max_num_queries
):
    _verlopen_nazorgcontact(wereld)
    _verlopen_nazorgcontact(wereld)
    # werkcoaches with due contacts, savepoint, lock the contacts, one update, release
    with django_assert_max_num_queries(5):
        assert nazorg_herinneringen_versturen() == 2
    assert len(mail.outbox) == 1
    assert "Er zijn 2 nazorgcontacten te doen" in mail.outbox[0].body


def test_a_failed_handover_reminder_stays_unmarked_and_is_sent_next_run(wereld, settings):
    traject = traject_op_stap(wereld, Fase.OVERDRACHT)
    wereld.pilot.reactietijd_overdracht_bevestiging = 5
    wereld.pilot.save()
    settings.EMAIL_BACKEND = KAPOT
    assert overdracht_herinneringen_versturen() == 0
    assert traject.overdrachten.get().herinnering_verstuurd_op is None
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert overdracht_herinneringen_versturen() == 1
    assert traject.overdrachten.get().herinnering_verstuurd_op is not None
    assert mail.outbox[-1].subject == "Overdracht nog niet bevestigd"
    assert f"/trajecten/{traject.pk}/" in mail.outbox[-1].body
    assert traject.inwoner.achternaam not in mail.outbox[-1].body


def test_a_failed_handover_notice_stays_unmarked(wereld, settings):
    traject = traject_op_stap(wereld, Fase.OVERDRACHT)
    overdracht = traject.overdrachten.get()
    Overdracht.objects.filter(pk=overdracht.pk).update(melding_verstuurd_op=None)
    wereld.werkcorporatie.email = "info@werkcorporatie.example"
    wereld.werkcorporatie.save()
    settings.EMAIL_BACKEND = KAPOT
    with pytest.raises(SMTPException):  # the task fails (and may retry); nothing is marked
        overdracht_melding_versturen(overdracht_pk=overdracht.pk)
    overdracht.refresh_from_db()
    assert overdracht.melding_verstuurd_op is None
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert overdracht_melding_versturen(overdracht_pk=overdracht.pk) is True
    assert mail.outbox[-1].subject == "Nieuwe warme overdracht van de werkcoach"
    assert "/trajecten/overdrachten/" in mail.outbox[-1].body

"""E-mail: each is sent once, after commit, with no personal details beyond what the receiver
may see."""

import uuid
from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from cases.models import Notificatie
from cases.tasks import mail_nieuwe_aanmelding
from tests.cases.test_aanmelden import formulier
from tests.conftest import dt, maak_aanmelding, maak_traject
from trajecten.aanmeldingen.tasks import (
    gemiste_meldingen_versturen,
    mail_statuswijziging,
    reactietijden_bewaken,
)
from trajecten.services import gesprek_plannen

GEHEIM = ("Inwoner", "Wil graag aan het werk")


def test_new_referral_mails_the_werkcoach_without_personal_details(
    wereld, ingelogd, mailoutbox, django_capture_on_commit_callbacks
):
    sw = ingelogd(wereld.sociaal_werker)
    with django_capture_on_commit_callbacks(execute=True):
        sw.post(
            reverse("cases:aanmelding_nieuw"),
            formulier(gebiedsteam=str(wereld.team_a.pk)),
        )
    assert [m.to for m in mailoutbox] == [["wc@example.org"]]
    mail = mailoutbox[0]
    assert mail.subject == "Nieuwe aanmelding voor werkcoach in de wijk"
    assert "http://127.0.0.1:8000/aanmeldingen/inbox/" in mail.body
    assert "Team A" in mail.body
    for verboden in ("Fatima", "El Amrani", "kinderen", "0612345678"):
        assert verboden not in mail.body and verboden not in mail.subject


def test_werkcoach_of_another_gemeente_gets_no_mail(wereld, mailoutbox):
    aanmelding = maak_aanmelding(wereld, team=wereld.team_urk)
    mail_nieuwe_aanmelding(aanmelding.pk)
    assert [m.to for m in mailoutbox] == [["wcurk@example.org"]]


def test_new_referral_mail_is_sent_once(wereld, mailoutbox):
    aanmelding = maak_aanmelding(wereld)
    assert mail_nieuwe_aanmelding(aanmelding.pk) is True
    assert mail_nieuwe_aanmelding(aanmelding.pk) is False
    assert len(mailoutbox) == 1
    assert Notificatie.objects.get().aantal_ontvangers == 1


def test_double_submit_sends_one_mail(
    wereld, ingelogd, mailoutbox, django_capture_on_commit_callbacks
):
    sw = ingelogd(wereld.sociaal_werker)
    data = formulier(gebiedsteam=str(wereld.team_a.pk), indieningssleutel=str(uuid.uuid4()))
    with django_capture_on_commit_callbacks(execute=True):
        sw.post(reverse("cases:aanmelding_nieuw"), data)
        sw.post(reverse("cases:aanmelding_nieuw"), data)
    assert len(mailoutbox) == 1


def test_accepting_mails_the_referrer_the_new_status(
    wereld, ingelogd, mailoutbox, django_capture_on_commit_callbacks
):
    aanmelding = maak_aanmelding(wereld)
    wc = ingelogd(wereld.werkcoach)
    with django_capture_on_commit_callbacks(execute=True):
        wc.post(reverse("aanmeldingen:aanmelding_accepteren", args=[aanmelding.pk]))
    assert [m.to for m in mailoutbox] == [["sw@example.org"]]
    mail = mailoutbox[0]
    assert mail.subject == f"Uw aanmelding {aanmelding.pk}: aangenomen"
    assert "Nieuwe status: Aangenomen" in mail.body
    assert f"/aanmeldingen/{aanmelding.pk}/" in mail.body
    for verboden in GEHEIM:
        assert verboden not in mail.body


def test_planning_the_gesprek_mails_the_referrer_once(
    wereld, ingelogd, mailoutbox, django_capture_on_commit_callbacks
):
    traject = maak_traject(wereld)
    wc = ingelogd(wereld.werkcoach)
    morgen = (timezone.localdate() + timedelta(days=1)).isoformat()
    url = reverse("aanmeldingen:gesprek_plannen", args=[traject.aanmelding_id])
    with django_capture_on_commit_callbacks(execute=True):
        wc.post(url, {"datum": morgen, "tijd": "10:00", "locatie": "thuis", "versie": 1})
        # Moving the gesprek is still "gesprek gepland": no second e-mail.
        wc.post(url, {"datum": morgen, "tijd": "11:00", "locatie": "thuis", "versie": 2})
    assert [m.subject for m in mailoutbox] == [
        f"Uw aanmelding {traject.aanmelding_id}: gesprek gepland"
    ]


def test_declining_mails_the_referrer(
    wereld, ingelogd, mailoutbox, django_capture_on_commit_callbacks
):
    aanmelding = maak_aanmelding(wereld)
    wc = ingelogd(wereld.werkcoach)
    with django_capture_on_commit_callbacks(execute=True):
        wc.post(
            reverse("aanmeldingen:aanmelding_afwijzen", args=[aanmelding.pk]),
            {"status": "afgewezen", "reden": "Past beter bij schuldhulp."},
        )
    assert [m.subject for m in mailoutbox] == [f"Uw aanmelding {aanmelding.pk}: niet aangenomen"]
    # The reason stays in the application: it may contain details the e-mail should not.
    assert "schuldhulp" not in mailoutbox[0].body


def test_status_sweep_catches_changes_made_elsewhere_and_sends_nothing_twice(wereld, mailoutbox):
    traject = maak_traject(wereld)
    gesprek_plannen(
        traject=traject, door=wereld.werkcoach, gepland_op=dt(2030, 1, 2), locatie="thuis"
    )
    Notificatie.objects.create(aanmelding=traject.aanmelding, soort="nieuwe_aanmelding")
    assert gemiste_meldingen_versturen() == 1
    assert gemiste_meldingen_versturen() == 0
    assert mail_statuswijziging(traject.aanmelding_id) is False
    assert [m.subject for m in mailoutbox] == [
        f"Uw aanmelding {traject.aanmelding_id}: gesprek gepland"
    ]


def test_response_time_warning_before_and_after_it_runs_out(wereld, mailoutbox):
    # Referred on Monday 06-01-2025; first contact due on Monday 13-01-2025.
    aanmelding = maak_aanmelding(wereld, op=dt(2025, 1, 6))
    assert reactietijden_bewaken(vandaag="2025-01-09") == 0
    assert reactietijden_bewaken(vandaag="2025-01-10") == 1  # one working day left
    assert reactietijden_bewaken(vandaag="2025-01-13") == 0  # already warned for this step
    assert reactietijden_bewaken(vandaag="2025-01-14") == 1  # overdue
    assert reactietijden_bewaken(vandaag="2025-01-15") == 0
    assert [m.subject for m in mailoutbox] == [
        f"Reactietijd bijna verstreken: aanmelding {aanmelding.pk}",
        f"Reactietijd verstreken: aanmelding {aanmelding.pk}",
    ]
    assert all(m.to == ["wc@example.org"] for m in mailoutbox)
    assert "13-01-2025" in mailoutbox[1].body
    for verboden in GEHEIM:
        assert verboden not in mailoutbox[1].body


def test_response_time_warning_goes_to_the_traject_werkcoach_for_the_gesprek(wereld, mailoutbox):
    traject = maak_traject(wereld, op=dt(2025, 1, 6))
    aanmelding = traject.aanmelding
    aanmelding.eerste_contact_op = dt(2025, 1, 7)
    aanmelding.save()
    # Gesprek due 15 working days after 06-01-2025: Monday 27-01-2025.
    assert reactietijden_bewaken(vandaag=date(2025, 1, 28).isoformat()) == 1
    assert mailoutbox[0].to == ["wc@example.org"]
    assert '"gesprek gehouden"' in mailoutbox[0].body
    assert Notificatie.objects.get().sleutel == "gesprek"


def test_no_warning_once_the_gesprek_was_held(wereld, mailoutbox):
    traject = maak_traject(wereld, op=dt(2025, 1, 6))
    traject.gesprek_gehouden_op = dt(2025, 1, 8)
    traject.save()
    assert reactietijden_bewaken(vandaag="2025-03-01") == 0
    assert mailoutbox == []


def test_failed_send_leaves_no_record_so_a_retry_sends(wereld, mailoutbox, monkeypatch):
    aanmelding = maak_aanmelding(wereld)

    def kapot(self, *args, **kwargs):
        raise OSError("SMTP down")

    monkeypatch.setattr("django.core.mail.EmailMessage.send", kapot)
    with pytest.raises(OSError):
        mail_nieuwe_aanmelding(aanmelding.pk)
    assert not Notificatie.objects.exists()
    monkeypatch.undo()
    assert mail_nieuwe_aanmelding(aanmelding.pk) is True
    assert len(mailoutbox) == 1


def test_broker_down_the_referral_is_saved_and_the_sweep_sends_the_mail_later(
    wereld, ingelogd, mailoutbox, django_capture_on_commit_callbacks, monkeypatch, celery_conf
):
    from werkcoach import wachtrij
    from werkcoach.models import Taakbericht

    celery_conf(task_always_eager=False, broker_url="redis://127.0.0.1:1/0")
    monkeypatch.setattr(wachtrij._storing, "tot", 0.0, raising=False)
    sw = ingelogd(wereld.sociaal_werker)
    with django_capture_on_commit_callbacks(execute=True):
        response = sw.post(
            reverse("cases:aanmelding_nieuw"), formulier(gebiedsteam=str(wereld.team_a.pk))
        )
    assert response.status_code == 302
    assert mailoutbox == []
    # The task waits in the outbox for the broker; the e-mail sweep does not wait for it.
    assert Taakbericht.objects.get(gepubliceerd_op__isnull=True).taak.endswith(
        "mail_nieuwe_aanmelding"
    )
    assert gemiste_meldingen_versturen() == 1
    assert [m.subject for m in mailoutbox] == ["Nieuwe aanmelding voor werkcoach in de wijk"]

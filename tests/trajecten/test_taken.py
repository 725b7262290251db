"""Reminders (Celery beat) and the caseload's next actions and overdue marks."""

from datetime import date, timedelta

from django.core import mail
from django.urls import reverse
from django.utils import timezone

from tests.conftest import maak_traject, traject_op_stap
from trajecten import tasks
from trajecten.models import Fase, Nazorgcontact
from trajecten.selectors import caseload, verrijk
from trajecten.services import contactmoment_create


def test_nazorg_reminder_goes_once_per_due_contact(wereld):
    traject = traject_op_stap(wereld, Fase.NAZORG, nazorg_start=date.today())
    contacten = list(Nazorgcontact.objects.filter(plan__traject=traject))
    assert len(contacten) == 6  # 6 months, monthly (the pilot's default duration)
    eerste = contacten[0]
    assert tasks.nazorg_herinneringen.delay().get() == 0  # nothing due yet
    Nazorgcontact.objects.filter(pk=eerste.pk).update(gepland_op=date.today() - timedelta(days=1))
    assert tasks.nazorg_herinneringen.delay().get() == 1
    assert len(mail.outbox) == 1 and mail.outbox[0].to == [wereld.werkcoach.email]
    assert tasks.nazorg_herinneringen.delay().get() == 0  # idempotent
    assert len(mail.outbox) == 1


def test_a_logged_nazorg_contact_gets_no_reminder(wereld):
    traject = traject_op_stap(wereld, Fase.NAZORG, nazorg_start=date.today())
    eerste = Nazorgcontact.objects.filter(plan__traject=traject).first()
    Nazorgcontact.objects.filter(pk=eerste.pk).update(gepland_op=date.today() - timedelta(days=1))
    contactmoment_create(
        traject=traject,
        door=wereld.werkcoach,
        datum=timezone.now(),
        soort="nazorg",
        verslag="Gaat goed.",
        nazorgcontact=eerste,
    )
    assert tasks.nazorg_herinneringen.delay().get() == 0


def test_unconfirmed_handover_reminds_the_werkcoach_after_the_working_days(wereld):
    traject = traject_op_stap(wereld, Fase.OVERDRACHT)  # handed over 56 days ago
    wereld.pilot.reactietijd_overdracht_bevestiging = 5
    wereld.pilot.save()
    assert tasks.overdracht_herinneringen.delay().get() == 1
    assert mail.outbox[-1].to == [wereld.werkcoach.email]
    assert tasks.overdracht_herinneringen.delay().get() == 0
    assert traject.overdrachten.get().herinnering_verstuurd_op is not None


def test_recent_handover_is_not_reminded_yet(wereld):
    traject = traject_op_stap(wereld, Fase.OVERDRACHT)
    traject.overdrachten.update(overgedragen_op=timezone.now())
    assert tasks.overdracht_herinneringen.delay().get() == 0


def test_caseload_marks_an_overdue_first_contact(wereld, client):
    te_laat = maak_traject(wereld, op=timezone.now() - timedelta(days=20))
    op_tijd = maak_traject(wereld)
    rijen = {t.pk: t for t in verrijk(caseload(wereld.werkcoach), wereld.werkcoach)}
    assert rijen[te_laat.pk].actie.tekst == "Eerste contact opnemen"
    assert rijen[te_laat.pk].actie.te_laat
    assert not rijen[op_tijd.pk].actie.te_laat
    client.force_login(wereld.werkcoach)
    html = client.get(reverse("trajecten:caseload")).content.decode()
    assert "Te laat" in html


def test_caseload_signals_the_one_year_maximum(wereld):
    traject = maak_traject(wereld, op=timezone.now() - timedelta(days=350))
    rij = next(
        t for t in verrijk(caseload(wereld.werkcoach), wereld.werkcoach) if t.pk == traject.pk
    )
    assert any(s.startswith("Maximale termijn op") for s in rij.actie.signalen)


def test_caseload_filters_search_and_sorts(wereld, client):
    a = maak_traject(wereld, voornaam="Anouk", achternaam="Zwart")
    b = maak_traject(
        wereld, team=wereld.team_b, voornaam="Bert", achternaam="Aalbers", doelgroep="oudere"
    )
    client.force_login(wereld.werkcoach)
    url = reverse("trajecten:caseload")

    def namen(**params):
        return [t.pk for t in client.get(url, params).context["rijen"]]

    assert set(namen()) == {a.pk, b.pk}
    assert namen(zoek="zwart") == [a.pk]
    assert namen(gebiedsteam=wereld.team_b.pk) == [b.pk]
    assert namen(doelgroep="oudere") == [b.pk]
    assert namen(dorp="Ens") == [b.pk]
    assert namen(fase="orientatie") == []
    assert namen(sorteer="naam") == [b.pk, a.pk]
    assert namen(sorteer="-naam") == [a.pk, b.pk]


def test_unconfirmed_handover_shows_as_such_after_the_configured_working_days(wereld, client):
    traject = traject_op_stap(wereld, Fase.OVERDRACHT)  # handed over 56 days ago
    client.force_login(wereld.werkcoach)
    lijst = reverse("trajecten:overdrachten")
    dossier = reverse("trajecten:dossier", kwargs={"pk": traject.pk})
    assert "Niet bevestigd binnen 5 werkdagen" in client.get(lijst).content.decode()
    assert "Niet bevestigd binnen 5 werkdagen" in client.get(dossier).content.decode()
    traject.overdrachten.update(overgedragen_op=timezone.now())
    assert "Niet bevestigd binnen" not in client.get(lijst).content.decode()
    assert "Nog niet bevestigd" in client.get(dossier).content.decode()

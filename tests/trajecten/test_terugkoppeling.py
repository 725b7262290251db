"""The referrer follows the referral to its end in plain words: accepted, the gesprek,
oriëntatie, the vervolgtraject, the confirmed handover, nazorg and its outcome. Never the
werkcoach's notes."""

from datetime import date, timedelta

import pytest
from django.core import mail
from django.urls import reverse

from cases.models import Aanmelding
from tests.conftest import dt, traject_op_stap
from trajecten.aanmeldingen.selectors import aanmeldingen_met_traject, terugkoppeling, verloop
from trajecten.aanmeldingen.tasks import mail_statuswijziging
from trajecten.models import Fase, Route
from trajecten.services import (
    nazorg_afronden,
    overdracht_bevestigen,
    overdracht_create,
)

pytestmark = pytest.mark.django_db

GEHEIM = "GEHEIM-NOTITIE"


def _status(traject):
    return terugkoppeling(
        aanmeldingen_met_traject(traject.aanmelding.aangemeld_door).get(pk=traject.aanmelding_id)
    )


def _tot_overdracht(wereld):
    wereld.roc.gemeenten.add(wereld.nop)
    traject = traject_op_stap(wereld, Fase.VERVOLGTRAJECT, op=dt(2025, 1, 6), route=Route.OPLEIDING)
    overdracht = overdracht_create(
        traject=traject,
        door=wereld.werkcoach,
        naar_organisatie=wereld.roc,
        naar_persoon=wereld.partner,
        overgedragen_op=dt(2025, 1, 20),
        toelichting=f"{GEHEIM} afspraken bij de overdracht",
    )
    return traject, overdracht


def test_the_handover_reaches_the_referrer_and_its_confirmation_too(wereld, klok):
    klok(date(2025, 1, 21))
    traject, overdracht = _tot_overdracht(wereld)
    status = _status(traject)
    assert (status.code, status.label) == ("overdracht", "Warm overgedragen")
    assert "Op 20-01-2025 warm overgedragen aan ROC Friese Poort" in status.toelichting
    assert "bevestiging van de ontvangst volgt" in status.toelichting
    overdracht_bevestigen(overdracht=overdracht, door=wereld.partner, op=dt(2025, 1, 21))
    status = _status(traject)
    assert (status.code, status.label) == ("overdracht_bevestigd", "Overdracht bevestigd")
    assert "bevestigde de ontvangst op 21-01-2025" in status.toelichting
    assert GEHEIM not in status.toelichting


def test_nazorg_and_its_outcome_reach_the_referrer_in_plain_words(wereld, klok):
    klok(date(2025, 1, 21))
    traject, overdracht = _tot_overdracht(wereld)
    overdracht_bevestigen(overdracht=overdracht, door=wereld.partner, op=dt(2025, 1, 21))
    traject = traject_op_stap(
        wereld, Fase.NAZORG, traject=traject, momenten={Fase.NAZORG: dt(2025, 1, 21)}
    )
    status = _status(traject)
    assert (status.code, status.label) == ("nazorg", "In nazorg")
    assert "tot 21-07-2025 contact met de inwoner" in status.toelichting
    nazorg_afronden(
        traject=traject,
        door=wereld.werkcoach,
        uitkomst="opleiding",
        toelichting=f"{GEHEIM} toelichting",
        reden_eerder=f"{GEHEIM} reden",
        bevestigd=True,
    )
    status = _status(traject)
    assert (status.label, status.afgerond) == ("Afgerond", True)
    assert status.toelichting == (
        "De begeleiding is afgerond op 21-01-2025. De inwoner volgt een opleiding."
    )


def test_the_referrer_reads_every_step_to_the_end_and_never_a_note(
    wereld, klok, ingelogd, django_capture_on_commit_callbacks
):
    klok(date(2025, 1, 21), tick=True)
    traject, overdracht = _tot_overdracht(wereld)
    mail.outbox.clear()
    mail_statuswijziging(traject.aanmelding_id)
    overdracht_bevestigen(overdracht=overdracht, door=wereld.partner, op=dt(2025, 1, 21))
    mail_statuswijziging(traject.aanmelding_id)
    traject = traject_op_stap(
        wereld, Fase.NAZORG, traject=traject, momenten={Fase.NAZORG: dt(2025, 1, 21, 11)}
    )
    mail_statuswijziging(traject.aanmelding_id)
    nazorg_afronden(
        traject=traject,
        door=wereld.werkcoach,
        uitkomst="werk",
        toelichting=f"{GEHEIM} toelichting",
        reden_eerder=f"{GEHEIM} reden",
        bevestigd=True,
    )
    mail_statuswijziging(traject.aanmelding_id)
    # One e-mail for each of the handover, its confirmation, nazorg and the end.
    onderwerpen = [m.subject for m in mail.outbox if wereld.sociaal_werker.email in m.to]
    assert len(onderwerpen) == 4, onderwerpen
    aanmelding = Aanmelding.objects.get(pk=traject.aanmelding_id)
    assert [r.status.label for r in verloop(aanmelding)] == [
        "Ontvangen",
        "Aangenomen",
        "Gesprek gehouden",
        "In oriëntatie",
        "Vervolgtraject",
        "Overdracht bevestigd",
        "In nazorg",
        "Afgerond",
    ]
    html = (
        ingelogd(wereld.sociaal_werker)
        .get(reverse("aanmeldingen:aanmelding_detail", args=[aanmelding.pk]))
        .content.decode()
    )
    for woorden in (
        "Het verloop",
        "Afgesproken route: Opleiding.",
        "bevestigde de ontvangst op 21-01-2025",
        "De werkcoach hield van 21-01-2025 tot 21-01-2025 contact met de inwoner.",
        "De inwoner is aan het werk.",
    ):
        assert woorden in html, woorden
    assert GEHEIM not in html
    assert "Gesprek." not in html  # the gesprek's report (traject_op_stap writes "Gesprek.")


def test_a_referral_not_accepted_has_a_short_history(wereld):
    from cases.services import aanmelding_afwijzen
    from tests.conftest import maak_aanmelding

    aanmelding = maak_aanmelding(wereld, op=dt(2025, 2, 3))
    aanmelding_afwijzen(
        aanmelding=aanmelding, door=wereld.werkcoach, status="afgewezen", reden="Past niet."
    )
    regels = verloop(Aanmelding.objects.get(pk=aanmelding.pk))
    assert [r.status.label for r in regels] == ["Ontvangen", "Niet aangenomen"]
    assert regels[0].op < regels[1].op + timedelta(seconds=1)

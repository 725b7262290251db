"""The report lifecycle: a lease that a redelivered task may take over only once it expired,
a sweep that queues expired reports again and fails them after a bounded number of attempts,
the state the user reads, new versions instead of "bestond al", and interim reports."""

import re
import uuid
from datetime import date, datetime, timedelta

import pytest
from django.db import OperationalError
from django.urls import reverse
from django.utils import timezone

from rapportage import documenten, services
from rapportage.kpi import Periode
from rapportage.models import Rapport
from werkcoach.models import Taakbericht

pytestmark = pytest.mark.django_db
JAN = Periode.maand(2024, 1)


@pytest.fixture
def snel(monkeypatch):
    """Rendering replaced by two small files, so the lifecycle is tested in milliseconds."""
    gemaakt = []

    def maak(rapport, voortgang):
        voortgang(50)
        gemaakt.append(rapport.pk)
        return {"pdf": ("r.pdf", b"%PDF " + uuid.uuid4().bytes), "xlsx": ("r.xlsx", b"PK")}

    monkeypatch.setattr(documenten, "maak", maak)
    return gemaakt


def aanvragen(wereld, periode=JAN, **kwargs):
    return services.rapport_aanvragen(
        pilot=wereld.pilot,
        soort=Rapport.Soort.MAANDRAPPORTAGE,
        periode=periode,
        door=wereld.projectleider,
        **kwargs,
    )


def verloop(rapport):
    Rapport.objects.filter(pk=rapport.pk).update(geclaimd_tot=timezone.now() - timedelta(seconds=1))


def test_a_redelivered_task_leaves_a_live_lease_alone_and_takes_over_an_expired_one(wereld, snel):
    rapport, _ = aanvragen(wereld)
    eerste = services._claim(rapport.pk)  # a worker that will die while rendering
    assert eerste is not None and eerste.pogingen == 1
    assert services.rapport_genereren(rapport_pk=rapport.pk).status == "bezig"
    assert snel == []  # the live lease was respected
    verloop(rapport)
    assert Rapport.objects.get(pk=rapport.pk).toestand.startswith("Onderbroken door een storing")
    overgenomen = services.rapport_genereren(rapport_pk=rapport.pk)
    assert (overgenomen.status, overgenomen.pogingen, snel) == ("klaar", 2, [rapport.pk])
    # The first worker comes back and finishes too: its result is discarded, not stored.
    resultaat = services._afronden(eerste, services._renderen(eerste))
    assert resultaat.pdf_sha256 == overgenomen.pdf_sha256
    assert Rapport.objects.get(pk=rapport.pk).pdf_bestand == overgenomen.pdf_bestand


def test_the_sweep_queues_expired_reports_again_and_fails_them_after_the_attempts(
    wereld, settings, snel
):
    settings.WERKCOACH_RAPPORT_POGINGEN = 2
    rapport, _ = aanvragen(wereld)
    gezond, _ = aanvragen(wereld, periode=Periode.maand(2024, 2))
    for poging in (1, 2):
        services._claim(rapport.pk)
        verloop(rapport)
        assert services.rapporten_bewaken() == 1  # the healthy queued one is left alone
        rapport.refresh_from_db()
        if poging == 1:
            assert rapport.status == "wachtrij" and rapport.claim is None
            assert rapport.toestand == "Opnieuw in de wachtrij na een storing (poging 2 van 2)"
            assert Taakbericht.objects.filter(argumenten=[rapport.pk]).count() == 2
    assert rapport.status == "mislukt"
    assert "2 keer onderbroken door een storing" in rapport.foutmelding
    assert Rapport.objects.get(pk=gezond.pk).status == "wachtrij"
    # The retry button starts afresh.
    opnieuw = services.rapport_opnieuw(rapport=rapport)
    assert (opnieuw.status, opnieuw.pogingen, opnieuw.foutmelding) == ("wachtrij", 0, "")


def test_a_queued_report_the_broker_never_delivered_is_queued_again(wereld):
    rapport, _ = aanvragen(wereld)
    verloop(rapport)
    assert "nog niet opgepakt" in Rapport.objects.get(pk=rapport.pk).toestand
    assert services.rapporten_bewaken() == 1
    rapport.refresh_from_db()
    assert rapport.status == "wachtrij" and rapport.pogingen == 0
    assert rapport.geclaimd_tot > timezone.now()


def test_a_database_fault_while_rendering_queues_the_report_for_another_attempt(
    wereld, monkeypatch
):
    def weg(rapport, voortgang):
        raise OperationalError("server closed the connection unexpectedly")

    monkeypatch.setattr(documenten, "maak", weg)
    rapport, _ = aanvragen(wereld)
    services.rapport_genereren(rapport_pk=rapport.pk)
    rapport.refresh_from_db()
    assert (rapport.status, rapport.pogingen, rapport.foutmelding) == ("wachtrij", 1, "")
    assert "poging 2 van 3" in rapport.toestand


def test_status_region_tells_the_true_state_and_is_announced(ingelogd, wereld, snel):
    client = ingelogd(wereld.projectleider)
    rapport, _ = aanvragen(wereld)
    services._claim(rapport.pk)
    Rapport.objects.filter(pk=rapport.pk).update(voortgang=35)
    url = reverse("rapportage:rapport_status", args=[rapport.pk])
    html = client.get(url).content.decode()
    assert "Wordt gemaakt: 35%" in html and 'hx-trigger="every 2s"' in html
    verloop(rapport)
    html = client.get(url).content.decode()
    assert "Onderbroken door een storing; wordt automatisch opnieuw gestart" in html
    assert "Wordt gemaakt" not in html
    archief = client.get(reverse("rapportage:rapporten")).content.decode()
    assert re.search(r'<div class="rapport-status-regio" aria-live="polite"', archief)
    # A stuck report can be replaced by a new version from the archive.
    assert f'action="/rapportage/rapporten/{rapport.pk}/nieuwe-versie/"' in archief


def _post_maand(client, **extra):
    data = {"pilot": "", "jaar": 2024, "maand": 1, "aanvraagsleutel": str(uuid.uuid4())}
    return client.post(reverse("rapportage:maandrapportage_aanvragen"), {**data, **extra})


def test_asking_again_offers_a_new_version_and_keeps_the_highlights(
    ingelogd, wereld, snel, django_capture_on_commit_callbacks
):
    client = ingelogd(wereld.projectleider)
    with django_capture_on_commit_callbacks(execute=True):
        assert _post_maand(client, pilot=wereld.pilot.pk).status_code == 302
    sleutel = str(uuid.uuid4())
    typed = "Drie inwoners vonden werk bij de kwekerij."
    r = _post_maand(client, pilot=wereld.pilot.pk, toelichting=typed, aanvraagsleutel=sleutel)
    assert r.status_code == 409
    html = r.content.decode()
    assert "Voor deze periode bestaat al" in html and typed in html
    assert 'name="nieuwe_versie" value="1"' in html
    assert Rapport.objects.count() == 1
    with django_capture_on_commit_callbacks(execute=True):
        for _ in range(2):  # the offer accepted, twice (double click)
            r = _post_maand(
                client,
                pilot=wereld.pilot.pk,
                toelichting=typed,
                aanvraagsleutel=sleutel,
                nieuwe_versie="1",
            )
            assert r.status_code == 302
    versies = list(
        Rapport.objects.order_by("versie").values_list("versie", "status", "toelichting")
    )
    assert versies == [(1, "klaar", ""), (2, "klaar", typed)]
    archief = client.get(reverse("rapportage:rapporten")).content.decode()
    assert archief.count("huidige versie") == 1 and archief.count("eerdere versie") == 1
    eerste = Rapport.objects.get(versie=1)
    download = client.get(reverse("rapportage:rapport_download", args=[eerste.pk, "pdf"]))
    assert download.status_code == 200
    assert eerste.pdf_sha256[:16] in archief


def test_a_report_of_a_running_period_is_interim_and_later_followed_by_a_final_one(
    wereld, snel, klok, django_capture_on_commit_callbacks
):
    klok(datetime(2024, 1, 20, 10))
    with django_capture_on_commit_callbacks(execute=True):
        voorlopig, _ = aanvragen(wereld, toelichting="Halverwege.")
    voorlopig.refresh_from_db()
    assert (voorlopig.voorlopig, voorlopig.peildatum) == (True, date(2024, 1, 20))
    with django_capture_on_commit_callbacks(execute=True):
        zelfde, gestart = aanvragen(wereld)
    assert (zelfde.pk, gestart) == (voorlopig.pk, False)  # the period still runs
    klok(datetime(2024, 2, 1, 6))
    with django_capture_on_commit_callbacks(execute=True):
        [definitief] = [
            r
            for r in services.maandrapportages_plannen(vandaag=date(2024, 2, 1))
            if r.pilot_id == wereld.pilot.pk
        ]
    definitief.refresh_from_db()
    assert (definitief.versie, definitief.voorlopig, definitief.status) == (2, False, "klaar")
    assert (definitief.peildatum, definitief.toelichting) == (date(2024, 1, 31), "Halverwege.")
    voorlopig.refresh_from_db()
    assert voorlopig.status == "klaar"  # the interim one stays as it was


def test_replacing_a_stuck_report_stops_the_old_one(wereld, snel):
    rapport, _ = aanvragen(wereld)
    eerste = services._claim(rapport.pk)
    verloop(rapport)
    nieuw = services.rapport_nieuwe_versie(
        rapport=rapport, door=wereld.projectleider, toelichting="", aanvraagsleutel=uuid.uuid4()
    )
    rapport.refresh_from_db()
    assert (rapport.status, nieuw.versie) == ("vervangen", 2)
    assert services.rapporten_bewaken() == 0
    assert services._afronden(eerste, services._renderen(eerste)).status == "vervangen"
    assert services.rapport_genereren(rapport_pk=nieuw.pk).status == "klaar"

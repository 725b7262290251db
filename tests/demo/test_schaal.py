"""The scale filler (``demo.schaal``, used by ``make bench-fill``) writes rows without the
services, so the services' rules are checked here on what it wrote. Runs on SQLite and, in CI,
on PostgreSQL (where the rows go through COPY)."""

from datetime import UTC, datetime, timedelta

import pytest
from django.db import connection
from django.db.models import Count, Q

from cases.models import Aanmelding, Inwoner
from demo.schaal import reis, schaal_vullen
from trajecten.klantreis import Fase
from trajecten.models import Contactmoment, Faseovergang, Overdracht, Traject
from trajecten.services import catalogus_laden
from werkcoach.models import Logregel
from werkcoach.services import rollen_inrichten

NU = datetime(2026, 11, 20, 15, 0, tzinfo=UTC)


@pytest.fixture
def gevuld(db, klok):
    # The filler's history ends at NU; what the services log while setting up (accounts,
    # groups, the demo's pilot) is logged at the clock's now, set after NU whatever clock the
    # suite runs with, so the filler's own rows are those before NU.
    klok(NU + timedelta(days=1), tick=True)
    rollen_inrichten()
    catalogus_laden()
    verslag = schaal_vullen(inwoners=300, seed=7, nu=NU)
    verslag.tellingen["eigen_log"] = Logregel.objects.filter(tijdstip__lt=NU).count()
    return verslag


def test_the_step_names_are_the_klantreis_steps():
    namen = (reis.GESPREK, reis.ORIENTATIE, reis.VERVOLG, reis.OVERDRACHT, reis.NAZORG)
    assert [*namen, reis.AFGESLOTEN] == list(Fase.values)


def test_counts_match_the_options_and_the_report(gevuld):
    assert Inwoner.objects.count() == Aanmelding.objects.count() == 300
    assert gevuld.tellingen["cases_inwoner"] == 300
    assert gevuld.tellingen["trajecten_traject"] == Traject.objects.count() > 200
    assert gevuld.tellingen["werkcoach_logregel"] == gevuld.tellingen["eigen_log"] > 3000
    assert Contactmoment.objects.count() > 5 * Traject.objects.count()
    connection.check_constraints()  # every foreign key points at a row (SQLite checks late)


def test_every_traject_is_in_the_step_of_its_last_move(gevuld):
    overgangen: dict[int, list] = {}
    for o in Faseovergang.objects.order_by("op", "pk"):
        overgangen.setdefault(o.traject_id, []).append(o)
    for t in Traject.objects.all():
        stappen = overgangen[t.pk]
        assert (stappen[0].van_fase, stappen[0].naar_fase) == ("", Fase.GESPREK)
        assert stappen[-1].naar_fase == t.fase
        assert stappen[-1].op == t.fase_sinds
        assert all(a.naar_fase == b.van_fase for a, b in zip(stappen, stappen[1:], strict=False))
        assert (t.fase == Fase.AFGESLOTEN) == (t.beeindigd_op is not None) == bool(t.einde_reden)
    # Every kind of ending and every open step occurs.
    assert set(Traject.objects.values_list("fase", flat=True)) == set(Fase.values)


def test_referral_status_agrees_with_its_traject_and_consent(gevuld):
    assert not Aanmelding.objects.filter(toestemming_gegeven=False).exists()
    met_traject = Aanmelding.objects.filter(traject__isnull=False)
    assert not met_traject.exclude(status=Aanmelding.Status.GEACCEPTEERD).exists()
    assert not Aanmelding.objects.filter(
        status=Aanmelding.Status.GEACCEPTEERD, traject__isnull=True
    ).exists()
    assert not Aanmelding.objects.filter(status="nieuw", behandeld_op__isnull=False).exists()
    statussen = set(Aanmelding.objects.values_list("status", flat=True))
    assert statussen >= {"nieuw", "geaccepteerd", "afgewezen", "onbereikbaar"}
    # Consent withdrawn: no traject of that referral is still open.
    assert (
        not Traject.objects.open()
        .filter(aanmelding__toestemming_ingetrokken_op__isnull=False)
        .exists()
    )


def test_dates_follow_the_klantreis(gevuld):
    assert not Traject.objects.filter(gestart_op__gt=NU).exists()
    assert not Aanmelding.objects.filter(behandeld_op__lt=models_f("aangemeld_op")).exists()
    assert not Overdracht.objects.filter(bevestigd_op__lt=models_f("overgedragen_op")).exists()
    assert (
        not Contactmoment.objects.filter(nazorgcontact__isnull=False)
        .exclude(nazorgcontact__plan__traject=models_f("traject"))
        .exists()
    )
    # The werkcoaches carry the open trajecten in equal parts.
    per = Traject.objects.open().values("werkcoach").annotate(n=Count("pk"))
    for gemeente, (laagst, hoogst) in gevuld.open_per_werkcoach.items():
        assert hoogst - laagst <= 1, gemeente
    assert per.filter(~Q(n=0)).exists()


def models_f(naam: str):
    from django.db.models import F

    return F(naam)

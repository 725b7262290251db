"""Feestdagen are read in one place, per gemeente; each traject counts its own gemeente's days."""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from tests.conftest import traject_op_stap
from trajecten.models import Fase, Overdracht, Route
from trajecten.selectors import markeer_overdrachten
from werkcoach.models import Feestdag
from werkcoach.werkdagen import (
    feestdagen_per_gemeente,
    feestdagen_voor,
    plus_maanden,
    plus_werkdagen,
)

AMSTERDAM = ZoneInfo("Europe/Amsterdam")


def test_feestdagen_of_several_gemeenten_come_in_one_query_with_the_general_ones(
    wereld, django_assert_num_queries
):
    Feestdag.objects.create(naam="Koningsdag", datum=date(2025, 4, 26), gemeente=None)
    Feestdag.objects.create(naam="Urkerdag", datum=date(2025, 6, 2), gemeente=wereld.urk)
    with django_assert_num_queries(1):  # feestdagen of both gemeenten and the general ones
        per = feestdagen_per_gemeente([wereld.nop.pk, wereld.urk.pk])
    assert per[wereld.nop.pk] == {date(2025, 4, 26)}
    assert per[wereld.urk.pk] == {date(2025, 4, 26), date(2025, 6, 2)}
    assert feestdagen_voor(wereld.urk.pk) == per[wereld.urk.pk]
    assert feestdagen_voor(None) == {date(2025, 4, 26)}


def test_plus_maanden_keeps_the_day_or_takes_the_last_day_of_a_shorter_month():
    assert plus_maanden(date(2025, 1, 31), 1) == date(2025, 2, 28)
    assert plus_maanden(date(2024, 1, 31), 1) == date(2024, 2, 29)
    assert plus_maanden(date(2025, 11, 15), 3) == date(2026, 2, 15)
    assert plus_maanden(date(2025, 5, 31), 12) == date(2026, 5, 31)


def _urk_overdracht(wereld, op: datetime):
    traject = traject_op_stap(
        wereld,
        Fase.OVERDRACHT,
        team=wereld.team_urk,
        route=Route.OPLEIDING,
        op=op - timedelta(days=10),
        momenten={Fase.OVERDRACHT: op},
    )
    return traject.overdrachten.get()


def test_an_urk_handover_is_judged_with_urk_feestdagen_whoever_looks(wereld):
    # The user looking works for Noordoostpolder only; the traject is in Urk.
    wereld.roc.gemeenten.set([wereld.nop, wereld.urk])
    maandag = datetime(2025, 6, 2, 10, 0, tzinfo=AMSTERDAM)
    overdracht = _urk_overdracht(wereld, maandag)
    termijn = overdracht.traject.pilot.reactietijd_overdracht_bevestiging
    # One working day past the term when no feestdag counts ...
    vandaag = plus_werkdagen(maandag.date(), termijn + 1)
    # ... but Urk has a feestdag in between, and Noordoostpolder has none.
    Feestdag.objects.create(naam="Urkerdag", datum=date(2025, 6, 3), gemeente=wereld.urk)
    rijen = markeer_overdrachten(
        Overdracht.objects.select_related("traject__pilot").filter(pk=overdracht.pk),
        wereld.partner,
        vandaag=vandaag,
    )
    assert [o.te_laat for o in rijen] == [False]
    # Without the Urk feestdag the same handover is late.
    Feestdag.objects.filter(gemeente=wereld.urk).delete()
    rijen = markeer_overdrachten(
        Overdracht.objects.select_related("traject__pilot").filter(pk=overdracht.pk),
        wereld.partner,
        vandaag=vandaag,
    )
    assert [o.te_laat for o in rijen] == [True]

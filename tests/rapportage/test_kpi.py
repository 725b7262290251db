"""The KPI module against the hand-computed history of conftest.geschiedenis.

January 2024 by hand: referrals A1, A2, A3, A4 (declined), A5 (consent withdrawn) = 5; A6 was
referred on 29-12-2023. Conversations in January: A1, A2, A6. Oriëntatie starts: A1 and A6 (A2's
move at 00:30 on 01-02 Dutch time belongs to February). February: oriëntatie A2; vervolgtraject,
overdracht and nazorg of A1; ended A2, A3, A6, A8.
"""

from datetime import date
from decimal import Decimal

import pytest

from rapportage.kpi import DEFINITIES, Periode, kpis
from rapportage.maandcijfers import GEHEUGEN, Geheugen
from tests.conftest import dt, traject_op_stap
from trajecten.models import Fase

JAN = Periode.maand(2024, 1)
FEB = Periode.maand(2024, 2)

pytestmark = pytest.mark.django_db


def _rijen(rijen):
    return {r.label: r.aantal for r in rijen}


def test_referrals_in_january_count_declined_and_withdrawn_but_not_december(wereld, geschiedenis):
    k = kpis(wereld.pilot, JAN)
    assert k.aanmeldingen == 5
    assert k.aanmeldingen_afgewezen == 1
    assert k.aanmeldingen_ingetrokken == 1
    assert k.aanmeldingen_nugger == 1
    assert _rijen(k.per_gebiedsteam) == {"Team A": 3, "Team B": 2}
    assert _rijen(k.per_dorp) == {"Emmeloord": 3, "Ens": 1, "Bant": 1}
    assert _rijen(k.per_doelgroep)["Jongere"] == 3
    assert [(r["maand"], r["aanmeldingen"]) for r in k.per_maand] == [(date(2024, 1, 1), 5)]
    assert kpis(wereld.pilot, FEB).aanmeldingen == 0


def test_funnel_counts_moves_in_the_period_they_happened(wereld, geschiedenis):
    jan, feb = kpis(wereld.pilot, JAN), kpis(wereld.pilot, FEB)
    assert [r.aantal for r in jan.trechter] == [3, 2, 1, 1, 0]
    assert jan.beeindigd == 1  # A7, ended in vervolgtraject
    assert [r.aantal for r in feb.trechter] == [0, 1, 1, 1, 1]
    assert feb.beeindigd == 4  # A2 (oriëntatie), A3 (gesprek), A6 (overdracht), A8 (nazorg)
    assert jan.gesprekken == 3
    assert feb.gesprekken == 1


def test_orientatie_per_year_and_total_against_targets(wereld, geschiedenis):
    jan, feb = kpis(wereld.pilot, JAN), kpis(wereld.pilot, FEB)
    assert jan.orientatie_gestart == 2
    assert feb.orientatie_gestart == 1  # A2, at 00:30 Dutch time on 01-02
    assert [(r["jaar"], r["aantal"], r["doel"]) for r in jan.orientatie_per_jaar] == [
        (2023, 2, 20),
        (2024, 2, 30),
    ]
    assert jan.orientatie_totaal == 4
    assert feb.orientatie_totaal == 5
    assert feb.orientatie_jaar == {
        "jaar": 2024,
        "aantal": 3,
        "trajecten": 3,
        "doel": 30,
        "procent": 10.0,
    }
    assert feb.orientatie_doel_totaal == 50


def test_conversion_uses_the_state_at_the_end_of_the_period(wereld, geschiedenis):
    jan = kpis(wereld.pilot, JAN).conversie
    # Cohort A1 and A6: A6 agreed a vervolgtraject in January, A1 only on 05-02.
    assert (jan["gestart"], jan["vervolg"], jan["beeindigd"], jan["lopend"]) == (2, 1, 0, 1)
    assert jan["procent"] == 100.0
    feb = kpis(wereld.pilot, FEB).conversie
    # Cohort A2: ended in oriëntatie.
    assert (feb["gestart"], feb["vervolg"], feb["beeindigd"], feb["lopend"]) == (1, 0, 1, 0)
    assert feb["procent"] == 0.0
    both = kpis(wereld.pilot, Periode(date(2024, 1, 1), date(2024, 2, 29))).conversie
    assert (both["gestart"], both["vervolg"], both["beeindigd"]) == (3, 2, 1)
    assert both["procent"] == 66.7
    assert both["doel"] == 80


def test_routes_sectors_and_nugger_registrations(wereld, geschiedenis):
    jan, feb = kpis(wereld.pilot, JAN), kpis(wereld.pilot, FEB)
    assert _rijen(jan.routes)["Opleiding"] == 1
    assert jan.vervolgtrajecten == 1
    assert jan.tekortsectoren == 1  # techniek
    assert jan.nugger_ingeschreven == 0
    assert _rijen(feb.routes)["Werk (via WerkCorporatie)"] == 1
    assert _rijen(feb.sectoren)["Zorg"] == 1
    assert feb.nugger_ingeschreven == 1


def test_handovers_and_confirmations_count_in_the_period_each_happened(wereld, geschiedenis):
    jan, feb = kpis(wereld.pilot, JAN), kpis(wereld.pilot, FEB)
    # A6 was handed over to the ROC on 23-01 and confirmed on 02-02: a handover in January, a
    # confirmation in February.
    assert [(r.label, r.aantal, r.extra["bevestigd"]) for r in jan.overdrachten] == [
        ("ROC Friese Poort", 1, 0)
    ]
    assert jan.bevestiging_mediaan_dagen is None
    assert [(r.label, r.aantal, r.extra["bevestigd"]) for r in feb.overdrachten] == [
        ("WerkCorporatie", 1, 1),
        ("ROC Friese Poort", 0, 1),
    ]
    assert feb.bevestiging_mediaan_dagen == 6.0  # A1 2 days, A6 10 days


def test_nazorg_running_at_the_end_and_completed_in_the_period(wereld, geschiedenis):
    jan, feb = kpis(wereld.pilot, JAN), kpis(wereld.pilot, FEB)
    assert (jan.nazorg_lopend, jan.nazorg_afgerond) == (1, 0)  # A8
    assert (feb.nazorg_lopend, feb.nazorg_afgerond) == (1, 1)  # A1 running, A8 completed
    assert _rijen(feb.nazorg_uitkomsten) == {"Aan het werk": 1}


def test_response_times_per_step(wereld, geschiedenis):
    jan = {r["stap"]: (r["binnen"], r["gemeten"]) for r in kpis(wereld.pilot, JAN).reactietijden}
    # A measurement counts on the day of the response when it was in time, otherwise on the
    # first working day beyond the norm. First contact (norm 5): A1 on 10-01, A2 on 12-01 (its
    # conversation), A6 (referred 29-12-2023) on 05-01, all in time; A3 had no contact by 18-01:
    # late, in January. A4 (declined 12-01) and A5 (withdrawn 16-01) stopped before the norm ran
    # out: nothing was due.
    assert jan == {
        "Eerste contact na aanmelding": (3, 4),
        "Gesprek na aanmelding": (3, 3),
        "Oriëntatie afgerond": (1, 1),
        # A6's handover of 23-01 was not confirmed within 5 working days: late on 31-01.
        "Overdracht bevestigd": (0, 1),
    }
    feb = {r["stap"]: (r["binnen"], r["gemeten"]) for r in kpis(wereld.pilot, FEB).reactietijden}
    # A3's conversation (norm 15 working days) had not come by 01-02: late, in February.
    assert feb["Gesprek na aanmelding"] == (0, 1)
    assert feb["Oriëntatie afgerond"] == (2, 2)
    assert feb["Overdracht bevestigd"] == (1, 1)


def test_median_time_per_step_and_lead_time(wereld, geschiedenis):
    jan = {
        r["stap"]: (r["aantal"], r["mediaan_dagen"]) for r in kpis(wereld.pilot, JAN).tijd_per_stap
    }
    assert jan["1. Gesprek"] == (2, 9.0)  # A1 8 days, A6 10 days
    assert jan["2. Oriëntatie"] == (1, 14.0)
    assert jan["3. Vervolgtraject"] == (2, 29.5)  # A6 1 day, A7 58 days (ended)
    feb_k = kpis(wereld.pilot, FEB)
    feb = {r["stap"]: (r["aantal"], r["mediaan_dagen"]) for r in feb_k.tijd_per_stap}
    assert feb["1. Gesprek"] == (2, 32.3)  # A2 22.6 days, A3 42 days
    assert feb["2. Oriëntatie"] == (2, 14.7)  # A2 9.4 days (ended), A1 20 days
    assert feb["4. Overdracht"] == (2, 13.0)
    assert feb["5. Nazorg"] == (1, 131.0)
    assert kpis(wereld.pilot, JAN).doorlooptijd["mediaan_dagen"] == 24.0
    assert feb_k.doorlooptijd == {
        "aantal": 1,
        "mediaan_dagen": 28.0,
        "streef_dagen": 120,
        "binnen": 1,
        "procent": 100.0,
    }


def test_participatieladder_and_instruments(wereld, geschiedenis):
    jan, feb = kpis(wereld.pilot, JAN), kpis(wereld.pilot, FEB)
    assert feb.ladder == {"aantal": 1, "omhoog": 1, "gelijk": 0, "omlaag": 0, "gemiddeld": 2.0}
    assert jan.ladder["aantal"] == 0
    assert jan.instrumenten_aantal == 1
    assert jan.instrumenten_kosten == Decimal("250.00")
    assert feb.instrumenten == []


def test_gebiedsteam_scope(wereld, geschiedenis):
    k = kpis(wereld.pilot, JAN, wereld.team_b)
    assert (k.aanmeldingen, k.aanmeldingen_afgewezen) == (2, 1)
    assert [r.aantal for r in k.trechter] == [1, 0, 0, 0, 0]
    assert k.gesprekken == 0


def test_another_gemeente_is_never_counted(wereld, geschiedenis):
    urk = kpis(wereld.pilot_urk, JAN)
    assert (urk.aanmeldingen, urk.orientatie_gestart, urk.gesprekken) == (1, 1, 1)
    nop = kpis(wereld.pilot, JAN)
    assert "Team Urk" not in _rijen(nop.per_gebiedsteam)
    assert nop.orientatie_gestart == 2


def test_a_past_period_does_not_change_when_later_events_happen(wereld, geschiedenis):
    voor = kpis(wereld.pilot, JAN)
    # accepted 04-03, conversation 05-03, oriëntatie 06-03
    traject_op_stap(wereld, Fase.ORIENTATIE, op=dt(2024, 3, 4))
    na = kpis(wereld.pilot, JAN)
    assert voor.trechter == na.trechter
    assert voor.conversie == na.conversie
    assert voor.orientatie_per_jaar == na.orientatie_per_jaar


def test_the_number_of_queries_does_not_grow_with_the_data(
    wereld, geschiedenis, django_assert_num_queries, klok
):
    klok(date(2024, 12, 10))
    periode = Periode(date(2023, 1, 1), date(2024, 12, 31))
    kpis(wereld.pilot, periode)  # the closed months are computed once and stored
    # feestdagen, the stored blocks of the closed months, year targets; the open month live:
    # referrals grouped, declines/withdrawals, referrals' response times, moves of the month,
    # conversations, moves with the one before and after (window), vervolgtrajecten by
    # route/sector, Nugger registrations, handovers, nazorg, ladder, instruments
    with django_assert_num_queries(3 + 12):
        kpis(wereld.pilot, periode)
    for dag in (8, 9, 10, 11, 12):
        traject_op_stap(
            wereld,
            Fase.ORIENTATIE,
            op=dt(2024, 4, dag),
            momenten={Fase.GESPREK: dt(2024, 4, 15), Fase.ORIENTATIE: dt(2024, 4, 16)},
        )
    kpis(wereld.pilot, periode)  # the months from April on again (a backdated change)
    with django_assert_num_queries(3 + 12):
        k = kpis(wereld.pilot, periode)
    assert k.orientatie_totaal == 10
    # A closed period needs nothing live.
    with django_assert_num_queries(3):
        kpis(wereld.pilot, Periode(date(2023, 1, 1), date(2024, 11, 30)))


def test_every_figure_group_is_defined_once():
    koppen = [kop for kop, _ in DEFINITIES]
    assert len(koppen) == len(set(koppen))
    assert {"Periode", "Conversie oriëntatie → vervolgtraject", "Kleine aantallen"} <= set(koppen)


def test_periode_rejects_an_end_before_the_start():
    with pytest.raises(ValueError):
        Periode(date(2024, 2, 1), date(2024, 1, 31))
    assert Periode.maand(2024, 12) == Periode(date(2024, 12, 1), date(2024, 12, 31))
    assert Periode.maand(2024, 2).eind == date(2024, 2, 29)


def _cijfers(k):
    return vars(k)


def test_stored_months_give_the_same_figures_as_computing_them_again(wereld, geschiedenis, klok):
    from rapportage.models import Maandcijfers

    klok(date(2024, 6, 10))
    for periode in (
        JAN,
        FEB,
        Periode(date(2023, 1, 1), date(2024, 6, 10)),
        Periode(date(2024, 1, 15), date(2024, 2, 20)),  # pieces split where the period starts
    ):
        for team in (None, wereld.team_a):
            eerst = kpis(wereld.pilot, periode, team)
            bewaard = kpis(wereld.pilot, periode, team)  # the decoded blocks in memory
            GEHEUGEN.legen()
            gelezen = kpis(wereld.pilot, periode, team)  # read and decoded again
            nogmaals = kpis(wereld.pilot, periode, team)  # combining left them unchanged
            assert Maandcijfers.objects.filter(pilot=wereld.pilot).exists()
            Maandcijfers.objects.all().delete()
            opnieuw = kpis(wereld.pilot, periode, team)
            assert _cijfers(bewaard) == _cijfers(eerst) == _cijfers(opnieuw)
            assert _cijfers(gelezen) == _cijfers(nogmaals) == _cijfers(opnieuw)


def test_a_backdated_change_removes_the_stored_months_it_touches_and_says_so(
    wereld, geschiedenis, klok
):
    from rapportage.models import Maandcijfers
    from werkcoach.models import Logregel

    klok(date(2024, 6, 10))
    half = Periode(date(2024, 1, 1), date(2024, 5, 31))
    voor = kpis(wereld.pilot, half)
    assert Maandcijfers.objects.filter(pilot=wereld.pilot, van=date(2024, 3, 1)).exists()
    traject_op_stap(
        wereld,
        Fase.ORIENTATIE,
        op=dt(2024, 3, 4),
        momenten={Fase.GESPREK: dt(2024, 3, 5), Fase.ORIENTATIE: dt(2024, 3, 6)},
    )
    assert not Maandcijfers.objects.filter(pilot=wereld.pilot, tot__gte=date(2024, 3, 1)).exists()
    assert Maandcijfers.objects.filter(pilot=wereld.pilot, tot__lt=date(2024, 3, 1)).exists()
    assert Logregel.objects.filter(
        omschrijving__startswith="Opgeslagen cijfers vanaf 04-03-2024 vervallen"
    ).exists()
    na = kpis(wereld.pilot, half)
    assert na.orientatie_gestart == voor.orientatie_gestart + 1
    assert na.aanmeldingen == voor.aanmeldingen + 1
    # Work in the open month touches no stored month.
    aantal = Maandcijfers.objects.count()
    traject_op_stap(wereld, Fase.GESPREK, op=dt(2024, 6, 3))
    assert Maandcijfers.objects.count() == aantal


def test_a_changed_norm_computes_the_stored_months_again(wereld, geschiedenis, klok):
    from rapportage.models import Maandcijfers

    klok(date(2024, 6, 10))
    voor = kpis(wereld.pilot, JAN)
    wereld.pilot.reactietijd_eerste_contact = 1
    wereld.pilot.save()
    opnieuw = kpis(wereld.pilot, JAN)
    assert opnieuw.reactietijden[0]["binnen"] < voor.reactietijden[0]["binnen"]
    Maandcijfers.objects.all().delete()
    assert _cijfers(opnieuw) == _cijfers(kpis(wereld.pilot, JAN))


def test_the_nightly_job_stores_every_closed_month_ahead(
    wereld, geschiedenis, klok, django_assert_num_queries
):
    from rapportage.models import Maandcijfers
    from rapportage.tasks import maandcijfers_bijwerken

    klok(date(2024, 6, 10))
    opgeslagen = maandcijfers_bijwerken()
    assert opgeslagen == Maandcijfers.objects.count() > 0
    assert Maandcijfers.objects.filter(gebiedsteam=wereld.team_a.pk, tot=date(2024, 5, 31)).exists()
    # feestdagen, the stored blocks, year targets: nothing left to compute
    with django_assert_num_queries(3):
        kpis(wereld.pilot, Periode(wereld.pilot.startdatum, date(2024, 5, 31)), wereld.team_a)
    assert maandcijfers_bijwerken() == opgeslagen  # idempotent


def test_the_days_of_the_current_month_before_today_are_stored_and_only_today_is_live(
    wereld, geschiedenis, klok, django_assert_num_queries
):
    from rapportage.models import Maandcijfers
    from werkcoach.models import Logregel

    klok(date(2024, 6, 10))
    lopend = Periode(date(2024, 1, 1), date(2024, 6, 30))  # reported as far as it went: today
    eerst = kpis(wereld.pilot, lopend)
    dagen = Maandcijfers.objects.filter(
        pilot=wereld.pilot, gebiedsteam=0, van__gte=date(2024, 6, 1)
    )
    assert sorted(dagen.values_list("van", "tot")) == [
        (date(2024, 6, d), date(2024, 6, d)) for d in range(1, 10)
    ]
    with django_assert_num_queries(3 + 12):  # stored blocks up to yesterday, today live
        assert _cijfers(kpis(wereld.pilot, lopend)) == _cijfers(eerst)
    # A step of the 5th recorded today removes the days from the 5th on, without a log row (a
    # closed month is not touched), and the figures include it.
    laatste = Logregel.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    traject_op_stap(
        wereld,
        Fase.ORIENTATIE,
        op=dt(2024, 6, 3),
        momenten={Fase.GESPREK: dt(2024, 6, 4), Fase.ORIENTATIE: dt(2024, 6, 5)},
    )
    assert sorted(d.day for d in dagen.values_list("van", flat=True)) == [1, 2]
    assert not Logregel.objects.filter(pk__gt=laatste, omschrijving__startswith="Opgeslagen")
    na = kpis(wereld.pilot, lopend)
    assert na.orientatie_gestart == eerst.orientatie_gestart + 1
    Maandcijfers.objects.all().delete()
    assert _cijfers(kpis(wereld.pilot, lopend)) == _cijfers(na)


def test_a_closed_months_block_replaces_its_day_blocks(wereld, geschiedenis, klok):
    from rapportage.models import Maandcijfers
    from rapportage.tasks import maandcijfers_bijwerken

    klok(date(2024, 6, 10))
    kpis(wereld.pilot, Periode(date(2024, 6, 1), date(2024, 6, 10)), wereld.team_a)
    assert Maandcijfers.objects.filter(van=date(2024, 6, 9), tot=date(2024, 6, 9)).exists()
    klok(date(2024, 7, 2))
    maandcijfers_bijwerken()
    juni = Maandcijfers.objects.filter(van__gte=date(2024, 6, 1), tot__lte=date(2024, 6, 30))
    assert sorted(set(juni.values_list("van", "tot"))) == [(date(2024, 6, 1), date(2024, 6, 30))]
    assert Maandcijfers.objects.filter(van=date(2024, 7, 1), tot=date(2024, 7, 1)).exists()


def test_a_process_reads_and_decodes_a_stored_block_once(
    wereld, geschiedenis, klok, django_assert_num_queries
):
    klok(date(2024, 6, 10))
    gesloten = Periode(date(2023, 1, 1), date(2024, 5, 31))
    kpis(wereld.pilot, gesloten)
    GEHEUGEN.legen()
    with django_assert_num_queries(3 + 1):  # the blocks' keys, then their content
        gelezen = kpis(wereld.pilot, gesloten)
    with django_assert_num_queries(3):  # the keys only: the content is in memory
        assert _cijfers(kpis(wereld.pilot, gesloten)) == _cijfers(gelezen)


def test_the_memory_keeps_the_most_recently_used_blocks_within_its_bound():
    import uuid

    geheugen = Geheugen(100)
    a, b, c, groot = (uuid.uuid4() for _ in range(4))
    geheugen.bewaren(a, {"a": 1}, 40)
    geheugen.bewaren(b, {"b": 1}, 40)
    assert geheugen.lezen(a) == {"a": 1}  # a is now the most recently used
    geheugen.bewaren(c, {"c": 1}, 40)  # 120 > 100: b goes
    assert (geheugen.lezen(a), geheugen.lezen(b), geheugen.lezen(c)) == ({"a": 1}, None, {"c": 1})
    geheugen.bewaren(groot, {"x": 1}, 101)  # larger than the whole bound: not kept
    assert geheugen.lezen(groot) is None and geheugen.lezen(c) == {"c": 1}
    assert Geheugen(0).lezen(a) is None

"""Each rule of the access policy, including users of another gemeente and gebiedsteam."""

from datetime import timedelta

from django.utils import timezone

from cases.models import Aanmelding, Inwoner
from tests.conftest import maak_aanmelding, maak_traject, traject_op_stap
from trajecten.models import Contactmoment, Fase, Overdracht, Route, Traject
from trajecten.services import (
    contactmoment_create,
)
from werkcoach.models import Pilot


def _zichtbaar(model, user):
    return set(model.objects.voor_gebruiker(user).values_list("pk", flat=True))


def test_werkcoach_sees_the_residents_referrals_and_trajecten_of_their_gemeente_only(wereld):
    eigen = maak_traject(wereld)
    ander_team = maak_traject(wereld, team=wereld.team_b)
    urk = maak_traject(wereld, team=wereld.team_urk)
    assert _zichtbaar(Traject, wereld.werkcoach) == {eigen.pk, ander_team.pk}
    assert _zichtbaar(Inwoner, wereld.werkcoach) == {eigen.inwoner_id, ander_team.inwoner_id}
    assert _zichtbaar(Aanmelding, wereld.werkcoach) == {
        eigen.aanmelding_id,
        ander_team.aanmelding_id,
    }
    assert _zichtbaar(Traject, wereld.werkcoach_urk) == {urk.pk}


def test_sociaal_werker_sees_only_the_referrals_of_their_own_gebiedsteam(wereld):
    a = maak_aanmelding(wereld, team=wereld.team_a)
    b = maak_aanmelding(wereld, team=wereld.team_b)
    maak_aanmelding(wereld, team=wereld.team_urk)
    assert _zichtbaar(Aanmelding, wereld.sociaal_werker) == {a.pk}
    assert _zichtbaar(Aanmelding, wereld.sociaal_werker_b) == {b.pk}
    assert _zichtbaar(Inwoner, wereld.sociaal_werker) == {a.inwoner_id}


def test_sociaal_werker_never_sees_the_werkcoach_notes(wereld):
    traject = maak_traject(wereld)
    contactmoment_create(
        traject=traject,
        door=wereld.werkcoach,
        datum=timezone.now(),
        soort="telefoon",
        verslag="Vertrouwelijk.",
    )
    assert _zichtbaar(Contactmoment, wereld.werkcoach) != set()
    assert _zichtbaar(Contactmoment, wereld.sociaal_werker) == set()
    # The status of the traject is visible, the notes are not.
    assert _zichtbaar(Traject, wereld.sociaal_werker) == {traject.pk}


def test_partner_sees_only_trajecten_handed_over_to_them(wereld):
    start = timezone.now() - timedelta(days=10)
    overgedragen = traject_op_stap(
        wereld, Fase.OVERDRACHT, op=start, route=Route.OPLEIDING, naar_persoon=wereld.partner
    )
    maak_traject(wereld)
    assert _zichtbaar(Traject, wereld.partner) == {overgedragen.pk}
    assert _zichtbaar(Overdracht, wereld.partner) == set(
        overgedragen.overdrachten.values_list("pk", flat=True)
    )
    assert _zichtbaar(Inwoner, wereld.partner) == {overgedragen.inwoner_id}
    assert _zichtbaar(Contactmoment, wereld.partner) == set()


def test_projectleider_manager_and_beheerder_see_no_individual_files(wereld):
    maak_traject(wereld)
    for user in (wereld.projectleider, wereld.manager, wereld.beheerder):
        assert _zichtbaar(Traject, user) == set()
        assert _zichtbaar(Inwoner, user) == set()
        assert _zichtbaar(Aanmelding, user) == set()


def test_projectleider_and_manager_see_the_figures_of_their_own_pilot_only(wereld):
    from werkcoach.access import pilots_q

    for user in (wereld.projectleider, wereld.manager):
        assert set(Pilot.objects.filter(pilots_q(user))) == {wereld.pilot}
    assert set(Pilot.objects.filter(pilots_q(wereld.werkcoach))) == set()


def test_an_inactive_or_anonymous_user_sees_nothing(wereld):
    from django.contrib.auth.models import AnonymousUser

    maak_traject(wereld)
    wereld.werkcoach.is_active = False
    assert _zichtbaar(Traject, wereld.werkcoach) == set()
    assert _zichtbaar(Traject, AnonymousUser()) == set()

"""Every allowed and every forbidden move of the klantreis state machine."""

from datetime import date, timedelta
from itertools import product

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from tests.conftest import maak_aanmelding, maak_traject, traject_op_stap
from trajecten.aanmeldingen.services import aanmelding_accepteren
from trajecten.models import EindeReden, Fase, Faseovergang, Traject
from trajecten.services import (
    TOEGESTANE_OVERGANGEN,
    gesprek_vastleggen,
    nazorg_afronden,
    traject_advance,
    traject_beeindigen,
)
from werkcoach.errors import GelijktijdigeWijziging, NietToegestaneOvergang

VOLGORDE = [Fase.GESPREK, Fase.ORIENTATIE, Fase.VERVOLGTRAJECT, Fase.OVERDRACHT, Fase.NAZORG]


def test_the_whole_klantreis_records_every_move_with_who_and_when(wereld):
    traject = traject_op_stap(wereld, Fase.NAZORG)
    assert traject.fase == Fase.NAZORG
    traject = nazorg_afronden(
        traject=traject,
        door=wereld.werkcoach,
        uitkomst="werk",
        reden_eerder="Vast werk gevonden.",
        bevestigd=True,
    )
    overgangen = list(
        Faseovergang.objects.filter(traject=traject).values_list("van_fase", "naar_fase", "door")
    )
    assert [(v, n) for v, n, _ in overgangen] == [
        ("", "gesprek"),
        ("gesprek", "orientatie"),
        ("orientatie", "vervolgtraject"),
        ("vervolgtraject", "overdracht"),
        ("overdracht", "nazorg"),
        ("nazorg", "afgesloten"),
    ]
    assert {d for _, _, d in overgangen} == {wereld.werkcoach.pk}
    assert traject.einde_reden == EindeReden.NAZORG_AFGEROND
    assert traject.nazorgplan.uitkomst == "werk"


ALLE_PAREN = list(product(VOLGORDE, [*VOLGORDE, Fase.AFGESLOTEN]))


@pytest.mark.parametrize(("van", "naar"), ALLE_PAREN)
def test_every_move_is_allowed_only_if_in_the_state_machine(wereld, van, naar):
    traject = traject_op_stap(wereld, van)
    toegestaan = naar in TOEGESTANE_OVERGANGEN[van]
    if naar == Fase.AFGESLOTEN:
        assert toegestaan  # ending with a reason is possible at every step
        traject = traject_beeindigen(
            traject=traject, door=wereld.werkcoach, reden=EindeReden.GEEN_INTERESSE, bevestigd=True
        )
        assert traject.fase == Fase.AFGESLOTEN and traject.beeindigd_op is not None
        return
    if not toegestaan:
        with pytest.raises(NietToegestaneOvergang):
            traject_advance(traject=traject, naar=naar, door=wereld.werkcoach)
        traject.refresh_from_db()
        assert traject.fase == van
        return
    # Allowed moves go through the action that records what the step needs.
    assert VOLGORDE.index(naar) == VOLGORDE.index(van) + 1
    vooruit = traject_op_stap(wereld, naar)
    assert vooruit.fase == naar


@pytest.mark.parametrize("naar", VOLGORDE)
def test_a_closed_traject_cannot_move(wereld, naar):
    traject = traject_op_stap(wereld, Fase.GESPREK)
    traject = traject_beeindigen(
        traject=traject, door=wereld.werkcoach, reden=EindeReden.VERHUISD, bevestigd=True
    )
    with pytest.raises(NietToegestaneOvergang):
        traject_advance(traject=traject, naar=naar, door=wereld.werkcoach)
    with pytest.raises(NietToegestaneOvergang):
        traject_beeindigen(
            traject=traject, door=wereld.werkcoach, reden=EindeReden.VERHUISD, bevestigd=True
        )


def test_orientatie_needs_the_gesprek_to_be_held(wereld):
    traject = traject_op_stap(wereld, Fase.GESPREK)
    with pytest.raises(NietToegestaneOvergang, match="gesprek"):
        traject_advance(traject=traject, naar=Fase.ORIENTATIE, door=wereld.werkcoach)


def test_vervolgtraject_needs_a_route(wereld):
    traject = traject_op_stap(wereld, Fase.ORIENTATIE)
    with pytest.raises(NietToegestaneOvergang, match="vervolgtraject"):
        traject_advance(traject=traject, naar=Fase.VERVOLGTRAJECT, door=wereld.werkcoach)


def test_ending_needs_a_known_reason_and_anders_needs_an_explanation(wereld):
    traject = traject_op_stap(wereld, Fase.ORIENTATIE)
    with pytest.raises(ValidationError):
        traject_beeindigen(traject=traject, door=wereld.werkcoach, reden="zomaar")
    with pytest.raises(ValidationError):
        traject_beeindigen(
            traject=traject, door=wereld.werkcoach, reden=EindeReden.ANDERS, toelichting=" "
        )
    traject.refresh_from_db()
    assert traject.is_open


def test_a_stale_version_is_refused_and_nothing_changes(wereld):
    traject = traject_op_stap(wereld, Fase.GESPREK)
    oude_versie = traject.versie
    gesprek_vastleggen(
        traject=traject, door=wereld.werkcoach, gehouden_op=timezone.now(), verslag="Gesprek."
    )
    with pytest.raises(GelijktijdigeWijziging):
        traject_advance(
            traject=traject, naar=Fase.ORIENTATIE, door=wereld.werkcoach, versie=oude_versie
        )
    traject.refresh_from_db()
    assert traject.fase == Fase.GESPREK


def test_one_open_traject_per_resident_per_pilot_is_held_by_the_database(wereld):
    traject = maak_traject(wereld)
    tweede = maak_aanmelding(wereld, voornaam="Ander")
    with pytest.raises(IntegrityError), transaction.atomic():
        Traject.objects.create(
            pilot=traject.pilot,
            inwoner=traject.inwoner,
            aanmelding=tweede,
            werkcoach=wereld.werkcoach,
            fase_sinds=timezone.now(),
            gestart_op=timezone.now(),
        )


def test_accepting_a_second_referral_for_a_resident_with_an_open_traject_is_refused(wereld):
    traject = maak_traject(wereld)
    from cases.services import aanmelding_create

    tweede = aanmelding_create(
        door=wereld.sociaal_werker,
        gebiedsteam=wereld.team_a,
        inwoner=traject.inwoner,
        signaal="Opnieuw.",
        toestemming_gegeven=True,
        toestemming_datum=date.today(),
        toestemming_wijze="mondeling",
    )
    with pytest.raises(ValidationError, match="lopend traject"):
        aanmelding_accepteren(aanmelding=tweede, door=wereld.werkcoach)
    tweede.refresh_from_db()
    assert tweede.status == "nieuw"  # nothing half-saved


def test_the_one_year_maximum_is_known_to_the_model(wereld):
    start = timezone.now() - timedelta(days=10)
    traject = maak_traject(wereld, op=start)
    assert traject.maximale_einddatum == timezone.localdate(start) + timedelta(days=365)


def test_a_move_cannot_be_dated_before_the_previous_one(wereld):
    traject = traject_op_stap(wereld, Fase.GESPREK)
    gesprek_vastleggen(
        traject=traject, door=wereld.werkcoach, gehouden_op=timezone.now(), verslag="x"
    )
    with pytest.raises(ValidationError):
        traject_advance(
            traject=traject,
            naar=Fase.ORIENTATIE,
            door=wereld.werkcoach,
            op=traject.fase_sinds - timedelta(days=1),
        )


def test_a_step_typed_in_the_minute_of_the_previous_one_follows_it(wereld):
    traject = traject_op_stap(wereld, Fase.GESPREK)
    gesprek_vastleggen(
        traject=traject, door=wereld.werkcoach, gehouden_op=timezone.now(), verslag="x"
    )
    vorige = timezone.now().replace(second=30, microsecond=0) - timedelta(minutes=1)
    Traject.objects.filter(pk=traject.pk).update(fase_sinds=vorige)
    traject.refresh_from_db()
    with pytest.raises(ValidationError, match="eerder"):  # the minute before is refused
        traject_advance(
            traject=traject,
            naar=Fase.ORIENTATIE,
            door=wereld.werkcoach,
            op=vorige.replace(second=0) - timedelta(minutes=1),
        )
    # The form sends whole minutes: 12:04 for a step made right after one at 12:04:30.
    traject = traject_advance(
        traject=traject, naar=Fase.ORIENTATIE, door=wereld.werkcoach, op=vorige.replace(second=0)
    )
    assert traject.fase == Fase.ORIENTATIE and traject.fase_sinds == vorige

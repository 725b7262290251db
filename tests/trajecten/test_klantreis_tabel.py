"""The klantreis table is the one declaration of the steps; the code derives from it."""

import re
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import timezone

from rapportage import kpi
from tests.conftest import traject_op_stap
from trajecten import klantreis, views
from trajecten.aanmeldingen.selectors import terugkoppeling
from trajecten.klantreis import KLANTREIS, TOEGESTANE_OVERGANGEN, Fase
from trajecten.selectors import caseload, volgende_actie

ROOT = Path(__file__).resolve().parents[2]


def test_the_steps_are_numbered_in_order_and_each_moves_only_to_the_next():
    assert [s.nummer for s in KLANTREIS] == list(range(1, len(KLANTREIS) + 1))
    for stap, volgende in zip(KLANTREIS, KLANTREIS[1:], strict=False):
        assert TOEGESTANE_OVERGANGEN[stap.fase] == (volgende.fase, Fase.AFGESLOTEN)
    assert TOEGESTANE_OVERGANGEN[KLANTREIS[-1].fase] == (Fase.AFGESLOTEN,)
    assert set(TOEGESTANE_OVERGANGEN) == set(Fase.values)


def test_the_kpi_and_the_model_take_their_steps_from_the_table():
    assert kpi.STAPPEN == klantreis.STAPPEN
    assert [f for f in Fase.values if f != Fase.AFGESLOTEN] == list(klantreis.STAPPEN)


def test_every_action_the_table_names_is_a_dossier_action_with_a_page():
    namen = {s.actie for s in KLANTREIS if s.actie}
    namen |= {naam for s in KLANTREIS for naam, _ in s.acties_in_stap}
    assert namen <= set(views.ACTIES)
    for naam in namen:
        assert reverse(f"trajecten:dossier_{naam}", kwargs={"pk": 1})
    for stap in KLANTREIS:
        if stap.actie:
            assert str(stap.nummer) in views.ACTIES[stap.actie].titel


def test_no_step_number_is_typed_outside_the_table():
    bronnen = [*ROOT.glob("trajecten/**/*.py"), *ROOT.glob("templates/trajecten/**/*.html")]
    for pad in bronnen:
        if pad.name == "klantreis.py":
            continue
        assert not re.search(r"stap [1-5]\b", pad.read_text(), re.IGNORECASE), pad


@pytest.mark.django_db
@pytest.mark.parametrize("fase", klantreis.STAPPEN)
def test_every_step_has_a_next_action_and_a_status_for_the_referrer(wereld, fase):
    traject = traject_op_stap(wereld, fase)
    rij = caseload(wereld.werkcoach).get(pk=traject.pk)
    actie = volgende_actie(rij, timezone.localdate())
    assert actie.tekst
    status = terugkoppeling(traject.aanmelding)
    assert status.label and not status.afgerond
    acties = klantreis.stapacties(traject)
    assert acties and acties[-1] == "beeindigen"

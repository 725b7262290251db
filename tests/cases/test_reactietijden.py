"""Response times in working days: weekends and configured feestdagen do not count."""

from datetime import date

import pytest

from cases.services import aanmelding_eerste_contact
from tests.conftest import dt, maak_aanmelding
from trajecten.aanmeldingen.selectors import Markering, inbox, reactietermijn
from werkcoach.models import Feestdag, Pilot
from werkcoach.werkdagen import feestdagen_per_gemeente

KERST = frozenset({date(2024, 12, 25), date(2024, 12, 26), date(2025, 1, 1)})
PILOT = Pilot(reactietijd_eerste_contact=5, reactietijd_gesprek=15)
# Friday 20-12-2024: the weekend and two Christmas days follow.
VRIJDAG = dt(2024, 12, 20, 16)


def termijn(
    vandaag,
    *,
    feestdagen=KERST,
    eerste_contact_op=None,
    gesprek_gehouden_op=None,
    gesprek_gepland_op=None,
):
    return reactietermijn(
        aangemeld_op=VRIJDAG,
        eerste_contact_op=eerste_contact_op,
        gesprek_gehouden_op=gesprek_gehouden_op,
        gesprek_gepland_op=gesprek_gepland_op,
        pilot=PILOT,
        feestdagen=feestdagen,
        vandaag=vandaag,
    )


def test_first_contact_is_due_five_working_days_later_skipping_weekend_and_holidays():
    # Mon 23, Tue 24, (Wed 25, Thu 26 Christmas), Fri 27, Mon 30, Tue 31.
    assert termijn(date(2024, 12, 23)).uiterlijk == date(2024, 12, 31)


def test_without_holidays_only_the_weekend_is_skipped():
    assert termijn(date(2024, 12, 23), feestdagen=frozenset()).uiterlijk == date(2024, 12, 27)


def test_gesprek_is_due_fifteen_working_days_later_once_contact_was_made():
    t = termijn(date(2025, 1, 6), eerste_contact_op=dt(2024, 12, 23))
    assert t.stap == "gesprek"
    # ... Tue 31 (5), (Wed 1 January), Thu 2 .. Wed 15 January (15).
    assert t.uiterlijk == date(2025, 1, 15)


@pytest.mark.parametrize(
    ("vandaag", "over", "markering", "tekst"),
    [
        (date(2024, 12, 24), 3, Markering.OP_TIJD, "nog 3 werkdagen"),
        (date(2024, 12, 30), 1, Markering.BIJNA, "nog 1 werkdag"),
        (date(2024, 12, 31), 0, Markering.BIJNA, "uiterlijk vandaag"),
        (date(2025, 1, 2), -1, Markering.TE_LAAT, "1 werkdag te laat"),
        (date(2025, 1, 6), -3, Markering.TE_LAAT, "3 werkdagen te laat"),
    ],
)
def test_marks_count_working_days_left(vandaag, over, markering, tekst):
    t = termijn(vandaag)
    assert (t.werkdagen_over, t.markering, t.omschrijving) == (over, markering, tekst)


def test_a_planned_gesprek_ends_the_first_contact_step():
    t = termijn(date(2025, 1, 6), gesprek_gepland_op=dt(2025, 1, 8))
    assert (t.stap, t.uiterlijk, t.markering) == ("gesprek", date(2025, 1, 15), Markering.OP_TIJD)


def test_no_response_time_runs_once_the_gesprek_was_held():
    assert termijn(date(2025, 3, 1), gesprek_gehouden_op=dt(2025, 1, 3)) is None


def test_feestdagen_are_read_per_gemeente_including_general_ones(wereld):
    Feestdag.objects.create(datum=date(2024, 12, 25), naam="Eerste Kerstdag")
    Feestdag.objects.create(gemeente=wereld.urk, datum=date(2024, 12, 27), naam="Alleen Urk")
    per = feestdagen_per_gemeente([wereld.nop.pk, wereld.urk.pk])
    assert per[wereld.nop.pk] == {date(2024, 12, 25)}
    assert per[wereld.urk.pk] == {date(2024, 12, 25), date(2024, 12, 27)}


def test_inbox_uses_the_pilot_setting_and_the_gemeente_holidays(wereld):
    for dag in KERST:
        Feestdag.objects.create(datum=dag, naam="Feestdag")
    wereld.pilot.reactietijd_eerste_contact = 3
    wereld.pilot.save()
    aanmelding = maak_aanmelding(wereld, op=VRIJDAG)
    regel = inbox(wereld.werkcoach, vandaag=date(2024, 12, 24))["nieuw"][0]
    assert regel.aanmelding == aanmelding
    # Mon 23, Tue 24, Fri 27.
    assert regel.termijn.uiterlijk == date(2024, 12, 27)
    assert regel.termijn.markering == Markering.BIJNA
    aanmelding_eerste_contact(aanmelding=aanmelding, op=dt(2024, 12, 23))
    regel = inbox(wereld.werkcoach, vandaag=date(2024, 12, 24))["nieuw"][0]
    assert regel.termijn.stap == "gesprek"


def test_inbox_and_the_reminder_task_share_the_one_next_action(wereld, monkeypatch):
    import trajecten.aanmeldingen.selectors as selectors
    import trajecten.aanmeldingen.tasks as tasks

    maak_aanmelding(wereld, op=VRIJDAG)
    aanroepen = []
    echt = selectors.volgende_actie

    def geteld(*args):
        aanroepen.append(args)
        return echt(*args)

    monkeypatch.setattr(selectors, "volgende_actie", geteld)
    inbox(wereld.werkcoach, vandaag=date(2024, 12, 30))
    assert len(aanroepen) == 1
    tasks.reactietijden_bewaken("2024-12-30")
    assert len(aanroepen) == 2


def test_the_resident_fields_come_from_one_list(wereld):
    from cases.forms import AanmeldingForm
    from cases.services import INWONER_VELDEN
    from privacy.inzage import EXPORT_VELDEN

    form = AanmeldingForm(user=wereld.sociaal_werker)
    inwoner_fieldset = next(
        f for f in form.helper.layout.fields if getattr(f, "legend", "") == "De inwoner"
    )
    assert tuple(inwoner_fieldset.fields) == INWONER_VELDEN
    assert EXPORT_VELDEN["cases.Inwoner"][: len(INWONER_VELDEN)] == list(INWONER_VELDEN)

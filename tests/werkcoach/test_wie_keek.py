"""'Wie heeft dit dossier bekeken': one row per person per day, with names, organisation and
role, counted in the database (the same user looking eight times in a minute is one row)."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from tests.conftest import maak_traject
from werkcoach.audit import Actie, Doel, audit_log
from werkcoach.selectors import wie_keek

pytestmark = pytest.mark.django_db
NL = ZoneInfo("Europe/Amsterdam")


def _bekijk(actor, inwoner_id, moment, actie=Actie.BEKIJKEN):
    with time_machine.travel(moment, tick=False):
        audit_log(actie=actie, doel=Doel.BEGELEIDING, actor=actor, inwoner_id=inwoner_id)


def test_views_are_grouped_per_person_and_local_day_with_first_and_last_time(
    wereld, django_assert_num_queries
):
    inwoner_id = maak_traject(wereld).inwoner_id
    for minuut in range(8):
        _bekijk(wereld.werkcoach, inwoner_id, datetime(2025, 3, 4, 9, minuut, tzinfo=NL))
    _bekijk(wereld.werkcoach, inwoner_id, datetime(2025, 3, 4, 16, 5, tzinfo=NL), Actie.EXPORTEREN)
    _bekijk(wereld.beheerder, inwoner_id, datetime(2025, 3, 4, 23, 30, tzinfo=NL))
    # 00:15 local is still 4 March in UTC: the day is the local one, 5 March.
    _bekijk(wereld.werkcoach, inwoner_id, datetime(2025, 3, 5, 0, 15, tzinfo=NL))
    audit_log(
        actie=Actie.BEKIJKEN,
        doel=Doel.BEGELEIDING,
        actor=wereld.werkcoach,
        inwoner_id=inwoner_id + 1,
    )
    # 1 the grouped log with names and organisations, 2 the roles of those people.
    with django_assert_num_queries(2):
        rijen = wie_keek(inwoner_id=inwoner_id)
    samenvatting = [
        (
            f"{r['dag']:%d-%m-%Y}",
            r["naam"],
            r["organisatie"],
            r["rollen"],
            r["aantal"],
            r["exporten"],
            f"{r['eerste'].astimezone(NL):%H:%M}",
            f"{r['laatste'].astimezone(NL):%H:%M}",
        )
        for r in rijen
    ]
    wc = wereld.werkcoach
    beheer = wereld.beheerder
    assert samenvatting == [
        ("05-03-2025", wc.get_full_name(), "WerkCorporatie", "Werkcoach", 1, 0, "00:15", "00:15"),
        (
            "04-03-2025",
            beheer.get_full_name(),
            str(beheer.organisatie),
            "Functioneel beheerder",
            1,
            0,
            "23:30",
            "23:30",
        ),
        ("04-03-2025", wc.get_full_name(), "WerkCorporatie", "Werkcoach", 9, 1, "09:00", "16:05"),
    ]
    assert all(r["naam"] != wc.username for r in rijen)


def test_a_view_without_a_person_is_shown_as_the_system(wereld):
    inwoner_id = maak_traject(wereld).inwoner_id
    audit_log(actie=Actie.DOWNLOADEN, doel=Doel.BEGELEIDING, actor=None, inwoner_id=inwoner_id)
    (rij,) = wie_keek(inwoner_id=inwoner_id)
    assert (rij["naam"], rij["rollen"], rij["exporten"]) == ("Systeem", "", 1)

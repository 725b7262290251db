"""A small, hand-computed pilot history around January and February 2024 (see test_kpi.py for
the figures worked out by hand), and private storage in a temporary folder."""

from datetime import date, datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from cases.services import aanmelding_afwijzen, aanmelding_eerste_contact
from tests.conftest import dt, maak_aanmelding, maak_traject, traject_op_stap
from trajecten.aanmeldingen.services import toestemming_intrekken
from trajecten.models import Fase, Instrument, Participatiemeting, Route, Sector
from trajecten.services import (
    catalogus_laden,
    inzet_create,
    nazorg_afronden,
    participatiemeting_create,
    traject_beeindigen,
)


@pytest.fixture(autouse=True)
def _privé_opslag(settings, tmp_path):
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path / "private")},
        },
    }


def lokaal(jaar, maand, dag, uur, minuut=0):
    return timezone.make_aware(datetime(jaar, maand, dag, uur, minuut))


@pytest.fixture
def geschiedenis(wereld):
    """Eight referrals in Noordoostpolder and one in Urk; the comments give the story."""
    w = wereld
    catalogus_laden()
    # A1: referred 08-01, first contact 10-01, conversation 15-01, oriëntatie 16-01 (Jan),
    # vervolgtraject werk/zorg 05-02 (Feb, crosses the boundary), Nugger 05-02, handover to the
    # WerkCorporatie 06-02 confirmed 08-02, nazorg 09-02; ladder 2 -> 4.
    a1 = maak_traject(
        w, op=dt(2024, 1, 8), woonplaats="Emmeloord", doelgroep="jongere", uitkeringssituatie="geen"
    )
    aanmelding_eerste_contact(aanmelding=a1.aanmelding, op=dt(2024, 1, 10))
    a1 = traject_op_stap(w, Fase.GESPREK, traject=a1, momenten={Fase.GESPREK: dt(2024, 1, 15)})
    participatiemeting_create(
        traject=a1, door=w.werkcoach, datum=date(2024, 1, 15), trede=2, moment="start"
    )
    a1 = traject_op_stap(
        w, Fase.ORIENTATIE, traject=a1, momenten={Fase.ORIENTATIE: dt(2024, 1, 16)}
    )
    inzet_create(
        traject=a1,
        door=w.werkcoach,
        instrument=Instrument.objects.order_by("pk").first(),
        startdatum=date(2024, 1, 20),
        kosten_werkelijk=Decimal("250.00"),
    )
    a1 = traject_op_stap(
        w,
        Fase.NAZORG,
        traject=a1,
        momenten={
            Fase.VERVOLGTRAJECT: dt(2024, 2, 5),
            Fase.OVERDRACHT: dt(2024, 2, 6),
            Fase.NAZORG: dt(2024, 2, 9),
        },
        route=Route.WERK,
        vervolg={"sector": Sector.ZORG, "nugger_ingeschreven_op": date(2024, 2, 5)},
        naar_organisatie=w.werkcorporatie,
        bevestigd_op=dt(2024, 2, 8),
    )
    participatiemeting_create(
        traject=a1,
        door=w.werkcoach,
        datum=date(2024, 2, 9),
        trede=4,
        moment=Participatiemeting.Moment.EINDE,
    )
    # A2: referred 09-01, conversation 12-01, oriëntatie 01-02 00:30 Dutch time (= 31-01 23:30
    # UTC: February), ended in oriëntatie 10-02 without a vervolgtraject.
    a2 = traject_op_stap(
        w,
        Fase.ORIENTATIE,
        op=dt(2024, 1, 9),
        doelgroep="oudere",
        momenten={Fase.GESPREK: dt(2024, 1, 12), Fase.ORIENTATIE: lokaal(2024, 2, 1, 0, 30)},
    )
    _einde(w, a2, dt(2024, 2, 10), "geen_vervolg")
    # A3 (team B, Ens): referred 10-01, conversation only on 20-02 (too late), ended 21-02.
    a3 = traject_op_stap(
        w,
        Fase.GESPREK,
        op=dt(2024, 1, 10),
        team=w.team_b,
        doelgroep="partner",
        momenten={Fase.GESPREK: dt(2024, 2, 20)},
    )
    _einde(w, a3, dt(2024, 2, 21), "geen_interesse")
    # A4 (team B, Bant): referred 11-01, declined 12-01.
    a4 = maak_aanmelding(w, op=dt(2024, 1, 11), team=w.team_b, woonplaats="Bant")
    aanmelding_afwijzen(
        aanmelding=a4, door=w.werkcoach, status="afgewezen", reden="Past niet.", op=dt(2024, 1, 12)
    )
    # A5: referred 15-01, consent withdrawn 16-01 before it was handled.
    a5 = maak_aanmelding(w, op=dt(2024, 1, 15))
    toestemming_intrekken(aanmelding=a5, door=w.sociaal_werker, op=dt(2024, 1, 16))
    # A6: referred 29-12-2023, conversation 05-01, oriëntatie 08-01, opleiding/techniek 22-01,
    # handover to ROC 23-01 confirmed 02-02 (8 working days), ended in overdracht 15-02.
    a6 = traject_op_stap(
        w,
        Fase.OVERDRACHT,
        op=dt(2023, 12, 29),
        momenten={
            Fase.GESPREK: dt(2024, 1, 5),
            Fase.ORIENTATIE: dt(2024, 1, 8),
            Fase.VERVOLGTRAJECT: dt(2024, 1, 22),
            Fase.OVERDRACHT: dt(2024, 1, 23),
        },
        route=Route.OPLEIDING,
        vervolg={"sector": Sector.TECHNIEK},
        bevestigd_op=dt(2024, 2, 2),
    )
    _einde(w, a6, dt(2024, 2, 15), "andere_hulp")
    # A7: 2023 history; vrijwilligerswerk 20-11-2023, ended in vervolgtraject 17-01-2024.
    a7 = traject_op_stap(
        w,
        Fase.VERVOLGTRAJECT,
        op=dt(2023, 11, 1),
        momenten={
            Fase.GESPREK: dt(2023, 11, 3),
            Fase.ORIENTATIE: dt(2023, 11, 6),
            Fase.VERVOLGTRAJECT: dt(2023, 11, 20),
        },
        route=Route.VRIJWILLIGERSWERK,
    )
    _einde(w, a7, dt(2024, 1, 17), "niet_bereikbaar")
    # A8: 2023 history; nazorg from 20-10-2023, completed 28-02-2024: aan het werk.
    a8 = traject_op_stap(
        w,
        Fase.NAZORG,
        op=dt(2023, 10, 2),
        momenten={
            Fase.GESPREK: dt(2023, 10, 4),
            Fase.ORIENTATIE: dt(2023, 10, 5),
            Fase.VERVOLGTRAJECT: dt(2023, 10, 16),
            Fase.OVERDRACHT: dt(2023, 10, 17),
            Fase.NAZORG: dt(2023, 10, 20),
        },
        route=Route.ANDER_TRAJECT,
        naar_organisatie=w.carrefour,
        bevestigd_op=dt(2023, 10, 18),
    )
    nazorg_afronden(
        traject=a8,
        door=w.werkcoach,
        uitkomst="werk",
        op=dt(2024, 2, 28),
        reden_eerder="Vast contract; de inwoner wil geen nazorg meer.",
        bevestigd=True,
    )
    # Urk: another gemeente, same months: never counted for Noordoostpolder.
    u = traject_op_stap(
        w,
        Fase.ORIENTATIE,
        op=dt(2024, 1, 8),
        team=w.team_urk,
        momenten={Fase.GESPREK: dt(2024, 1, 9), Fase.ORIENTATIE: dt(2024, 1, 10)},
    )
    return {"a1": a1, "a2": a2, "a3": a3, "a6": a6, "a7": a7, "a8": a8, "urk": u}


def _einde(wereld, traject, op, reden):
    return traject_beeindigen(
        traject=traject, door=wereld.werkcoach, reden=reden, op=op, bevestigd=True
    )

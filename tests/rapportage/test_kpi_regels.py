"""The rules every figure obeys, as properties on generated pilot histories (Hypothesis).

Each example builds a small history through the services (referrals, declines, withdrawals at
any step, trajecten that end at any step with a reason, residents who come back for a second
traject, another gemeente's data beside it) and checks:
- a plain reference implementation over the generated event list agrees with the engine;
- the months add up to the half-year for every count of events;
- a month computed again after later events gives the same figures (as of the period's end);
- every ended traject has exactly one reason; oriëntatie counts residents once.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

import pytest
from django.db import transaction
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cases.services import aanmelding_afwijzen
from rapportage.kpi import Periode, kpis
from tests.conftest import dt, maak_aanmelding, traject_op_stap
from tests.factories import AanmeldingFactory
from trajecten.aanmeldingen.services import aanmelding_accepteren, toestemming_intrekken
from trajecten.klantreis import OPEN_FASEN
from trajecten.models import EindeReden, Fase
from trajecten.services import traject_beeindigen

pytestmark = pytest.mark.django_db

START = dt(2024, 1, 1)
MAANDEN = [Periode.maand(2024, m) for m in range(1, 7)]
HALFJAAR = Periode(date(2024, 1, 1), date(2024, 6, 30))
REDENEN = [r for r in EindeReden.values if r != EindeReden.TOESTEMMING_INGETROKKEN]


@dataclass
class Plan:
    dag: int
    team: str
    afloop: str  # afgewezen, onbereikbaar, ingetrokken, open, traject
    stap: int  # the last step reached (index in OPEN_FASEN)
    tussen: list[int]
    einde: str  # "" (still open), a reason, or "toestemming"
    opnieuw: bool
    urk: bool


plannen = st.builds(
    Plan,
    dag=st.integers(0, 150),
    team=st.sampled_from(["a", "b"]),
    afloop=st.sampled_from(["afgewezen", "onbereikbaar", "ingetrokken", "open", "traject"]),
    stap=st.integers(0, len(OPEN_FASEN) - 1),
    tussen=st.lists(st.integers(0, 45), min_size=7, max_size=7),
    einde=st.sampled_from(["", "toestemming", *REDENEN]),
    opnieuw=st.booleans(),
    urk=st.booleans(),
)


@dataclass
class Gebeurtenissen:
    """What the generated history says happened, as plain lists (the reference's input)."""

    aanmeldingen: list[tuple[date, str]] = field(default_factory=list)
    besluiten: list[tuple[date, str]] = field(default_factory=list)  # afgewezen/onbereikbaar
    intrekkingen: list[tuple[date, bool]] = field(default_factory=list)  # (day, after start)
    overgangen: list[tuple[date, str, int]] = field(default_factory=list)  # (day, step, person)
    gesprekken: list[date] = field(default_factory=list)
    eindes: list[tuple[date, str]] = field(default_factory=list)


def _dag(moment: datetime) -> date:
    return timezone.localdate(moment)


def _traject(w, g: Gebeurtenissen, plan: Plan, aanmelding, persoon: int, begin: datetime):
    """Accept at ``begin`` and walk the steps; returns the traject and the last moment."""
    traject = aanmelding_accepteren(aanmelding=aanmelding, door=w.werkcoach, op=begin)
    g.overgangen.append((_dag(begin), Fase.GESPREK, persoon))
    moment, momenten = begin, {}
    for i, fase in enumerate(OPEN_FASEN[: plan.stap + 1]):
        moment = moment + timedelta(days=plan.tussen[i + 1], hours=1)
        momenten[fase] = moment
        if fase == Fase.GESPREK:
            g.gesprekken.append(_dag(moment))
        else:
            g.overgangen.append((_dag(moment), fase, persoon))
    traject = traject_op_stap(w, OPEN_FASEN[plan.stap], traject=traject, momenten=momenten)
    return traject, moment


def _beeindigen(w, g: Gebeurtenissen, plan: Plan, traject, moment: datetime) -> bool:
    einde = moment + timedelta(days=plan.tussen[-1], hours=1)
    if plan.einde == "toestemming":
        toestemming_intrekken(aanmelding=traject.aanmelding, door=w.sociaal_werker, op=einde)
        g.intrekkingen.append((_dag(einde), True))
        g.eindes.append((_dag(einde), EindeReden.TOESTEMMING_INGETROKKEN))
    else:
        traject_beeindigen(
            traject=traject,
            door=w.werkcoach,
            reden=plan.einde,
            toelichting="Test.",
            op=einde,
            bevestigd=True,
        )
        g.eindes.append((_dag(einde), plan.einde))
    return True


def bouw(w, plannen_: list[Plan]) -> Gebeurtenissen:
    g = Gebeurtenissen()
    for persoon, plan in enumerate(plannen_):
        team = w.team_a if plan.team == "a" else w.team_b
        op = START + timedelta(days=plan.dag)
        if plan.urk:  # another gemeente's referral on the same day: never counted
            maak_aanmelding(w, op=op, team=w.team_urk)
        aanmelding = maak_aanmelding(w, op=op, team=team)
        g.aanmeldingen.append((_dag(op), team.naam))
        besluit = op + timedelta(days=plan.tussen[0], hours=1)
        if plan.afloop in ("afgewezen", "onbereikbaar"):
            aanmelding_afwijzen(
                aanmelding=aanmelding, door=w.werkcoach, status=plan.afloop, reden="-", op=besluit
            )
            g.besluiten.append((_dag(besluit), plan.afloop))
        elif plan.afloop == "ingetrokken":
            toestemming_intrekken(aanmelding=aanmelding, door=w.sociaal_werker, op=besluit)
            g.intrekkingen.append((_dag(besluit), False))
        elif plan.afloop == "traject":
            traject, moment = _traject(w, g, plan, aanmelding, persoon, besluit)
            if plan.einde and _beeindigen(w, g, plan, traject, moment) and plan.opnieuw:
                terug = moment + timedelta(days=plan.tussen[-1] + 3, hours=1)
                tweede = AanmeldingFactory(
                    gebiedsteam=team,
                    door=w.sociaal_werker if team == w.team_a else w.sociaal_werker_b,
                    op=terug,
                    inwoner=aanmelding.inwoner,
                )
                g.aanmeldingen.append((_dag(terug), team.naam))
                herhaal = Plan(0, plan.team, "traject", 1, [1] * 7, "", False, False)
                _traject(w, g, herhaal, tweede, persoon, terug + timedelta(hours=1))
    return g


def referentie(g: Gebeurtenissen, p: Periode) -> dict:
    """The figures computed from the event list, written for clarity."""

    def binnen(d: date) -> bool:
        return p.start <= d <= p.eind

    redenen = Counter(r for d, r in g.eindes if binnen(d))
    return {
        "aanmeldingen": sum(1 for d, _ in g.aanmeldingen if binnen(d)),
        "per_team": Counter(t for d, t in g.aanmeldingen if binnen(d)),
        "afgewezen": sum(1 for d, s in g.besluiten if binnen(d) and s == "afgewezen"),
        "onbereikbaar": sum(1 for d, s in g.besluiten if binnen(d) and s == "onbereikbaar"),
        "ingetrokken": sum(1 for d, _ in g.intrekkingen if binnen(d)),
        "ingetrokken_na_start": sum(1 for d, na in g.intrekkingen if binnen(d) and na),
        "gesprekken": sum(1 for d in g.gesprekken if binnen(d)),
        "trechter": [
            sum(1 for d, f, _ in g.overgangen if binnen(d) and f == fase) for fase in OPEN_FASEN
        ],
        "beeindigd": sum(redenen.values()),
        "redenen": {r: n for r, n in redenen.items() if n},
        "orientatie_personen": len(
            {pers for d, f, pers in g.overgangen if binnen(d) and f == Fase.ORIENTATIE}
        ),
        "orientatie_trajecten": sum(
            1 for d, f, _ in g.overgangen if binnen(d) and f == Fase.ORIENTATIE
        ),
    }


def engine(k) -> dict:
    labels = dict(EindeReden.choices)
    return {
        "aanmeldingen": k.aanmeldingen,
        "per_team": Counter({r.label: r.aantal for r in k.per_gebiedsteam}),
        "afgewezen": k.aanmeldingen_afgewezen,
        "onbereikbaar": k.aanmeldingen_onbereikbaar,
        "ingetrokken": k.aanmeldingen_ingetrokken,
        "ingetrokken_na_start": k.aanmeldingen_ingetrokken_na_start,
        "gesprekken": k.gesprekken,
        "trechter": [r.aantal for r in k.trechter],
        "beeindigd": k.beeindigd,
        "redenen": {
            code: r.aantal
            for r in k.beeindigd_per_reden
            for code, label in labels.items()
            if label == r.label and r.aantal
        },
        "orientatie_personen": k.orientatie_personen,
        "orientatie_trajecten": k.orientatie_gestart,
    }


def _gebeurtenistellingen(k) -> Counter:
    """Every count of events the engine gives, by name (for additivity)."""
    c = Counter(
        {
            "aanmeldingen": k.aanmeldingen,
            "afgewezen": k.aanmeldingen_afgewezen,
            "onbereikbaar": k.aanmeldingen_onbereikbaar,
            "ingetrokken": k.aanmeldingen_ingetrokken,
            "gesprekken": k.gesprekken,
            "beeindigd": k.beeindigd,
            "vervolgtrajecten": k.vervolgtrajecten,
            "overdrachten": k.overdrachten_totaal,
            "bevestigd": k.overdrachten_bevestigd,
        }
    )
    for lijst in ("trechter", "beeindigd_per_reden", "routes", "sectoren", "per_gebiedsteam"):
        for r in getattr(k, lijst):
            c[f"{lijst}:{r.label}"] += r.aantal
    for r in k.reactietijden:
        c[f"gemeten:{r['stap']}"] += r["gemeten"]
        c[f"binnen:{r['stap']}"] += r["binnen"]
    return +c


def _in_een_voorbeeld(test):
    """Each generated history in its own savepoint, rolled back afterwards."""

    def uitvoeren(*args, **kwargs):
        with transaction.atomic():
            test(*args, **kwargs)
            transaction.set_rollback(True)

    return uitvoeren


@settings(
    max_examples=12,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(st.lists(plannen, min_size=1, max_size=7))
def test_generated_histories_obey_every_rule(wereld, plannen_):
    _in_een_voorbeeld(_controleer)(wereld, plannen_)


def _controleer(wereld, plannen_):
    g = bouw(wereld, plannen_)
    pilot = wereld.pilot
    maanden = [kpis(pilot, p, peildatum=p.eind) for p in MAANDEN]
    geheel = kpis(pilot, HALFJAAR, peildatum=HALFJAAR.eind)
    # the engine agrees with the reference, month by month and over the half-year
    for p, k in [*zip(MAANDEN, maanden, strict=True), (HALFJAAR, geheel)]:
        assert engine(k) == referentie(g, p), p.label
    # additive: the months add up to the half-year for every count of events
    som = sum((_gebeurtenistellingen(k) for k in maanden), Counter())
    assert som == _gebeurtenistellingen(geheel)
    # every ended traject has exactly one reason
    for k in [*maanden, geheel]:
        assert k.beeindigd == sum(r.aantal for r in k.beeindigd_per_reden)
    # residents, not trajecten, against the targets
    assert geheel.orientatie_personen <= geheel.orientatie_gestart
    # as of the period's end: later events change no closed month
    _later_gebeurtenissen(wereld)
    opnieuw = [kpis(pilot, p, peildatum=p.eind) for p in MAANDEN]
    for voor, na in zip(maanden, opnieuw, strict=True):
        assert engine(na) == engine(voor)
        assert _gebeurtenistellingen(na) == _gebeurtenistellingen(voor)


def _later_gebeurtenissen(wereld):
    """Afterwards everything still open is decided: referrals declined, trajecten ended."""
    from cases.models import Aanmelding
    from trajecten.models import Traject

    juli = dt(2025, 6, 2)  # after every generated moment
    for a in Aanmelding.objects.filter(status=Aanmelding.Status.NIEUW, gemeente=wereld.nop):
        aanmelding_afwijzen(
            aanmelding=a, door=wereld.werkcoach, status="afgewezen", reden="-", op=juli
        )
    for t in Traject.objects.filter(beeindigd_op__isnull=True, pilot=wereld.pilot):
        toestemming_intrekken(aanmelding=t.aanmelding, door=wereld.sociaal_werker, op=juli)

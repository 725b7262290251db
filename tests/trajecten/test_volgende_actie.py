"""One definition of a resident's next action and its deadline: the inbox, the caseload and
the dossier show the same, and the caseload's SQL order agrees with it."""

import re
from datetime import date, timedelta

import pytest
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cases.models import Aanmelding
from tests.conftest import dt, maak_aanmelding, maak_traject, traject_op_stap
from trajecten import klantreis
from trajecten.klantreis import Fase, Stand, volgende_actie
from trajecten.models import Nazorgcontact, Overdracht, Traject
from trajecten.selectors import caseload, met_uiterlijk, verrijk
from werkcoach.models import Feestdag, Pilot
from werkcoach.werkdagen import feestdagen_voor, plus_werkdagen

PILOT = Pilot(
    reactietijd_eerste_contact=5,
    reactietijd_gesprek=15,
    reactietijd_orientatie=60,
    reactietijd_overdracht_bevestiging=5,
    max_begeleiding_dagen=365,
)


def _actie_in(html: str, pagina: str) -> tuple[str, str]:
    """The action text and deadline a page shows (the shared partial)."""
    tekst = re.search(r'<span class="volgende-actie">([^<]*)</span>', html)
    assert tekst, pagina
    datum = re.search(r"uiterlijk (?:<[^>]+>)*(\d\d-\d\d-\d{4})", html)
    return tekst.group(1), datum.group(1) if datum else ""


def _dossier_actie(html: str) -> tuple[str, str]:
    kaart = html[html.index('id="kop-actie"') :]
    regel = re.search(r'<p class="mb-1">(.*?)</p>', kaart, re.S)
    assert regel
    tekst = re.sub(r"<[^>]+>", "", regel.group(1))
    gevonden = re.match(
        r"(.*?)(?: – uiterlijk (\d\d-\d\d-\d{4}))?(?: \(te laat\))?$", tekst.strip()
    )
    assert gevonden
    return gevonden.group(1), gevonden.group(2) or ""


STANDEN = [
    "nieuw",
    "nieuw_gecontacteerd",
    Fase.GESPREK,
    "gesprek_gepland_zonder_contact",
    "gesprek_gehouden",
    *klantreis.STAPPEN[1:],
]


def _maak(wereld, stand: str):
    op = timezone.now() - timedelta(days=30)
    if stand.startswith("nieuw"):
        a = maak_aanmelding(wereld, op=op)
        if stand == "nieuw_gecontacteerd":
            Aanmelding.objects.filter(pk=a.pk).update(eerste_contact_op=op + timedelta(days=1))
        return a, None
    if stand == "gesprek_gepland_zonder_contact":
        t = maak_traject(wereld, op=op)
        Traject.objects.filter(pk=t.pk).update(
            gesprek_gepland_op=timezone.now() + timedelta(days=7)
        )
    elif stand == "gesprek_gehouden":
        t = maak_traject(wereld, op=op)
        Traject.objects.filter(pk=t.pk).update(gesprek_gehouden_op=op + timedelta(days=2))
    else:
        t = traject_op_stap(wereld, stand)
    t.refresh_from_db()
    return t.aanmelding, t


@pytest.mark.parametrize("stand", STANDEN)
def test_inbox_caseload_and_dossier_show_the_same_action_and_deadline(wereld, client, stand):
    aanmelding, traject = _maak(wereld, stand)
    client.force_login(wereld.werkcoach)
    gezien = {}
    inbox = client.get(reverse("aanmeldingen:inbox")).content.decode()
    if traject is None or (traject.fase == Fase.GESPREK and not traject.gesprek_gehouden_op):
        gezien["inbox"] = _actie_in(inbox, "inbox")
    if traject is not None:
        html = client.get(reverse("trajecten:caseload")).content.decode()
        gezien["caseload"] = _actie_in(html, "caseload")
        html = client.get(reverse("trajecten:dossier", kwargs={"pk": traject.pk})).content.decode()
        gezien["dossier"] = _dossier_actie(html)
    # The one definition, computed here from the resident's fields.
    traject = caseload(wereld.werkcoach).filter(aanmelding=aanmelding).first()
    stand_ = Stand.van_aanmelding(Aanmelding.objects.get(pk=aanmelding.pk), traject)
    verwacht = volgende_actie(
        stand_,
        traject.pilot if traject else wereld.pilot,
        feestdagen_voor(aanmelding.gemeente_id),
        timezone.localdate(),
    )
    assert verwacht.tekst
    datum = f"{verwacht.uiterlijk:%d-%m-%Y}" if verwacht.uiterlijk else ""
    assert gezien and set(gezien.values()) == {(verwacht.tekst, datum)}, gezien


def test_a_planned_gesprek_without_recorded_contact_is_not_a_late_first_contact(wereld):
    # The reported case: the inbox said "gesprek gepland", the caseload "eerste contact, te laat".
    stand = Stand(
        aangemeld_op=dt(2025, 3, 3), fase=Fase.GESPREK, gesprek_gepland_op=dt(2025, 3, 20)
    )
    actie = volgende_actie(stand, PILOT, frozenset(), date(2025, 3, 17))
    assert actie.soort == "gesprek" and not actie.te_laat
    assert actie.uiterlijk == date(2025, 3, 24)  # 15 working days after 03-03-2025


dagen = st.dates(min_value=date(2024, 1, 1), max_value=date(2026, 12, 31))


@settings(max_examples=200, deadline=None)
@given(
    aangemeld=dagen,
    vandaag=dagen,
    vrij=st.frozensets(dagen, max_size=8),
    contact=st.booleans(),
    gepland=st.booleans(),
)
def test_the_deadline_counts_working_days_and_marks_overdue_after_it(
    aangemeld, vandaag, vrij, contact, gepland
):
    moment = timezone.make_aware(timezone.datetime.combine(aangemeld, timezone.datetime.min.time()))
    stand = Stand(
        aangemeld_op=moment + timedelta(hours=12),
        eerste_contact_op=moment if contact else None,
        fase=Fase.GESPREK,
        gesprek_gepland_op=moment if gepland else None,
    )
    actie = volgende_actie(stand, PILOT, vrij, vandaag)
    termijn = 5 if not (contact or gepland) else 15
    assert actie.uiterlijk == plus_werkdagen(aangemeld, termijn, vrij)
    assert actie.te_laat == (vandaag > actie.uiterlijk)
    assert ("Te laat" in actie.signalen) == actie.te_laat
    assert (actie.werkdagen_over < 0) <= actie.te_laat


def _zet_stap(wereld, traject, keuze, basis: date):
    """Put ``traject`` in one of the deadline-bearing states, with dates around ``basis``."""
    soort, verschuiving = keuze
    moment = timezone.make_aware(timezone.datetime.combine(basis, timezone.datetime.min.time()))
    moment += timedelta(days=verschuiving, hours=12)
    Aanmelding.objects.filter(pk=traject.aanmelding_id).update(aangemeld_op=moment)
    if soort == "gepland":
        Traject.objects.filter(pk=traject.pk).update(gesprek_gepland_op=moment)
    elif soort == "orientatie":
        Traject.objects.filter(pk=traject.pk).update(
            fase=Fase.ORIENTATIE, fase_sinds=moment, gesprek_gehouden_op=moment
        )


@pytest.mark.django_db
@settings(
    max_examples=12,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    keuzes=st.lists(
        st.tuples(
            st.sampled_from(["eerste_contact", "gepland", "orientatie"]),
            st.integers(min_value=-120, max_value=10),
        ),
        min_size=2,
        max_size=6,
    ),
    vrij=st.lists(st.integers(min_value=-120, max_value=20), max_size=4),
)
def test_the_caseload_sorts_overdue_first_then_by_deadline_in_the_database(
    wereld, klok, keuzes, vrij
):
    vandaag = date(2025, 6, 18)
    klok(vandaag)
    with transaction.atomic():
        for n in set(vrij):
            Feestdag.objects.create(datum=vandaag + timedelta(days=n), naam="Vrij")
        for keuze in keuzes:
            _zet_stap(wereld, maak_traject(wereld), keuze, vandaag)
        qs = met_uiterlijk(caseload(wereld.werkcoach).filter(werkcoach=wereld.werkcoach), vandaag)
        rijen = verrijk(qs, wereld.werkcoach, vandaag)
        sleutels = [(not t.actie.te_laat, t.actie.uiterlijk or date.max) for t in rijen]
        assert sleutels == sorted(sleutels)
        transaction.set_rollback(True)


@pytest.mark.django_db
def test_the_sql_order_knows_weekends_holidays_and_nazorg_dates(wereld, klok):
    vandaag = date(2025, 6, 16)  # a Monday
    klok(vandaag)
    nazorg = traject_op_stap(wereld, Fase.NAZORG, nazorg_start=vandaag)
    # The next nazorg contact was on Saturday: overdue, before a first contact due Friday.
    eerste = Nazorgcontact.objects.filter(plan__traject=nazorg).order_by("gepland_op").first()
    Nazorgcontact.objects.filter(pk=eerste.pk).update(gepland_op=date(2025, 6, 14))
    nieuw = maak_traject(wereld, op=dt(2025, 6, 13))  # due Friday 20-06
    overdracht = traject_op_stap(wereld, Fase.OVERDRACHT)
    Overdracht.objects.filter(traject=overdracht).update(overgedragen_op=dt(2025, 6, 16))
    Feestdag.objects.create(datum=date(2025, 6, 19), naam="Vrij")  # the handover: due 24-06
    qs = met_uiterlijk(caseload(wereld.werkcoach).filter(werkcoach=wereld.werkcoach), vandaag)
    volgorde = [t.pk for t in qs]
    assert volgorde.index(nazorg.pk) < volgorde.index(nieuw.pk) < volgorde.index(overdracht.pk)
    rijen = {t.pk: t.actie for t in verrijk(qs, wereld.werkcoach, vandaag)}
    assert rijen[nazorg.pk].te_laat and not rijen[nieuw.pk].te_laat
    assert rijen[overdracht.pk].uiterlijk == date(2025, 6, 24)

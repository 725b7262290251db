"""Caseload, dossier and catalogue take a fixed number of queries: the same with 10 or 500
residents (or instruments, or contactmomenten in one dossier)."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from cases.models import Aanmelding, Inwoner
from tests.conftest import maak_traject, traject_op_stap
from trajecten.models import (
    Aanbieder,
    Contactmoment,
    Fase,
    Faseovergang,
    Instrument,
    Inzet,
    Nazorgcontact,
    Overdracht,
    Route,
    Traject,
)
from trajecten.services import catalogus_laden
from trajecten.views._lijst import PER_PAGINA

OPEN = [Fase.GESPREK, Fase.ORIENTATIE, Fase.VERVOLGTRAJECT, Fase.OVERDRACHT, Fase.NAZORG]


def maak_veel_trajecten(wereld, aantal: int) -> list[Traject]:
    """``aantal`` open trajecten in Noordoostpolder with bulk_create (services would take
    minutes for 500; the rows satisfy the same constraints)."""
    nu = timezone.now()
    inwoners = Inwoner.objects.bulk_create(
        Inwoner(
            gemeente=wereld.nop,
            voornaam=f"Bulk{n}",
            achternaam=f"Inwoner{n:04d}",
            woonplaats=["Emmeloord", "Ens", "Bant"][n % 3],
            doelgroep=["jongere", "oudere", "partner"][n % 3],
        )
        for n in range(aantal)
    )
    aanmeldingen = Aanmelding.objects.bulk_create(
        Aanmelding(
            gemeente=wereld.nop,
            gebiedsteam=wereld.team_a if n % 2 else wereld.team_b,
            inwoner=inwoner,
            aangemeld_door=wereld.sociaal_werker,
            aangemeld_op=nu - timedelta(days=60),
            signaal="Bulk.",
            toestemming_gegeven=True,
            toestemming_datum=(nu - timedelta(days=60)).date(),
            toestemming_wijze="mondeling",
            status=Aanmelding.Status.GEACCEPTEERD,
            behandeld_door=wereld.werkcoach,
            behandeld_op=nu - timedelta(days=59),
        )
        for n, inwoner in enumerate(inwoners)
    )
    trajecten = Traject.objects.bulk_create(
        Traject(
            pilot=wereld.pilot,
            inwoner=a.inwoner,
            aanmelding=a,
            werkcoach=wereld.werkcoach,
            fase=OPEN[n % len(OPEN)],
            fase_sinds=nu - timedelta(days=n % 40),
            gestart_op=nu - timedelta(days=59),
        )
        for n, a in enumerate(aanmeldingen)
    )
    Faseovergang.objects.bulk_create(
        Faseovergang(traject=t, naar_fase=t.fase, op=t.fase_sinds, door=wereld.werkcoach)
        for t in trajecten
    )
    return trajecten


@pytest.mark.parametrize("aantal", [10, 500])
def test_caseload_query_count_does_not_grow(wereld, client, django_assert_num_queries, aantal):
    maak_veel_trajecten(wereld, aantal)
    client.force_login(wereld.werkcoach)
    url = reverse("trajecten:caseload") + "?wie=alle&sorteer=naam&dorp=Ens"
    # 1 session, 2 user, 3 user's roles (groups), 4 user's gemeenten (access + filter),
    # 5 dorpen of the gemeenten (filter choices), 6 count for the paginator, 7 feestdagen,
    # 8 the page of trajecten with inwoner, aanmelding, gebiedsteam, pilot and the annotated
    # next-action subqueries, 9 processing log insert, 10 gebiedsteam choices (rendered),
    # 11-13 savepoint, session save, release (the session is saved on every request).
    with django_assert_num_queries(13):
        antwoord = client.get(url)
    assert antwoord.status_code == 200
    assert antwoord.context["pagina"].paginator.count == len(
        [n for n in range(aantal) if n % 3 == 1]
    )


@pytest.mark.parametrize("aantal", [0, 40])
def test_a_searched_caseload_costs_the_same_with_no_match_and_many(
    wereld, client, django_assert_num_queries, aantal
):
    maak_veel_trajecten(wereld, aantal)
    client.force_login(wereld.werkcoach)
    # As the caseload above: with no match the (empty) page is still read, so a search
    # costs the same whether it finds nothing or more than a page.
    with django_assert_num_queries(13):
        antwoord = client.get(reverse("trajecten:caseload"), {"wie": "alle", "zoek": "Bulk"})
    assert antwoord.context["pagina"].paginator.count == aantal
    assert len(antwoord.context["rijen"]) == min(aantal, PER_PAGINA)


def _dossier_met_veel(wereld, aantal: int) -> Traject:
    catalogus_laden()
    maak_veel_trajecten(wereld, aantal)
    traject = maak_traject(wereld, op=timezone.now() - timedelta(days=30))
    instrument = Instrument.objects.first()
    Contactmoment.objects.bulk_create(
        Contactmoment(
            traject=traject,
            datum=timezone.now() - timedelta(hours=n),
            soort="telefoon",
            verslag=f"Contact {n}",
            vastgelegd_door=wereld.werkcoach,
        )
        for n in range(aantal)
    )
    Inzet.objects.bulk_create(
        Inzet(
            traject=traject,
            instrument=instrument,
            kosten_gepland=Decimal("10.00"),
            vastgelegd_door=wereld.werkcoach,
        )
        for _ in range(aantal // 10)
    )
    return traject


@pytest.mark.parametrize("aantal", [10, 500])
def test_dossier_query_count_does_not_grow(wereld, client, django_assert_num_queries, aantal):
    traject = _dossier_met_veel(wereld, aantal)
    client.force_login(wereld.werkcoach)
    url = reverse("trajecten:dossier", kwargs={"pk": traject.pk})
    # 1 session, 2 user, 3 roles, 4 gemeenten (access), 5 the traject with inwoner, aanmelding,
    # referrer, gebiedsteam, pilot, werkcoach, vervolgtraject, nazorgplan and the annotated
    # subqueries, 6 contactmomenten, 7 step moves, 8 inzetten with instrument and aanbieder,
    # 9 overdrachten, 10 metingen, 11 processing log insert, 12 feestdagen, 13 instrument
    # choices of the inzet form, 14 "wie heeft dit dossier bekeken" (the log grouped per person
    # and day, latest 25), 15 the roles of those people, 16-18 savepoint, session save, release.
    with django_assert_num_queries(18):
        antwoord = client.get(url)
    assert antwoord.status_code == 200
    # The contactmomenten, the step move into gesprek, and each instrument as planned.
    assert len(antwoord.context["tijdlijn"]) == aantal + 1 + aantal // 10


def _dossier_in_nazorg(wereld, aantal: int) -> Traject:
    """A traject in nazorg with ``aantal`` of each kind of timeline entry: instruments started
    and ended, handovers confirmed, nazorg contacts held and not held."""
    catalogus_laden()
    wereld.roc.gemeenten.add(wereld.nop)
    nu = timezone.now()
    traject = traject_op_stap(
        wereld,
        Fase.NAZORG,
        op=nu - timedelta(days=aantal + 60),
        bevestigd_op=nu - timedelta(days=aantal + 50),
        naar_persoon=wereld.partner,
        route=Route.OPLEIDING,
    )
    vandaag = timezone.localdate()
    Inzet.objects.bulk_create(
        Inzet(
            traject=traject,
            instrument=Instrument.objects.first(),
            status=Inzet.Status.AFGEROND,
            startdatum=vandaag - timedelta(days=n + 10),
            einddatum=vandaag - timedelta(days=n),
            vastgelegd_door=wereld.werkcoach,
        )
        for n in range(aantal)
    )
    Overdracht.objects.bulk_create(
        Overdracht(
            traject=traject,
            naar_organisatie=wereld.roc,
            naar_persoon=wereld.partner,
            overgedragen_op=nu - timedelta(days=n + 2),
            bevestigd_op=nu - timedelta(days=n + 1),
            bevestigd_door=wereld.partner,
            vastgelegd_door=wereld.werkcoach,
        )
        for n in range(aantal)
    )
    plan = traject.nazorgplan
    plan.contacten.all().delete()
    contacten = Nazorgcontact.objects.bulk_create(
        Nazorgcontact(plan=plan, gepland_op=vandaag - timedelta(days=2 * n - aantal))
        for n in range(aantal)
    )
    Contactmoment.objects.bulk_create(
        Contactmoment(
            traject=traject,
            datum=nu - timedelta(days=2 * n - aantal, hours=1),
            soort="nazorg",
            verslag=f"Nazorg {n}",
            vastgelegd_door=wereld.werkcoach,
            nazorgcontact=c,
        )
        for n, c in enumerate(contacten)
        if n % 2 and c.gepland_op < vandaag
    )
    return traject


@pytest.mark.parametrize("aantal", [4, 60])
def test_a_dossier_in_nazorg_shows_its_whole_timeline_in_a_fixed_number_of_queries(
    wereld, client, django_assert_num_queries, aantal
):
    traject = _dossier_in_nazorg(wereld, aantal)
    client.force_login(wereld.werkcoach)
    url = reverse("trajecten:dossier", kwargs={"pk": traject.pk})
    # As the dossier above, with the nazorg step's own: 1 session, 2 user, 3 roles,
    # 4 gemeenten, 5 the traject with everything one-to-one (nazorgplan included),
    # 6 contactmomenten, 7 step moves, 8 inzetten with instrument, aanbieder and who recorded,
    # 9 overdrachten with receiver, confirmer and who recorded, 10 metingen, 11 processing log
    # insert, 12 feestdagen, 13 the nazorg contacts with their contactmoment, 14 the open
    # nazorg contacts for the contactmoment form, 15 instrument choices of the inzet form,
    # 16 "wie heeft dit dossier bekeken" (grouped), 17 their roles, 18-20 savepoint, session
    # save, release.
    with django_assert_num_queries(20):
        antwoord = client.get(url)
    assert antwoord.status_code == 200
    soorten = [r["soort"] for r in antwoord.context["tijdlijn"]]
    # Each instrument planned, started and ended; each handover and its confirmation (one
    # more of each from the step); each nazorg contact held, overdue or the next one.
    assert soorten.count("inzet") == 3 * aantal
    assert soorten.count("overdracht") == soorten.count("bevestiging") == aantal + 1
    # (contact n is planned 2n - aantal days ago; the odd ones in the past were held)
    overdue = [n for n in range(aantal) if 2 * n - aantal > 0 and n % 2 == 0]
    assert soorten.count("nazorg") == len(overdue) + 1
    html = antwoord.content.decode()
    assert "Instrument afgerond: " in html and "Overdracht bevestigd" in html
    assert "Nazorgcontact gehouden" in html and "Volgend nazorgcontact gepland" in html
    opvolging = [r["op"] for r in antwoord.context["tijdlijn"]]
    assert opvolging == sorted(opvolging, reverse=True)


@pytest.mark.parametrize("aantal", [10, 500])
def test_catalogue_query_count_does_not_grow(wereld, client, django_assert_num_queries, aantal):
    aanbieder = Aanbieder.objects.create(naam="Bulk aanbieder")
    Instrument.objects.bulk_create(
        Instrument(
            naam=f"Instrument {n:04d}",
            aanbieder=aanbieder,
            categorie="extern",
            omschrijving="Bulk.",
            geschikt_voor="Jongeren",
        )
        for n in range(aantal)
    )
    client.force_login(wereld.werkcoach)
    url = reverse("trajecten:instrumenten") + "?voor_wie=jong"
    # 1 session, 2 user, 3 roles, 4 gemeenten (scope), 5 count for the paginator,
    # 6 aanbieder choices of the filter, 7 the page of instruments with aanbieder,
    # 8-10 savepoint, session save, release.
    with django_assert_num_queries(10):
        antwoord = client.get(url)
    assert antwoord.status_code == 200
    assert antwoord.context["pagina"].paginator.count == aantal


@pytest.mark.parametrize("aantal", [3, 60])
def test_handover_list_query_count_does_not_grow_and_open_ones_come_first(
    wereld, client, django_assert_num_queries, aantal
):
    traject = maak_traject(wereld)
    nu = timezone.now()
    Overdracht.objects.bulk_create(
        Overdracht(
            traject=traject,
            naar_organisatie=wereld.roc,
            overgedragen_op=nu - timedelta(days=n),
            bevestigd_op=None if n % 3 == 0 else nu - timedelta(days=n) + timedelta(hours=1),
            vastgelegd_door=wereld.werkcoach,
        )
        for n in range(aantal)
    )
    client.force_login(wereld.werkcoach)
    # 1 session, 2 user, 3 roles, 4 gemeenten (scope), 5 count for the paginator, 6 the page
    # with traject, inwoner, pilot, werkcoach, organisatie and persons, 7 feestdagen,
    # 8 processing log insert, 9-11 savepoint, session save, release.
    with django_assert_num_queries(11):
        antwoord = client.get(reverse("trajecten:overdrachten"))
    assert antwoord.status_code == 200
    rijen = antwoord.context["rijen"]
    assert len(rijen) == min(aantal, PER_PAGINA)
    open_eerst = [o.bevestigd_op is None for o in rijen]
    assert open_eerst == sorted(open_eerst, reverse=True)
    openstaand = [o.overgedragen_op for o in rijen if o.bevestigd_op is None]
    assert openstaand == sorted(openstaand, reverse=True)

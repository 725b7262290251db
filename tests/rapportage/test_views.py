"""Dashboard, archive, downloads and budget pages: what they show, who may do what, and query
counts that do not grow with the data."""

import re
import uuid
from datetime import datetime, timedelta

import pytest
from django.urls import reverse

from rapportage.kpi import Periode, kpis
from rapportage.models import Rapport, Uitgave
from rapportage.services import begroting_vullen, rapport_aanvragen
from tests.conftest import dt, traject_op_stap
from trajecten.models import Fase
from werkcoach.audit import Actie, Doel
from werkcoach.models import Logregel, Rol
from werkcoach.services import gebruiker_create

pytestmark = pytest.mark.django_db


def meer_data(wereld, n=6):
    for dag in range(1, n + 1):
        traject_op_stap(
            wereld,
            Fase.ORIENTATIE,
            op=dt(2024, 3, dag),
            team=wereld.team_b if dag % 2 else None,
            momenten={Fase.GESPREK: dt(2024, 3, 10), Fase.ORIENTATIE: dt(2024, 3, 11)},
        )


JAN = Periode.maand(2024, 1)


def klaar_rapport(wereld, periode=JAN, soort=Rapport.Soort.MAANDRAPPORTAGE):
    from rapportage.services import rapport_genereren

    rapport, _ = rapport_aanvragen(pilot=wereld.pilot, soort=soort, periode=periode, door=None)
    return rapport_genereren(rapport_pk=rapport.pk)


def test_dashboard_shows_the_kpi_module_figures_with_data_tables(ingelogd, wereld, geschiedenis):
    client = ingelogd(wereld.manager)
    r = client.get(reverse("rapportage:dashboard"), {"jaar": 2024})
    assert r.status_code == 200
    html = r.content.decode()
    k = kpis(wereld.pilot, Periode.jaar(2024))
    assert r.context["k"].trechter == k.trechter
    assert r.context["k"].conversie == k.conversie
    assert '<svg xmlns="http://www.w3.org/2000/svg"' in html
    assert html.count("<caption") >= 8  # each chart has its table
    assert "style=" not in html  # CSP: no inline styles
    assert "Hoe zijn deze cijfers berekend?" in html
    team = client.get(
        reverse("rapportage:dashboard"), {"jaar": 2024, "gebiedsteam": wereld.team_b.pk}
    )
    assert team.context["k"].aanmeldingen == 2


def test_dashboard_query_count_does_not_grow_with_the_data(
    ingelogd, wereld, geschiedenis, django_assert_num_queries
):
    client = ingelogd(wereld.manager)
    begroting_vullen(pilot=wereld.pilot)
    url = reverse("rapportage:dashboard") + "?jaar=2024&gebiedsteam=" + str(wereld.team_a.pk)
    client.get(url)  # the closed months are computed once and stored
    # session, user, the user's roles, gemeenten (pilots), pilots, gebiedsteam of the filter,
    # the KPI engine's 3 for a closed year (feestdagen, the stored months, year targets),
    # budget lines, expenses, instrument costs, against the grant (budget per year, expenses,
    # instrument costs since the start), the filter's team list, and saving the session
    # (savepoint, update, release); the menu uses the cached roles
    with django_assert_num_queries(19):
        assert client.get(url).status_code == 200
    meer_data(wereld)
    client.get(url)  # the months the new (backdated) data touches, again
    with django_assert_num_queries(19):
        assert client.get(url).status_code == 200


def test_archive_and_status_query_counts_do_not_grow(ingelogd, wereld, django_assert_num_queries):
    client = ingelogd(wereld.projectleider)
    eerste = klaar_rapport(wereld)
    # session, user, roles, gemeenten, pilots, reports with pilot and requester, saving the
    # session (savepoint, update, release)
    with django_assert_num_queries(9):
        client.get(reverse("rapportage:rapporten"))
    klaar_rapport(wereld, Periode.maand(2024, 2))
    klaar_rapport(wereld, Periode.jaar(2024), Rapport.Soort.VERANTWOORDING)
    with django_assert_num_queries(9):
        r = client.get(reverse("rapportage:rapporten"))
    assert r.content.decode().count("Excel<span") == 3
    # session, user, roles, gemeenten, the report, saving the session (3)
    with django_assert_num_queries(8):
        client.get(reverse("rapportage:rapport_status", args=[eerste.pk]))


def test_begroting_page_query_count_does_not_grow(ingelogd, wereld, django_assert_num_queries):
    client = ingelogd(wereld.projectleider)
    begroting_vullen(pilot=wereld.pilot)
    url = reverse("rapportage:begroting") + "?jaar=2024"
    # session, user, roles, gemeenten, pilots, budget lines, expenses per post, instrument
    # costs, against the grant (budget per year, expenses, instrument costs since the start),
    # years with a budget, history with post and user, expenses with user, saving the session
    # (savepoint, update, release)
    with django_assert_num_queries(17):
        client.get(url)
    for i in range(5):
        client.post(
            reverse("rapportage:uitgave_nieuw"),
            {
                "pilot": wereld.pilot.pk,
                "jaar": 2024,
                "datum": f"0{i + 1}-03-2024",
                "post": "overige",
                "omschrijving": f"Zaalhuur {i}",
                "bedrag": "12,50",
                "indieningssleutel": str(uuid.uuid4()),
            },
        )
    with django_assert_num_queries(17):
        r = client.get(url)
    assert "€\xa062,50" in r.content.decode()


def test_requesting_a_monthly_report_twice_gives_one(
    ingelogd, wereld, django_capture_on_commit_callbacks
):
    client = ingelogd(wereld.projectleider)
    data = {
        "pilot": wereld.pilot.pk,
        "jaar": 2024,
        "maand": 1,
        "toelichting": "Goede maand.",
        "aanvraagsleutel": str(uuid.uuid4()),
    }
    with django_capture_on_commit_callbacks(execute=True):
        r1 = client.post(reverse("rapportage:maandrapportage_aanvragen"), data)
        r2 = client.post(reverse("rapportage:maandrapportage_aanvragen"), data, follow=True)
    assert r1.status_code == 302
    assert "al ontvangen" in r2.content.decode()
    rapport = Rapport.objects.get()
    assert (rapport.status, rapport.toelichting, rapport.aangevraagd_door) == (
        "klaar",
        "Goede maand.",
        wereld.projectleider,
    )


@pytest.mark.parametrize(
    "nu",
    [
        datetime(2026, 6, 15, 12),
        datetime(2026, 11, 30, 23, 30),
        # In December next month lies in a year the form does not offer yet.
        datetime(2026, 12, 31, 23, 30),
        datetime(2027, 1, 1, 0, 15),
    ],
    ids=str,
)
def test_a_month_in_the_future_gives_an_error_on_the_field(ingelogd, wereld, klok, nu):
    klok(nu)
    client = ingelogd(wereld.projectleider)
    volgende = (nu.date().replace(day=1) + timedelta(days=32)).replace(day=1)
    r = client.post(
        reverse("rapportage:maandrapportage_aanvragen"),
        {"pilot": wereld.pilot.pk, "jaar": volgende.year, "maand": volgende.month},
    )
    assert r.status_code == 400
    fouten = r.context["maand_form"].errors
    if volgende.year == nu.year:
        assert "Deze maand is nog niet begonnen." in r.content.decode()
        assert fouten["maand"]
    else:
        assert fouten["jaar"] and "maand" not in fouten
    assert not Rapport.objects.exists()


def test_the_current_month_can_be_requested_on_its_first_day(ingelogd, wereld, klok):
    klok(datetime(2027, 1, 1, 0, 15))
    client = ingelogd(wereld.projectleider)
    r = client.post(
        reverse("rapportage:maandrapportage_aanvragen"),
        {"pilot": wereld.pilot.pk, "jaar": 2027, "maand": 1},
    )
    assert r.status_code == 302
    assert Rapport.objects.get().periode_start.isoformat() == "2027-01-01"


def test_progress_bar_while_generating_and_retry_after_failure(ingelogd, wereld):
    client = ingelogd(wereld.projectleider)
    rapport, _ = rapport_aanvragen(
        pilot=wereld.pilot,
        soort=Rapport.Soort.MAANDRAPPORTAGE,
        periode=Periode.maand(2024, 1),
        door=wereld.projectleider,
    )
    Rapport.objects.filter(pk=rapport.pk).update(status="bezig", voortgang=40)
    html = client.get(reverse("rapportage:rapport_status", args=[rapport.pk])).content.decode()
    assert re.search(r'<progress[^>]*value="40"', html)
    assert 'hx-trigger="every 2s"' in html
    Rapport.objects.filter(pk=rapport.pk).update(status="mislukt", foutmelding="Schijf vol.")
    html = client.get(reverse("rapportage:rapport_status", args=[rapport.pk])).content.decode()
    assert "Schijf vol." in html and "Opnieuw proberen" in html
    assert "hx-trigger" not in html
    r = client.post(
        reverse("rapportage:rapport_opnieuw", args=[rapport.pk]), HTTP_HX_REQUEST="true"
    )
    assert r.status_code == 200
    rapport.refresh_from_db()
    assert rapport.status == "wachtrij"
    manager = ingelogd(wereld.manager)
    Rapport.objects.filter(pk=rapport.pk).update(status="mislukt")
    html = manager.get(reverse("rapportage:rapport_status", args=[rapport.pk])).content.decode()
    assert "Opnieuw proberen" not in html


def test_download_checks_access_and_is_logged(ingelogd, wereld):
    rapport = klaar_rapport(wereld)
    client = ingelogd(wereld.manager)
    r = client.get(reverse("rapportage:rapport_download", args=[rapport.pk, "pdf"]))
    assert r.status_code == 200
    assert r["Content-Type"] == "application/pdf"
    assert 'filename="maandrapportage-2024-01.pdf"' in r["Content-Disposition"]
    assert r.content.startswith(b"%PDF")
    log = Logregel.objects.get(actie=Actie.DOWNLOADEN)
    assert (log.doel, log.actor, log.object_id) == (
        Doel.VERANTWOORDING,
        wereld.manager,
        str(rapport.pk),
    )
    pl_urk = gebruiker_create(
        username="plurk",
        password="x-lang-genoeg-wachtwoord",
        first_name="Pl",
        last_name="Urk",
        email="plurk@example.org",
        organisatie=wereld.werkcorporatie,
        rollen=[Rol.PROJECTLEIDER],
        gemeenten=[wereld.urk],
    )
    ander = ingelogd(pl_urk)
    assert (
        ander.get(reverse("rapportage:rapport_download", args=[rapport.pk, "pdf"])).status_code
        == 404
    )
    assert ander.get(reverse("rapportage:rapport_status", args=[rapport.pk])).status_code == 404
    assert Logregel.objects.filter(actie=Actie.DOWNLOADEN).count() == 1
    assert (
        client.get(reverse("rapportage:rapport_download", args=[rapport.pk, "exe"])).status_code
        == 404
    )


def test_budget_change_and_expense_with_errors_on_their_fields(ingelogd, wereld):
    client = ingelogd(wereld.projectleider)
    r = client.post(
        reverse("rapportage:begroting_wijzigen"),
        {
            "pilot": wereld.pilot.pk,
            "jaar": 2025,
            "post": "trainingen",
            "bedrag": "12.500,00",
            "toelichting": "Jaarplan 2025",
        },
    )
    assert r.status_code == 302
    r = client.get(reverse("rapportage:begroting"), {"jaar": 2025})
    assert "€\xa012.500,00" in r.content.decode()
    assert "Jaarplan 2025" in r.content.decode()
    sleutel = str(uuid.uuid4())
    fout = client.post(
        reverse("rapportage:uitgave_nieuw"),
        {
            "pilot": wereld.pilot.pk,
            "jaar": 2025,
            "datum": "31-02-2025",
            "post": "overige",
            "omschrijving": " ",
            "bedrag": "-5",
            "indieningssleutel": sleutel,
        },
    )
    assert fout.status_code == 400
    form = fout.context["uitgave_form"]
    assert set(form.errors) == {"datum", "omschrijving", "bedrag"}
    goed = {
        "pilot": wereld.pilot.pk,
        "jaar": 2025,
        "datum": "03-03-2025",
        "post": "overige",
        "omschrijving": "Zaal",
        "bedrag": "80,00",
        "indieningssleutel": sleutel,
    }
    client.post(reverse("rapportage:uitgave_nieuw"), goed)
    client.post(reverse("rapportage:uitgave_nieuw"), goed)
    assert Uitgave.objects.count() == 1
    manager = ingelogd(wereld.manager)
    assert manager.post(reverse("rapportage:uitgave_nieuw"), goed).status_code == 403
    page = manager.get(reverse("rapportage:begroting"), {"jaar": 2025}).content.decode()
    assert "Uitgave vastleggen" not in page


def test_projectleider_makes_a_new_version_from_the_archive_once(
    ingelogd, wereld, django_capture_on_commit_callbacks
):
    rapport = klaar_rapport(wereld)
    client = ingelogd(wereld.projectleider)
    html = client.get(reverse("rapportage:rapporten")).content.decode()
    sleutel = re.search(r'name="aanvraagsleutel" value="([0-9a-f-]{36})"', html).group(1)
    data = {"toelichting": "Twee werkgevers sloten aan.", "aanvraagsleutel": sleutel}
    url = reverse("rapportage:rapport_nieuwe_versie", args=[rapport.pk])
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, data)
        client.post(url, data)
    versies = list(
        Rapport.objects.order_by("versie").values_list("versie", "status", "toelichting")
    )
    assert versies == [(1, "klaar", ""), (2, "klaar", "Twee werkgevers sloten aan.")]
    leeg = client.post(url, {"toelichting": " ", "aanvraagsleutel": str(uuid.uuid4())}, follow=True)
    assert "Schrijf de hoogtepunten" in leeg.content.decode()
    assert Rapport.objects.count() == 2

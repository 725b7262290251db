"""The processing log: what writes a record, that it cannot be changed, and who can search it."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import Group
from django.db import DatabaseError, connection, transaction
from django.urls import reverse
from django.utils import timezone

from privacy.views import PER_PAGINA
from tests.conftest import WACHTWOORD, maak_traject, services_vereist
from werkcoach.audit import Actie, Doel, audit_log, audit_log_many
from werkcoach.models import Logregel, Rol
from werkcoach.selectors import mag_wie_keek_zien, wie_keek


def test_login_failed_login_and_logout_are_logged_with_origin(client, wereld):
    client.post(
        reverse("login"),
        {"username": "wc", "password": "fout-wachtwoord"},
        HTTP_USER_AGENT="Testbrowser/1.0",
    )
    client.post(reverse("login"), {"username": "wc", "password": WACHTWOORD})
    client.post(reverse("logout"))
    regels = list(Logregel.objects.order_by("pk").filter(doel=Doel.BEVEILIGING))
    assert [r.actie for r in regels] == [Actie.INLOGGEN_MISLUKT, Actie.INLOGGEN, Actie.UITLOGGEN]
    mislukt = regels[0]
    assert mislukt.resultaat == "geweigerd"
    assert mislukt.ip_adres == "127.0.0.1" and mislukt.user_agent == "Testbrowser/1.0"
    assert "'wc'" in mislukt.omschrijving
    assert regels[1].actor == wereld.werkcoach and regels[2].actor == wereld.werkcoach
    # No secret in the log.
    assert not Logregel.objects.filter(omschrijving__contains="fout-wachtwoord").exists()
    assert not Logregel.objects.filter(omschrijving__contains=WACHTWOORD).exists()


def test_changes_of_roles_and_scope_are_logged_with_the_admin_as_actor(client, wereld):
    client.force_login(wereld.beheerder)
    voor = Logregel.objects.filter(actie=Actie.RECHTEN).count()
    gebruiker = wereld.sociaal_werker
    url = reverse("admin:werkcoach_gebruiker_change", args=[gebruiker.pk])
    response = client.post(
        url,
        {
            "username": gebruiker.username,
            "first_name": gebruiker.first_name,
            "last_name": gebruiker.last_name,
            "email": gebruiker.email,
            "is_active": "on",
            "groups": [Group.objects.get(name=Rol.WERKCOACH).pk],
            "gemeenten": [wereld.nop.pk],
            "gebiedsteams": [wereld.team_a.pk],
            "organisatie": wereld.carrefour.pk,
            "date_joined_0": "01-01-2024",
            "date_joined_1": "10:00:00",
            "telefoon": "",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    rechten = Logregel.objects.filter(actie=Actie.RECHTEN).order_by("pk")[voor:]
    omschrijvingen = [r.omschrijving for r in rechten]
    assert any(o.startswith("rollen toegevoegd") for o in omschrijvingen)
    assert any(o.startswith("rollen verwijderd") or "gewist" in o for o in omschrijvingen)
    assert all(r.actor == wereld.beheerder for r in rechten)
    assert all(r.object_id == str(gebruiker.pk) for r in rechten)
    wijziging = Logregel.objects.filter(actie=Actie.WIJZIGEN, doel=Doel.BEHEER).get()
    assert "groups" in wijziging.omschrijving and wijziging.actor == wereld.beheerder


def test_the_application_cannot_change_or_delete_a_log_record(db):
    regel = audit_log(actie=Actie.BEKIJKEN, doel=Doel.BEGELEIDING, inwoner_id=1)
    regel.omschrijving = "anders"
    with pytest.raises(PermissionError):
        regel.save()
    with pytest.raises(PermissionError):
        regel.delete()
    with pytest.raises(PermissionError):
        Logregel.objects.filter(pk=regel.pk).update(omschrijving="anders")
    with pytest.raises(PermissionError):
        Logregel.objects.all().delete()


@pytest.mark.django_db(transaction=True)
def test_the_database_refuses_update_delete_and_truncate_of_log_rows():
    """On PostgreSQL a trigger guards the log. In CI (services required) this test must run on
    PostgreSQL: it fails instead of skipping."""
    if connection.vendor != "postgresql":
        if services_vereist():
            pytest.fail("The append-only trigger must be tested on PostgreSQL in CI.")
        pytest.skip("Needs PostgreSQL (set DATABASE_URL); the trigger exists only there.")
    regel = audit_log(actie=Actie.BEKIJKEN, doel=Doel.BEGELEIDING, inwoner_id=7)
    tabel = Logregel._meta.db_table
    for sql in (
        f"UPDATE {tabel} SET omschrijving = 'vervalst' WHERE id = %s",  # noqa: S608
        f"UPDATE {tabel} SET gemeente_id = NULL WHERE id = %s",  # noqa: S608
        f"DELETE FROM {tabel} WHERE id = %s",  # noqa: S608
    ):
        with (
            pytest.raises(DatabaseError, match="alleen-toevoegen"),
            transaction.atomic(),
            connection.cursor() as cursor,
        ):
            cursor.execute(sql, [regel.pk])
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT tgname, tgenabled FROM pg_trigger"
            " WHERE tgrelid = %s::regclass AND NOT tgisinternal",
            [tabel],
        )
        triggers = dict(cursor.fetchall())
    # Both on ('O': fires for every origin), also after the migration that filled the gemeente.
    assert triggers == {
        "werkcoach_logregel_geen_wijziging": "O",
        "werkcoach_logregel_geen_truncate": "O",
    }
    assert Logregel.objects.filter(pk=regel.pk, omschrijving="").exists()


@pytest.mark.django_db(transaction=True)
def test_the_fill_of_the_gemeente_reaches_old_rows_and_leaves_the_log_guarded(wereld):
    """The data migration fills the gemeente of rows written before it, from their resident;
    rows without one stay empty, and on PostgreSQL the trigger refuses changes again after."""
    import importlib

    from django.apps import apps
    from django.db.migrations.executor import MigrationExecutor

    inwoner = maak_traject(wereld, team=wereld.team_urk).inwoner
    tabel = Logregel._meta.db_table
    with connection.cursor() as cursor:  # rows as they were before the migration: no gemeente
        for inwoner_id in (inwoner.pk, None):
            cursor.execute(
                f"INSERT INTO {tabel} (tijdstip, actie, doel, resultaat, actor_naam, object_type,"  # noqa: S608
                " object_id, inwoner_id, user_agent, omschrijving)"
                " VALUES (%s, 'bekijken', 'begeleiding', 'gelukt', '', '', '', %s, '', 'oud')",
                [timezone.now(), inwoner_id],
            )
    migratie = importlib.import_module("cases.migrations.0006_logregel_gemeente_vullen")
    with connection.schema_editor(atomic=False) as schema_editor:
        migratie.vullen(MigrationExecutor(connection).loader.project_state().apps, schema_editor)
    oud = dict(Logregel.objects.filter(omschrijving="oud").values_list("inwoner_id", "gemeente_id"))
    assert oud == {inwoner.pk: wereld.urk.pk, None: None}
    assert apps.get_model("werkcoach", "Logregel") is Logregel
    if connection.vendor == "postgresql":
        regel = Logregel.objects.filter(omschrijving="oud").first()
        with (
            pytest.raises(DatabaseError, match="alleen-toevoegen"),
            transaction.atomic(),
            connection.cursor() as cursor,
        ):
            cursor.execute(f"UPDATE {tabel} SET gemeente_id = NULL WHERE id = %s", [regel.pk])  # noqa: S608


@pytest.mark.django_db(transaction=True)
def test_truncate_is_refused_outside_a_test_database():
    """The test runner empties its own ``test_`` database with TRUNCATE, so the trigger allows
    that there; in any other database (production) TRUNCATE is refused. Proven on a scratch
    database with the migration's own SQL."""
    if connection.vendor != "postgresql":
        if services_vereist():
            pytest.fail("The append-only trigger must be tested on PostgreSQL in CI.")
        pytest.skip("Needs PostgreSQL (set DATABASE_URL); the trigger exists only there.")
    import importlib

    import psycopg

    migratie = importlib.import_module("werkcoach.migrations.0004_logregel_append_only")
    naam = "werkcoach_logproef"
    instellingen = connection.settings_dict
    with connection.cursor() as cursor:
        cursor.execute(f"DROP DATABASE IF EXISTS {naam}")
        cursor.execute(f"CREATE DATABASE {naam}")
    try:
        with psycopg.connect(
            host=instellingen["HOST"],
            port=instellingen["PORT"],
            user=instellingen["USER"],
            password=instellingen["PASSWORD"],
            dbname=naam,
            autocommit=True,
        ) as proef:
            proef.execute("CREATE TABLE werkcoach_logregel (id bigserial PRIMARY KEY, tekst text)")
            proef.execute(migratie.MAAK)
            proef.execute("INSERT INTO werkcoach_logregel (tekst) VALUES ('x')")
            for sql in (
                "TRUNCATE werkcoach_logregel",
                "DELETE FROM werkcoach_logregel",
                "UPDATE werkcoach_logregel SET tekst = 'y'",
            ):
                with pytest.raises(psycopg.errors.InsufficientPrivilege, match="alleen-toevoegen"):
                    proef.execute(sql)
            assert proef.execute("SELECT tekst FROM werkcoach_logregel").fetchall() == [("x",)]
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f"DROP DATABASE IF EXISTS {naam}")


def _zoek(client, **params):
    return client.get(reverse("audit:zoeken"), params)


def _aantal(response) -> int:
    return len(response.context["pagina"].regels)


def test_beheerder_searches_the_log_by_resident_user_period_and_action(client, wereld):
    audit_log(actie=Actie.BEKIJKEN, doel=Doel.BEGELEIDING, actor=wereld.werkcoach, inwoner_id=11)
    audit_log(actie=Actie.EXPORTEREN, doel=Doel.BEGELEIDING, actor=wereld.werkcoach, inwoner_id=11)
    audit_log(actie=Actie.BEKIJKEN, doel=Doel.BEGELEIDING, actor=wereld.partner, inwoner_id=12)
    client.force_login(wereld.beheerder)
    assert _aantal(_zoek(client, inwoner=11)) == 2
    assert _aantal(_zoek(client, gebruiker="PARTNER")) == 1
    assert _aantal(_zoek(client, inwoner=11, actie="exporteren")) == 1
    vandaag = timezone.localdate()
    gisteren = vandaag - timedelta(days=1)
    assert _aantal(_zoek(client, tot=gisteren.isoformat())) == 0
    response = _zoek(client, van=vandaag.isoformat(), tot=vandaag.isoformat(), inwoner=12)
    assert _aantal(response) == 1
    assert "partner" in response.content.decode()


def test_log_search_with_a_wrong_period_says_so_at_the_field(client, wereld):
    client.force_login(wereld.beheerder)
    response = _zoek(client, van="2024-05-02", tot="2024-05-01", inwoner="abc")
    html = response.content.decode()
    assert response.status_code == 200
    assert "De einddatum ligt vóór de begindatum." in html
    assert "Vul een inwonernummer in (alleen cijfers)." in html
    assert _aantal(response) == 0


def test_log_search_query_count_does_not_grow_with_the_log(
    client, wereld, django_assert_num_queries
):
    client.force_login(wereld.beheerder)
    for aantal in (3, 120):
        for i in range(aantal):
            audit_log(
                actie=Actie.BEKIJKEN, doel=Doel.BEGELEIDING, actor=wereld.werkcoach, inwoner_id=i
            )
        eerste = client.get(reverse("audit:zoeken"), {"actie": "bekijken"}).context["pagina"]
        verder = {"actie": "bekijken", "na": eerste.volgende or eerste.vorige or "1.1"}
        # 1 session, 2 user, 3 the user's roles (groups), 4 the log row of this search (added
        # with it), 5 the beheerder's gemeenten, 6 the users sharing one (actors of the rows
        # about no gemeente), 7 the rows of the page (one part per gemeente, in one union; no
        # count), 8-10 savepoint, session save (every request: the inactivity timeout), release.
        with django_assert_num_queries(10):
            response = client.get(reverse("audit:zoeken"), verder)
        assert response.status_code == 200
        if aantal > PER_PAGINA:
            assert len(response.context["pagina"].regels) == PER_PAGINA


def test_log_search_pages_back_and_forth_by_position_newest_first(client, wereld, klok):
    """Previous/next by position (time, id): every row once, in order, also for rows written
    in the same microsecond, and a page stays the same while new rows are written."""
    client.force_login(wereld.beheerder)
    moment = klok(timezone.now() - timedelta(days=1))
    for i in range(2 * PER_PAGINA + 7):
        audit_log(
            actie=Actie.EXPORTEREN, doel=Doel.BEGELEIDING, actor=wereld.werkcoach, inwoner_id=i
        )
        if i % 3 == 0:  # the others share their moment with a neighbour
            moment = klok(moment + timedelta(seconds=1))
    verwacht = list(
        Logregel.objects.filter(actie=Actie.EXPORTEREN)
        .order_by("-tijdstip", "-pk")
        .values_list("pk", flat=True)
    )
    paginas, params = [], {"actie": "exporteren"}
    while True:
        pagina = client.get(reverse("audit:zoeken"), params).context["pagina"]
        paginas.append(pagina)
        if not pagina.volgende:
            break
        params = {"actie": "exporteren", "na": pagina.volgende}
    assert [len(p.regels) for p in paginas] == [PER_PAGINA, PER_PAGINA, 7]
    assert [r.pk for p in paginas for r in p.regels] == verwacht
    assert paginas[0].vorige is None and paginas[1].vorige is not None
    klok(moment + timedelta(seconds=1))
    audit_log(actie=Actie.EXPORTEREN, doel=Doel.BEGELEIDING, actor=wereld.werkcoach, inwoner_id=1)
    terug = client.get(reverse("audit:zoeken"), {"actie": "exporteren", "voor": paginas[2].vorige})
    assert [r.pk for r in terug.context["pagina"].regels] == [r.pk for r in paginas[1].regels]
    eerste = client.get(reverse("audit:zoeken"), {"actie": "exporteren", "voor": paginas[1].vorige})
    assert [r.pk for r in eerste.context["pagina"].regels] == verwacht[:PER_PAGINA]
    assert eerste.context["pagina"].vorige is not None  # the row written since is newer
    html = terug.content.decode()
    assert "Vorige (nieuwer)" in html and "Volgende (ouder)" in html
    assert "actie=exporteren&amp;na=" in html


def test_a_log_row_stores_the_gemeente_it_is_about_when_written(wereld, django_assert_num_queries):
    traject = maak_traject(wereld, team=wereld.team_urk)
    inwoner = traject.inwoner
    with django_assert_num_queries(1):  # the gemeente is read inside the INSERT
        regel = audit_log(actie=Actie.BEKIJKEN, doel=Doel.BEGELEIDING, inwoner_id=inwoner.pk)
    regels = audit_log_many(
        actie=Actie.BEKIJKEN, doel=Doel.BEGELEIDING, request=None, inwoner_ids=[inwoner.pk]
    )
    assert regel.gemeente_id == regels[0].gemeente_id == wereld.urk.pk
    door_object = audit_log(actie=Actie.BEKIJKEN, doel=Doel.BEGELEIDING, object=traject)
    assert Logregel.objects.get(pk=door_object.pk).gemeente_id == wereld.urk.pk
    login = audit_log(actie=Actie.INLOGGEN, doel=Doel.BEVEILIGING, object=wereld.werkcoach_urk)
    assert Logregel.objects.get(pk=login.pk).gemeente_id is None


def test_every_log_search_is_logged_without_the_resident_or_user_searched_for(client, wereld):
    client.force_login(wereld.beheerder)
    _zoek(client, inwoner=4711, gebruiker="partner", van="2024-05-01", actie="exporteren")
    regel = Logregel.objects.filter(doel=Doel.BEHEER, actie=Actie.BEKIJKEN).get()
    assert regel.actor == wereld.beheerder
    assert regel.omschrijving == (
        "Logboek doorzocht (op inwoner, op gebruiker, vanaf 01-05-2024, actie geëxporteerd)."
    )
    assert "4711" not in regel.omschrijving and "partner" not in regel.omschrijving
    assert regel.inwoner_id is None


def test_beheerder_searches_only_the_log_rows_of_own_gemeenten(client, wereld):
    wereld.beheerder.gemeenten.set([wereld.nop])
    eigen = maak_traject(wereld).inwoner
    ander = maak_traject(wereld, team=wereld.team_urk).inwoner
    voor = set(Logregel.objects.values_list("pk", flat=True))
    zichtbaar = {
        audit_log(actie=Actie.BEKIJKEN, doel=Doel.BEGELEIDING, inwoner_id=eigen.pk).pk,
        audit_log(actie=Actie.BEKIJKEN, doel=Doel.BEGELEIDING, actor=wereld.werkcoach).pk,
    }
    verborgen = {
        audit_log(actie=Actie.BEKIJKEN, doel=Doel.BEGELEIDING, inwoner_id=ander.pk).pk,
        audit_log(actie=Actie.BEKIJKEN, doel=Doel.BEGELEIDING, actor=wereld.werkcoach_urk).pk,
        audit_log(
            actie=Actie.BEKIJKEN,
            doel=Doel.BEGELEIDING,
            actor=wereld.werkcoach_urk,
            inwoner_id=ander.pk,
        ).pk,
    }
    client.force_login(wereld.beheerder)
    response = _zoek(client, actie="bekijken")
    gevonden = {r.pk for r in response.context["pagina"].regels} - voor
    assert zichtbaar <= gevonden
    assert not verborgen & gevonden
    assert _aantal(_zoek(client, inwoner=ander.pk)) == 0


def test_a_password_typed_as_user_name_does_not_end_up_in_the_log(client, wereld):
    client.post(reverse("login"), {"username": "Geheim!Wachtwoord123", "password": "x"})
    client.post(reverse("login"), {"username": "wc", "password": "fout"})
    regels = list(Logregel.objects.filter(actie=Actie.INLOGGEN_MISLUKT).order_by("pk"))
    assert "Geheim!Wachtwoord123" not in " ".join(r.omschrijving for r in regels)
    assert "'onbekende gebruikersnaam'" in regels[0].omschrijving
    assert "'wc'" in regels[-1].omschrijving
    assert not Logregel.objects.filter(omschrijving__contains="Geheim!").exists()


def test_who_looked_at_a_file_lists_views_and_exports_for_the_werkcoach_only(wereld):
    traject = maak_traject(wereld)
    inwoner = traject.inwoner
    audit_log(
        actie=Actie.BEKIJKEN, doel=Doel.BEGELEIDING, actor=wereld.werkcoach, inwoner_id=inwoner.pk
    )
    audit_log(
        actie=Actie.WIJZIGEN, doel=Doel.BEGELEIDING, actor=wereld.werkcoach, inwoner_id=inwoner.pk
    )
    audit_log(
        actie=Actie.EXPORTEREN,
        doel=Doel.RECHTEN_BETROKKENE,
        actor=wereld.werkcoach,
        inwoner_id=inwoner.pk,
    )
    rijen = wie_keek(inwoner_id=inwoner.pk)
    # One row for the person and day: two of the three actions count (a change is no view).
    assert [(r["naam"], r["aantal"], r["exporten"]) for r in rijen] == [("Wc Test", 2, 1)]
    assert mag_wie_keek_zien(wereld.werkcoach, inwoner)
    assert mag_wie_keek_zien(wereld.beheerder, inwoner)
    assert not mag_wie_keek_zien(wereld.sociaal_werker, inwoner)
    assert not mag_wie_keek_zien(wereld.partner, inwoner)
    assert not mag_wie_keek_zien(wereld.werkcoach_urk, inwoner)
    from django.template.loader import render_to_string

    html = render_to_string("werkcoach/partials/wie_keek.html", {"wie_keek": rijen})
    assert "Wie heeft dit dossier bekeken" in html and "<caption>" in html and "Wc Test" in html
    assert render_to_string("werkcoach/partials/wie_keek.html", {"wie_keek": None}).strip() == ""


def test_beheerder_resets_a_lost_phone_in_the_admin_and_it_is_logged(
    client, wereld, mailoutbox, django_capture_on_commit_callbacks
):
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device = TOTPDevice.objects.create(user=wereld.werkcoach, name="app", confirmed=True)
    client.force_login(wereld.beheerder)
    url = reverse("admin:werkcoach_gebruiker_changelist")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            url, {"action": "tweede_factor_resetten", "_selected_action": [wereld.werkcoach.pk]}
        )
    assert response.status_code == 302
    assert not TOTPDevice.objects.filter(pk=device.pk).exists()
    regel = Logregel.objects.get(omschrijving="Tweede factor verwijderd (app).")
    assert regel.actor == wereld.beheerder and regel.object_id == str(wereld.werkcoach.pk)
    assert [m.to for m in mailoutbox] == [[wereld.werkcoach.email]]

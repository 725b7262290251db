"""Adding a gemeente ready to work, with the command and the superuser's page."""

import io
import uuid
from datetime import date

import pytest
from django.apps import apps
from django.core import mail
from django.core.management import call_command
from django.urls import reverse

from cases.models import Aanmelding
from rapportage.models import Begroting, Rapport
from trajecten.models import Instrument
from werkcoach.models import Feestdag, Gebiedsteam, Gebruiker, Gemeente, Inschrijving, Pilot, Rol
from werkcoach.services import gebruiker_create

pytestmark = pytest.mark.django_db


def _toevoegen(**extra) -> str:
    uit = io.StringIO()
    call_command(
        "gemeente_toevoegen",
        naam="Dronten",
        beheerder_gebruikersnaam="a.visser",
        beheerder_email="a.visser@dronten.example",
        beheerder_naam="Anna Visser",
        stdout=uit,
        **extra,
    )
    return uit.getvalue()


def _aantallen() -> dict[str, int]:
    """Rows in every table of the project's apps (the processing log aside)."""
    return {
        m._meta.label: m.objects.count()
        for app in ("werkcoach", "cases", "trajecten", "rapportage", "uitwisseling")
        for m in apps.get_app_config(app).get_models()
        if m._meta.label != "werkcoach.Logregel"
    }


def test_the_command_adds_a_gemeente_ready_to_work(klok, django_capture_on_commit_callbacks):
    klok(date(2026, 3, 10))
    with django_capture_on_commit_callbacks(execute=True):
        uitvoer = _toevoegen(startdatum=date(2026, 3, 1))
    dronten = Gemeente.objects.get(naam="Dronten")
    pilot = Pilot.objects.get(gemeente=dronten)
    assert (pilot.startdatum, pilot.einddatum) == (date(2026, 3, 1), date(2028, 3, 1))
    assert (pilot.reactietijd_eerste_contact, pilot.drempel_kleine_aantallen) == (5, 5)
    assert dict(pilot.jaardoelen.values_list("jaar", "doel_orientatie")) == {
        2026: 20,
        2027: 20,
        2028: 20,
    }
    assert Begroting.objects.filter(pilot=pilot, jaar=2027, post="personeel").get().bedrag == 73000
    assert Gebiedsteam.objects.filter(gemeente=dronten, naam="Gebiedsteam Dronten").exists()
    # This year and two ahead, from the Dutch calendar, as the gemeente's own (editable) days.
    dagen = set(Feestdag.objects.filter(gemeente=dronten).values_list("datum", flat=True))
    assert {date(2026, 12, 25), date(2027, 4, 27), date(2028, 1, 1)} <= dagen
    assert not any(d.year == 2029 for d in dagen)
    assert Instrument.objects.filter(gemeente__isnull=True, actief=True).count() > 10
    beheerder = Gebruiker.objects.get(username="a.visser")
    assert beheerder.heeft_rol(Rol.BEHEERDER) and beheerder.is_staff
    assert list(beheerder.gemeenten.all()) == [dronten]
    assert beheerder.organisatie.naam == "Gemeente Dronten"
    assert Inschrijving.objects.filter(gebruiker=beheerder, reden="nieuw").count() == 1
    assert [m.to for m in mail.outbox] == [["a.visser@dronten.example"]]
    assert "eerste wachtwoord" in uitvoer


def test_running_it_twice_changes_nothing(klok, django_capture_on_commit_callbacks):
    klok(date(2026, 3, 10))
    with django_capture_on_commit_callbacks(execute=True):
        _toevoegen()
    voor = _aantallen()
    with django_capture_on_commit_callbacks(execute=True):
        uitvoer = _toevoegen()
    assert _aantallen() == voor
    assert "niets gewijzigd" in uitvoer
    assert len(mail.outbox) == 1  # no second enrolment link


def test_an_adjusted_template_is_read_back(tmp_path, klok):
    klok(date(2026, 3, 10))
    uit = io.StringIO()
    call_command(
        "gemeente_toevoegen",
        naam="Zeewolde",
        beheerder_gebruikersnaam="b.bos",
        beheerder_email="b.bos@zeewolde.example",
        toon_sjabloon=True,
        stdout=uit,
    )
    assert not Gemeente.objects.filter(naam="Zeewolde").exists()
    sjabloon = uit.getvalue().replace(
        '"drempel_kleine_aantallen": 5', '"drempel_kleine_aantallen": 8'
    )
    bestand = tmp_path / "zeewolde.json"
    bestand.write_text(sjabloon, encoding="utf-8")
    call_command("gemeente_toevoegen", sjabloon=bestand, stdout=io.StringIO())
    assert Pilot.objects.get(gemeente__naam="Zeewolde").drempel_kleine_aantallen == 8


def test_a_new_gemeente_works_end_to_end_and_sees_nothing_of_others(
    wereld, client, klok, django_capture_on_commit_callbacks
):
    """Without any admin page: the command, then a referral by its sociaal werker, the
    werkcoach's inbox and a report request by its projectleider."""
    klok(date(2026, 3, 10))
    _toevoegen(startdatum=date(2026, 3, 1))
    dronten = Gemeente.objects.get(naam="Dronten")
    team = Gebiedsteam.objects.get(gemeente=dronten)
    welzijn = team.organisatie

    def account(naam, rol, **scope):
        return gebruiker_create(
            username=naam,
            password=None,
            first_name=naam,
            last_name="Dronten",
            email=f"{naam}@dronten.example",
            organisatie=welzijn,
            rollen=[rol],
            gemeenten=[dronten],
            **scope,
        )

    sw = account("sw.dronten", Rol.SOCIAAL_WERKER, gebiedsteams=[team])
    wc = account("wc.dronten", Rol.WERKCOACH)
    pl = account("pl.dronten", Rol.PROJECTLEIDER)
    client.force_login(sw)
    r = client.post(
        reverse("cases:aanmelding_nieuw"),
        {
            "gebiedsteam": team.pk,
            "voornaam": "Joost",
            "achternaam": "Hendriks",
            "geboortedatum": "1990-05-01",
            "woonplaats": "Dronten",
            "telefoon": "0612345678",
            "doelgroep": "partner",
            "uitkeringssituatie": "geen",
            "signaal": "Wil graag weer werken.",
            "contactvoorkeur": "telefoon",
            "toestemming_gegeven": "on",
            "toestemming_datum": "2026-03-10",
            "toestemming_wijze": "mondeling",
            "toestemming_omvang": "Delen met de werkcoach.",
            "indieningssleutel": str(uuid.uuid4()),
        },
    )
    assert r.status_code == 302, r.context["form"].errors
    aanmelding = Aanmelding.objects.get(gemeente=dronten)
    client.force_login(wc)
    inbox = client.get(reverse("aanmeldingen:inbox")).content.decode()
    assert "Hendriks" in inbox and wereld.nop.naam not in inbox
    r = client.post(reverse("aanmeldingen:aanmelding_accepteren", args=[aanmelding.pk]))
    assert r.status_code == 302
    aanmelding.refresh_from_db()
    assert aanmelding.traject.pilot.gemeente == dronten
    # Nothing of Noordoostpolder: its pilot's reports are out of reach.
    client.force_login(pl)
    pilot = Pilot.objects.get(gemeente=dronten)
    with django_capture_on_commit_callbacks(execute=True):
        r = client.post(
            reverse("rapportage:maandrapportage_aanvragen"),
            {"pilot": pilot.pk, "jaar": 2026, "maand": 3},
        )
    assert r.status_code == 302
    assert Rapport.objects.get(pilot=pilot).status == "klaar"
    r = client.post(
        reverse("rapportage:maandrapportage_aanvragen"),
        {"pilot": wereld.pilot.pk, "jaar": 2026, "maand": 3},
    )
    assert r.status_code == 404
    assert not Rapport.objects.filter(pilot=wereld.pilot).exists()


def test_the_page_is_for_the_superuser_only(client, wereld, klok):
    klok(date(2026, 3, 10))
    client.force_login(wereld.beheerder)
    assert client.get(reverse("uitwisseling:gemeente_toevoegen")).status_code == 403
    baas = gebruiker_create(
        username="root",
        password=None,
        first_name="App",
        last_name="Beheer",
        email="root@example.org",
        organisatie=None,
        rollen=[Rol.BEHEERDER],
    )
    Gebruiker.objects.filter(pk=baas.pk).update(is_superuser=True)
    client.force_login(Gebruiker.objects.get(pk=baas.pk))
    pagina = client.get(reverse("uitwisseling:gemeente_toevoegen"))
    assert pagina.status_code == 200
    form = pagina.context["form"]
    data = {n: form[n].value() or "" for n in form.fields}
    data |= {
        "gemeente": "Lelystad",
        "dorpen": "Lelystad",
        "startdatum": "01-03-2026",
        "einddatum": "28-02-2028",
        "organisaties": "Gemeente Lelystad; gemeente\nWelzijn Lelystad; welzijn",
        "gebiedsteams": "Gebiedsteam Centrum; Welzijn Lelystad; Centrum, Zuiderzeewijk",
        "beheerder_gebruikersnaam": "c.de.vries",
        "beheerder_voornaam": "Carla",
        "beheerder_achternaam": "de Vries",
        "beheerder_email": "c.devries@lelystad.example",
        "beheerder_organisatie": "Gemeente Lelystad",
    }
    r = client.post(reverse("uitwisseling:gemeente_toevoegen"), data)
    assert r.status_code == 200 and "is toegevoegd" in r.content.decode(), r.content.decode()
    lelystad = Gemeente.objects.get(naam="Lelystad")
    assert Gebiedsteam.objects.get(gemeente=lelystad).dorpen == ["Centrum", "Zuiderzeewijk"]
    assert Begroting.objects.filter(pilot__gemeente=lelystad, jaar=2028).exists()
    tweede = client.post(reverse("uitwisseling:gemeente_toevoegen"), data)
    assert "niets gewijzigd" in tweede.content.decode()

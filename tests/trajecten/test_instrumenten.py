"""The instrumentenwaaier: browse, detail, maintenance by the functioneel beheerder, export."""

import csv
import io

from django.urls import reverse
from openpyxl import load_workbook

from trajecten.models import Aanbieder, Instrument
from trajecten.services import catalogus_laden
from werkcoach.models import Logregel


def test_search_and_filter_the_catalogue_keep_the_filters_in_the_url(wereld, client):
    catalogus_laden()
    client.force_login(wereld.sociaal_werker)
    antwoord = client.get(reverse("trajecten:instrumenten"), {"categorie": "test"})
    namen = [i.naam for i in antwoord.context["pagina"]]
    assert namen and all(
        Instrument.objects.get(naam=n, categorie="test").categorie == "test" for n in namen
    )
    antwoord = client.get(reverse("trajecten:instrumenten"), {"zoek": "dilemma"})
    assert [i.naam.lower() for i in antwoord.context["pagina"]] == [
        n.lower()
        for n in Instrument.objects.filter(naam__icontains="dilemma").values_list("naam", flat=True)
    ]


def test_inactive_and_other_gemeente_instruments_are_hidden_from_the_werkcoach(wereld, client):
    aanbieder = Aanbieder.objects.create(naam="Lokaal")
    Instrument.objects.create(
        naam="Alleen Urk",
        aanbieder=aanbieder,
        categorie="extern",
        omschrijving="x",
        gemeente=wereld.urk,
    )
    Instrument.objects.create(
        naam="Oud", aanbieder=aanbieder, categorie="extern", omschrijving="x", actief=False
    )
    Instrument.objects.create(
        naam="Regionaal", aanbieder=aanbieder, categorie="extern", omschrijving="x"
    )
    client.force_login(wereld.werkcoach)
    namen = {i.naam for i in client.get(reverse("trajecten:instrumenten")).context["pagina"]}
    assert namen == {"Regionaal"}
    client.force_login(wereld.beheerder)
    namen = {i.naam for i in client.get(reverse("trajecten:instrumenten")).context["pagina"]}
    assert namen == {"Regionaal", "Oud", "Alleen Urk"}


def test_detail_page_shows_what_for_whom_provider_contact_and_cost(wereld, client):
    aanbieder = Aanbieder.objects.create(
        naam="Concern voor Werk", email="info@cvw.example", telefoon="0527-123456"
    )
    instrument = Instrument.objects.create(
        naam="Werknemersvaardigheden",
        aanbieder=aanbieder,
        categorie="extern",
        omschrijving="Training op de werkvloer.",
        geschikt_voor="Wie lang niet werkte.",
        kosten_indicatie="1250.00",
    )
    client.force_login(wereld.werkcoach)
    html = client.get(
        reverse("trajecten:instrument", kwargs={"pk": instrument.pk})
    ).content.decode()
    for tekst in (
        "Training op de werkvloer.",
        "Wie lang niet werkte.",
        "info@cvw.example",
        "0527-123456",
        "€\u00a01.250,00",
    ):
        assert tekst in html


def test_the_beheerder_creates_and_edits_an_instrument_and_who_and_when_are_kept(wereld, client):
    aanbieder = Aanbieder.objects.create(naam="Taalpunt")
    client.force_login(wereld.beheerder)
    data = {
        "naam": "Taalcafé",
        "aanbieder": aanbieder.pk,
        "categorie": "extern",
        "omschrijving": "Samen Nederlands oefenen.",
        "actief": "on",
        "kosten_indicatie": "12,50",
        "gemeente": wereld.nop.pk,  # a beheerder keeps entries of their own gemeenten
    }
    antwoord = client.post(reverse("trajecten:instrument_nieuw"), data)
    instrument = Instrument.objects.get(naam="Taalcafé")
    assert antwoord.status_code == 302
    assert (
        instrument.gewijzigd_door == wereld.beheerder
        and str(instrument.kosten_indicatie) == "12.50"
    )
    # A duplicate name for the same provider gets an error, and nothing is saved twice.
    antwoord = client.post(reverse("trajecten:instrument_nieuw"), data)
    assert antwoord.status_code == 200 and "bestaat al" in antwoord.content.decode()
    assert Instrument.objects.filter(naam="Taalcafé").count() == 1
    data["omschrijving"] = "Elke dinsdag Nederlands oefenen."
    client.post(reverse("trajecten:instrument_wijzigen", kwargs={"pk": instrument.pk}), data)
    instrument.refresh_from_db()
    assert instrument.omschrijving.startswith("Elke dinsdag")
    wijzigingen = Logregel.objects.filter(
        object_type="trajecten.Instrument", object_id=str(instrument.pk)
    )
    assert sorted(wijzigingen.values_list("actie", flat=True)) == ["aanmaken", "wijzigen"]
    html = client.get(
        reverse("trajecten:instrument", kwargs={"pk": instrument.pk})
    ).content.decode()
    assert "omschrijving" in html  # the change history names the changed field


def test_required_fields_get_a_dutch_error_on_the_field(wereld, client):
    client.force_login(wereld.beheerder)
    antwoord = client.post(reverse("trajecten:instrument_nieuw"), {"naam": ""})
    assert antwoord.status_code == 200
    assert antwoord.context["form"].errors["naam"] == ["Dit veld is verplicht."]


def test_export_csv_has_every_instrument_and_is_logged(wereld, client):
    catalogus_laden()
    client.force_login(wereld.projectleider)
    antwoord = client.get(reverse("trajecten:instrumenten_csv"))
    assert antwoord.status_code == 200
    assert antwoord["Content-Disposition"].startswith('attachment; filename="instrumentenwaaier-')
    rijen = list(csv.reader(io.StringIO(antwoord.content.decode("utf-8-sig")), delimiter=";"))
    assert rijen[0][:3] == ["Naam", "Categorie", "Aanbieder"]
    assert len(rijen) - 1 == Instrument.objects.filter(actief=True).count()
    assert Logregel.objects.filter(actie="exporteren", actor=wereld.projectleider).count() == 1


def test_export_neutralises_spreadsheet_formulas(wereld, client):
    aanbieder = Aanbieder.objects.create(naam="Kwaad")
    Instrument.objects.create(
        naam='=HYPERLINK("x")', aanbieder=aanbieder, categorie="extern", omschrijving="x"
    )
    client.force_login(wereld.beheerder)
    rijen = list(
        csv.reader(
            io.StringIO(
                client.get(reverse("trajecten:instrumenten_csv")).content.decode("utf-8-sig")
            ),
            delimiter=";",
        )
    )
    assert rijen[1][0] == '\'=HYPERLINK("x")'


def test_export_xlsx_has_every_instrument_with_amounts_as_numbers(wereld, client):
    catalogus_laden()
    client.force_login(wereld.beheerder)
    antwoord = client.get(reverse("trajecten:instrumenten_xlsx"))
    assert antwoord.status_code == 200
    blad = load_workbook(io.BytesIO(antwoord.content)).active
    rijen = list(blad.iter_rows(values_only=True))
    assert rijen[0][0] == "Naam"
    assert len(rijen) - 1 == Instrument.objects.count()
    kosten = [r[9] for r in rijen[1:] if r[9] is not None]
    assert all(isinstance(k, (int, float)) for k in kosten)

"""Choices stay within the gemeente: a handover goes to an organisation of the traject's own
gemeente, a beheerder keeps the instruments of their own gemeenten, and the admin saves through
the same service and logs it."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from tests.conftest import traject_op_stap
from trajecten.forms import InstrumentForm, OverdrachtForm
from trajecten.models import Aanbieder, Fase, Instrument, Traject
from trajecten.services import instrument_opslaan
from werkcoach.models import Gemeente, Logregel, Organisatie


def test_a_handover_offers_only_organisations_of_the_trajects_gemeente(wereld, ingelogd):
    wereld.werkcorporatie.gemeenten.add(wereld.nop)
    welzijn_urk = Organisatie.objects.get(naam="Welzijn Urk")
    welzijn_urk.gemeenten.add(wereld.urk)
    traject = traject_op_stap(wereld, Fase.VERVOLGTRAJECT)
    keuzes = set(OverdrachtForm(traject=traject).fields["naar_organisatie"].queryset)
    assert wereld.werkcorporatie in keuzes and welzijn_urk not in keuzes
    client = ingelogd(wereld.werkcoach)
    versie = Traject.objects.get(pk=traject.pk).versie
    antwoord = client.post(
        reverse("trajecten:dossier_overdracht", kwargs={"pk": traject.pk}),
        {
            "overdracht-versie": versie,
            "overdracht-naar_organisatie": welzijn_urk.pk,
            "overdracht-overgedragen_op": "2026-01-05T10:00",
        },
        headers={"HX-Request": "true"},
    )
    assert antwoord.status_code == 200 and "is-invalid" in antwoord.content.decode()
    assert not traject.overdrachten.exists()


def test_the_instrument_form_offers_only_the_users_gemeenten_and_requires_one(wereld):
    Gemeente.objects.create(naam="Dronten", dorpen=["Dronten"])
    form = InstrumentForm(user=wereld.beheerder)
    assert set(form.fields["gemeente"].queryset) == {wereld.nop, wereld.urk}
    assert form.fields["gemeente"].required


def test_a_beheerder_cannot_change_a_regional_instrument(wereld, client):
    aanbieder = Aanbieder.objects.create(naam="Taalpunt")
    regionaal = instrument_opslaan(
        door=None, naam="Taalcafé", aanbieder=aanbieder, categorie="extern", omschrijving="Oud."
    )
    client.force_login(wereld.beheerder)
    antwoord = client.post(
        reverse("trajecten:instrument_wijzigen", kwargs={"pk": regionaal.pk}),
        {
            "naam": "Taalcafé",
            "aanbieder": aanbieder.pk,
            "categorie": "extern",
            "omschrijving": "Nieuw.",
            "gemeente": wereld.nop.pk,
            "actief": "on",
        },
    )
    assert antwoord.status_code == 200
    regionaal.refresh_from_db()
    assert regionaal.omschrijving == "Oud." and regionaal.gemeente is None
    with pytest.raises(ValidationError):
        instrument_opslaan(door=wereld.beheerder, instrument=regionaal, omschrijving="Nieuw.")
    with pytest.raises(ValidationError):  # nor create one
        instrument_opslaan(
            door=wereld.beheerder,
            naam="Regionaal",
            aanbieder=aanbieder,
            categorie="extern",
            omschrijving="X.",
        )


def test_the_admin_saves_an_instrument_through_the_service_and_logs_it(wereld, client):
    aanbieder = Aanbieder.objects.create(naam="Taalpunt")
    client.force_login(wereld.beheerder)
    data = {
        "naam": "Taalcafé",
        "aanbieder": aanbieder.pk,
        "categorie": "extern",
        "omschrijving": "Samen oefenen.",
        "geschikt_voor": "",
        "sector": "",
        "kosten_indicatie": "",
        "gemeente": wereld.nop.pk,
        "actief": "on",
    }
    antwoord = client.post(reverse("admin:trajecten_instrument_add"), data)
    assert antwoord.status_code == 302, antwoord.content.decode()[:2000]
    instrument = Instrument.objects.get(naam="Taalcafé")
    assert instrument.gewijzigd_door == wereld.beheerder
    regel = Logregel.objects.get(object_type="trajecten.Instrument", object_id=str(instrument.pk))
    assert regel.actie == "aanmaken" and regel.actor == wereld.beheerder
    # A regional entry cannot be made by a beheerder through the admin either.
    antwoord = client.post(
        reverse("admin:trajecten_instrument_add"), {**data, "naam": "Regio", "gemeente": ""}
    )
    assert antwoord.status_code == 200
    assert not Instrument.objects.filter(naam="Regio").exists()


def test_a_handover_to_an_organisation_of_another_gemeente_is_refused(wereld):
    from datetime import timedelta

    from django.core.exceptions import ValidationError
    from django.utils import timezone

    from trajecten.services import overdracht_create
    from werkcoach.models import Organisatie

    wc, start = wereld.werkcoach, timezone.now() - timedelta(days=5)
    traject = traject_op_stap(wereld, Fase.VERVOLGTRAJECT, op=start, tussen=timedelta(hours=1))
    alleen_urk = Organisatie.objects.get(naam="Welzijn Urk")
    try:
        overdracht_create(
            traject=traject,
            door=wc,
            naar_organisatie=alleen_urk,
            overgedragen_op=start + timedelta(hours=4),
        )
    except ValidationError as fout:
        assert "gemeente van dit traject" in str(fout)
    else:
        raise AssertionError("a handover to another gemeente's organisation was accepted")
    traject.refresh_from_db()
    assert traject.fase == "vervolgtraject" and not traject.overdrachten.exists()

"""The werkcoach triages: accept (one traject, even when two accept), plan the gesprek,
decline with a reason, record the first contact; the referrer sees what became of it."""

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from cases.models import Aanmelding
from cases.services import AanmeldingAlBehandeld, aanmelding_afwijzen
from tests.conftest import dt, maak_aanmelding, maak_traject
from trajecten.aanmeldingen.selectors import terugkoppeling
from trajecten.aanmeldingen.services import aanmelding_accepteren
from trajecten.models import Fase, Route, Traject
from trajecten.services import (
    contactmoment_create,
    gesprek_plannen,
    gesprek_vastleggen,
    traject_advance,
    traject_beeindigen,
    vervolgtraject_vastleggen,
)
from werkcoach.models import Rol
from werkcoach.services import gebruiker_create


@pytest.fixture
def wc(wereld, ingelogd):
    return ingelogd(wereld.werkcoach)


def morgen() -> date:
    return timezone.localdate() + timedelta(days=1)


def test_accept_opens_a_traject_at_step_gesprek_and_goes_to_planning(wc, wereld):
    aanmelding = maak_aanmelding(wereld)
    response = wc.post(reverse("aanmeldingen:aanmelding_accepteren", args=[aanmelding.pk]))
    assert response.status_code == 302
    assert response["Location"] == reverse("aanmeldingen:gesprek_plannen", args=[aanmelding.pk])
    traject = Traject.objects.get(aanmelding=aanmelding)
    assert traject.fase == Fase.GESPREK
    assert traject.werkcoach == wereld.werkcoach


def test_second_werkcoach_accepting_gets_a_clear_message_and_no_second_traject(wereld, client):
    collega = gebruiker_create(
        username="wc2",
        password="x-lang-genoeg-wachtwoord",
        first_name="Collega",
        last_name="Test",
        email="wc2@example.org",
        organisatie=wereld.werkcorporatie,
        rollen=[Rol.WERKCOACH],
        gemeenten=[wereld.nop],
    )
    aanmelding = maak_aanmelding(wereld)
    client.force_login(wereld.werkcoach)
    client.post(reverse("aanmeldingen:aanmelding_accepteren", args=[aanmelding.pk]))
    client.force_login(collega)
    response = client.post(
        reverse("aanmeldingen:aanmelding_accepteren", args=[aanmelding.pk]), follow=True
    )
    assert Traject.objects.filter(aanmelding=aanmelding).count() == 1
    assert Traject.objects.get().werkcoach == wereld.werkcoach
    assert "al geaccepteerd door Wc Test" in response.content.decode()


def test_service_accepting_twice_raises_and_keeps_one_traject(wereld):
    aanmelding = maak_aanmelding(wereld)
    aanmelding_accepteren(aanmelding=aanmelding, door=wereld.werkcoach)
    with pytest.raises(AanmeldingAlBehandeld):
        aanmelding_accepteren(aanmelding=aanmelding, door=wereld.werkcoach)
    assert Traject.objects.count() == 1


def test_plan_gesprek_with_date_time_and_place(wc, wereld):
    traject = maak_traject(wereld)
    url = reverse("aanmeldingen:gesprek_plannen", args=[traject.aanmelding_id])
    assert wc.get(url).status_code == 200
    response = wc.post(
        url,
        {"datum": morgen().isoformat(), "tijd": "10:30", "locatie": "carrefour", "versie": 1},
    )
    assert response.status_code == 302
    traject.refresh_from_db()
    assert timezone.localtime(traject.gesprek_gepland_op).hour == 10
    assert traject.gesprek_locatie == "carrefour"
    # Making the appointment means the resident was reached.
    traject.aanmelding.refresh_from_db()
    assert traject.aanmelding.eerste_contact_op is not None


@pytest.mark.parametrize(
    ("data", "veld", "melding"),
    [
        ({"datum": "2020-01-01", "tijd": "10:00", "locatie": "thuis"}, "datum", "vandaag of"),
        ({"tijd": "10:00", "locatie": "thuis"}, "datum", "verplicht"),
        ({"datum": "MORGEN", "tijd": "03:00", "locatie": "thuis"}, "tijd", "07.00"),
        ({"datum": "MORGEN", "tijd": "10:00", "locatie": "maan"}, "locatie", "geldige keuze"),
    ],
)
def test_plan_gesprek_rejects_bad_input_on_the_field(wc, wereld, data, veld, melding):
    traject = maak_traject(wereld)
    if data.get("datum") == "MORGEN":
        data["datum"] = morgen().isoformat()
    response = wc.post(
        reverse("aanmeldingen:gesprek_plannen", args=[traject.aanmelding_id]), {**data, "versie": 1}
    )
    assert response.status_code == 400
    assert melding in " ".join(response.context["form"].errors[veld])
    traject.refresh_from_db()
    assert traject.gesprek_gepland_op is None


def test_plan_gesprek_with_a_stale_version_is_refused(wc, wereld):
    traject = maak_traject(wereld)
    gesprek_plannen(
        traject=traject, door=wereld.werkcoach, gepland_op=dt(2030, 1, 2), locatie="thuis"
    )
    response = wc.post(
        reverse("aanmeldingen:gesprek_plannen", args=[traject.aanmelding_id]),
        {"datum": morgen().isoformat(), "tijd": "10:00", "locatie": "carrefour", "versie": 1},
    )
    assert response.status_code == 400
    assert "Iemand anders" in response.content.decode()
    traject.refresh_from_db()
    assert traject.gesprek_locatie == "thuis"


def test_decline_with_a_reason_the_referrer_sees(wc, wereld, ingelogd):
    aanmelding = maak_aanmelding(wereld)
    wc.post(
        reverse("aanmeldingen:aanmelding_afwijzen", args=[aanmelding.pk]),
        {"status": "onbereikbaar", "reden": "Drie keer gebeld, geen gehoor."},
    )
    aanmelding.refresh_from_db()
    assert aanmelding.status == Aanmelding.Status.ONBEREIKBAAR
    sw = ingelogd(wereld.sociaal_werker)
    html = sw.get(reverse("aanmeldingen:mijn_aanmeldingen")).content.decode()
    assert "Inwoner niet bereikbaar" in html
    assert "Drie keer gebeld, geen gehoor." in html


def test_decline_without_reason_gives_an_error_and_changes_nothing(wc, wereld):
    aanmelding = maak_aanmelding(wereld)
    response = wc.post(
        reverse("aanmeldingen:aanmelding_afwijzen", args=[aanmelding.pk]),
        {"status": "afgewezen", "reden": "   "},
    )
    assert response.status_code == 400
    assert "reden" in response.context["afwijzen_form"].errors
    aanmelding.refresh_from_db()
    assert aanmelding.status == Aanmelding.Status.NIEUW


def test_first_contact_is_recorded(wc, wereld):
    aanmelding = maak_aanmelding(wereld)
    wc.post(reverse("aanmeldingen:eerste_contact", args=[aanmelding.pk]))
    aanmelding.refresh_from_db()
    assert aanmelding.eerste_contact_op is not None
    assert terugkoppeling(aanmelding).code == "contact"


def _status(aanmelding_pk):
    return terugkoppeling(
        Aanmelding.objects.select_related("traject", "traject__vervolgtraject").get(
            pk=aanmelding_pk
        )
    )


def test_feedback_follows_the_klantreis_in_plain_words(wereld):
    wc = wereld.werkcoach
    start = timezone.now() - timedelta(days=10)
    aanmelding = maak_aanmelding(wereld, op=start)
    assert _status(aanmelding.pk).label == "Ontvangen"
    traject = aanmelding_accepteren(aanmelding=aanmelding, door=wc, op=start)
    assert _status(aanmelding.pk).label == "Aangenomen"
    traject = gesprek_plannen(
        traject=traject, door=wc, gepland_op=start + timedelta(days=1), locatie="thuis"
    )
    status = _status(aanmelding.pk)
    assert status.label == "Gesprek gepland"
    assert "bij de inwoner thuis" in status.toelichting
    gesprek_vastleggen(
        traject=traject, door=wc, gehouden_op=start + timedelta(days=1), verslag="Geheim."
    )
    assert _status(aanmelding.pk).label == "Gesprek gehouden"
    traject_advance(traject=traject, naar="orientatie", door=wc, op=start + timedelta(days=2))
    assert _status(aanmelding.pk).label == "In oriëntatie"
    vervolgtraject_vastleggen(
        traject=traject,
        door=wc,
        route=Route.VRIJWILLIGERSWERK,
        afgesproken_op=start.date(),
        organisatie_naam="Voedselbank",
        op=start + timedelta(days=3),
    )
    status = _status(aanmelding.pk)
    assert (status.label, status.toelichting) == (
        "Vervolgtraject",
        "Afgesproken route: Vrijwilligerswerk.",
    )
    traject_beeindigen(
        traject=traject,
        door=wc,
        reden="zelf_werk",
        toelichting="Prive toelichting",
        op=start + timedelta(days=4),
        bevestigd=True,
    )
    status = _status(aanmelding.pk)
    assert (status.label, status.toelichting) == ("Beëindigd", "Zelf werk of opleiding gevonden")


def test_referrer_never_sees_the_werkcoach_notes(wereld, ingelogd):
    traject = maak_traject(wereld)
    contactmoment_create(
        traject=traject,
        door=wereld.werkcoach,
        datum=timezone.now(),
        soort="telefoon",
        verslag="VERTROUWELIJK: schulden besproken",
    )
    traject_beeindigen(
        traject=traject,
        door=wereld.werkcoach,
        reden="anders",
        toelichting="INTERN: verhuisd",
        bevestigd=True,
    )
    sw = ingelogd(wereld.sociaal_werker)
    for url in (
        reverse("aanmeldingen:mijn_aanmeldingen"),
        reverse("aanmeldingen:aanmelding_detail", args=[traject.aanmelding_id]),
    ):
        html = sw.get(url).content.decode()
        assert "Beëindigd" in html
        assert "VERTROUWELIJK" not in html
        assert "INTERN" not in html


def test_service_decline_needs_a_reason_and_a_valid_status(wereld):
    from django.core.exceptions import ValidationError

    aanmelding = maak_aanmelding(wereld)
    with pytest.raises(ValidationError) as fout:
        aanmelding_afwijzen(
            aanmelding=aanmelding, door=wereld.werkcoach, status="afgewezen", reden=""
        )
    assert "reden" in fout.value.message_dict
    with pytest.raises(ValidationError) as fout:
        aanmelding_afwijzen(aanmelding=aanmelding, door=wereld.werkcoach, status="nieuw", reden="x")
    assert "status" in fout.value.message_dict
    aanmelding.refresh_from_db()
    assert aanmelding.status == Aanmelding.Status.NIEUW


def test_withdrawing_consent_needs_confirmation(wereld, ingelogd):
    aanmelding = maak_aanmelding(wereld)
    sw = ingelogd(wereld.sociaal_werker)
    response = sw.post(reverse("aanmeldingen:toestemming_intrekken", args=[aanmelding.pk]), {})
    assert response.status_code == 400
    assert "bevestigen" in response.context["intrekken_form"].errors
    aanmelding.refresh_from_db()
    assert aanmelding.toestemming_ingetrokken_op is None


def test_withdrawing_consent_ends_the_traject_and_is_recorded(
    wereld, ingelogd, mailoutbox, django_capture_on_commit_callbacks
):
    from werkcoach.models import Logregel

    traject = maak_traject(wereld)
    sw = ingelogd(wereld.sociaal_werker)
    with django_capture_on_commit_callbacks(execute=True):
        response = sw.post(
            reverse("aanmeldingen:toestemming_intrekken", args=[traject.aanmelding_id]),
            {"bevestigen": "on", "toelichting": "Belde zelf op."},
        )
    assert response.status_code == 302
    traject.refresh_from_db()
    aanmelding = traject.aanmelding
    assert aanmelding.toestemming_ingetrokken_door == wereld.sociaal_werker
    assert (traject.fase, traject.einde_reden) == (Fase.AFGESLOTEN, "toestemming_ingetrokken")
    assert _status(aanmelding.pk).toelichting == "Toestemming ingetrokken"
    assert Logregel.objects.filter(doel="rechten_betrokkene", object_id=str(aanmelding.pk)).exists()
    assert [m.subject for m in mailoutbox] == [f"Uw aanmelding {aanmelding.pk}: beëindigd"]


def test_sociaal_werker_of_another_team_cannot_withdraw(wereld, ingelogd):
    aanmelding = maak_aanmelding(wereld)
    client = ingelogd(wereld.sociaal_werker_b)
    response = client.post(
        reverse("aanmeldingen:toestemming_intrekken", args=[aanmelding.pk]), {"bevestigen": "on"}
    )
    assert response.status_code == 404
    aanmelding.refresh_from_db()
    assert aanmelding.toestemming_ingetrokken_op is None

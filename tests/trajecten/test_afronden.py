"""Ending a traject and closing nazorg are never silent: ending asks for a confirmation, and
closing nazorg before the agreed end or without the agreed contacts asks for a reason too.
The rules live in the services; the dossier shows them as a second step of the form."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from tests.conftest import dt, traject_op_stap
from trajecten.models import Contactmoment, EindeReden, Fase, Nazorgplan, Traject
from trajecten.services import contactmoment_vastleggen, nazorg_afronden, traject_beeindigen

pytestmark = pytest.mark.django_db


def _in_nazorg(wereld, start: date) -> Traject:
    """A traject in nazorg from ``start``: 6 months, monthly (6 agreed contacts)."""
    return traject_op_stap(
        wereld,
        Fase.NAZORG,
        op=dt(start.year, start.month, start.day) - timedelta(days=30),
        momenten={Fase.NAZORG: dt(start.year, start.month, start.day)},
        nazorg_start=start,
    )


def _contacten_houden(traject: Traject, klok, overslaan: int = 0) -> None:
    """Hold the agreed contacts on their days, all but the last ``overslaan``."""
    contacten = list(traject.nazorgplan.contacten.all())
    for contact in contacten[: len(contacten) - overslaan]:
        klok(dt(contact.gepland_op.year, contact.gepland_op.month, contact.gepland_op.day, 12))
        traject.refresh_from_db()
        contactmoment_vastleggen(
            traject=traject,
            door=traject.werkcoach,
            versie=traject.versie,
            datum=dt(contact.gepland_op.year, contact.gepland_op.month, contact.gepland_op.day),
            soort=Contactmoment.Soort.NAZORG,
            verslag="Gaat goed.",
            met_wie="Inwoner",
            nazorgcontact=contact,
        )


def test_ending_a_traject_without_confirmation_is_refused_and_changes_nothing(wereld):
    traject = traject_op_stap(wereld, Fase.ORIENTATIE)
    with pytest.raises(ValidationError) as fout:
        traject_beeindigen(traject=traject, door=wereld.werkcoach, reden=EindeReden.VERHUISD)
    assert list(fout.value.message_dict) == ["bevestigd"]
    assert "Verhuisd buiten de gemeente" in fout.value.message_dict["bevestigd"][0]
    assert "niet ongedaan" in fout.value.message_dict["bevestigd"][0]
    traject.refresh_from_db()
    assert traject.is_open and traject.fase == Fase.ORIENTATIE
    traject_beeindigen(
        traject=traject, door=wereld.werkcoach, reden=EindeReden.VERHUISD, bevestigd=True
    )
    traject.refresh_from_db()
    assert traject.fase == Fase.AFGESLOTEN


def test_a_missing_reason_is_asked_before_the_confirmation(wereld):
    traject = traject_op_stap(wereld, Fase.GESPREK)
    with pytest.raises(ValidationError) as fout:
        traject_beeindigen(traject=traject, door=wereld.werkcoach, reden="", bevestigd=False)
    assert list(fout.value.message_dict) == ["reden"]


def test_closing_nazorg_on_its_first_day_needs_a_reason_and_a_confirmation(wereld, klok):
    klok(date(2025, 3, 3))
    traject = _in_nazorg(wereld, date(2025, 3, 3))
    with pytest.raises(ValidationError) as fout:
        nazorg_afronden(traject=traject, door=wereld.werkcoach, uitkomst="werk")
    fouten = fout.value.message_dict
    assert set(fouten) == {"reden_eerder", "bevestigd"}
    assert "loopt tot 03-09-2025" in fouten["reden_eerder"][0]
    assert "6 van de 6 afgesproken contacten zijn nog niet gehouden" in fouten["reden_eerder"][0]
    # A reason alone is not enough, nor a confirmation alone (a blank reason counts as none).
    with pytest.raises(ValidationError) as fout:
        nazorg_afronden(
            traject=traject, door=wereld.werkcoach, uitkomst="werk", reden_eerder="Werk."
        )
    assert set(fout.value.message_dict) == {"bevestigd"}
    with pytest.raises(ValidationError) as fout:
        nazorg_afronden(
            traject=traject,
            door=wereld.werkcoach,
            uitkomst="werk",
            reden_eerder="   ",
            bevestigd=True,
        )
    assert set(fout.value.message_dict) == {"reden_eerder"}
    traject.refresh_from_db()
    assert traject.fase == Fase.NAZORG and traject.nazorgplan.afgerond_op is None
    nazorg_afronden(
        traject=traject,
        door=wereld.werkcoach,
        uitkomst="werk",
        reden_eerder="Vast contract; wil geen nazorg meer.",
        bevestigd=True,
    )
    plan = Nazorgplan.objects.get(traject=traject)
    assert plan.reden_eerder_afgerond == "Vast contract; wil geen nazorg meer."
    assert plan.afgerond_op == date(2025, 3, 3)
    assert Traject.objects.get(pk=traject.pk).einde_reden == EindeReden.NAZORG_AFGEROND


def test_closing_nazorg_after_the_end_with_a_contact_missed_still_asks_a_reason(wereld, klok):
    klok(date(2025, 3, 3))
    traject = _in_nazorg(wereld, date(2025, 3, 3))
    _contacten_houden(traject, klok, overslaan=1)
    traject.refresh_from_db()
    klok(date(2025, 9, 10))
    with pytest.raises(ValidationError) as fout:
        nazorg_afronden(traject=traject, door=wereld.werkcoach, uitkomst="werk")
    melding = fout.value.message_dict["reden_eerder"][0]
    assert "1 van de 6 afgesproken contacten is nog niet gehouden" in melding
    assert "loopt tot" not in melding


def test_closing_nazorg_as_agreed_needs_no_reason_and_no_confirmation(wereld, klok):
    klok(date(2025, 3, 3))
    traject = _in_nazorg(wereld, date(2025, 3, 3))
    _contacten_houden(traject, klok)
    traject.refresh_from_db()
    klok(date(2025, 9, 3))  # the agreed end: six months after the start
    nazorg_afronden(traject=traject, door=wereld.werkcoach, uitkomst="opleiding")
    plan = Nazorgplan.objects.get(traject=traject)
    assert plan.uitkomst == "opleiding" and plan.reden_eerder_afgerond == ""
    assert Traject.objects.get(pk=traject.pk).fase == Fase.AFGESLOTEN


def _post(client, naam, traject, data, htmx=True):
    url = reverse(f"trajecten:dossier_{naam}", kwargs={"pk": traject.pk})
    payload = {f"{naam}-{k}": v for k, v in data.items()}
    return client.post(url, payload, headers={"HX-Request": "true"} if htmx else {})


@pytest.mark.parametrize("htmx", [True, False])
def test_the_dossier_asks_the_confirmation_as_a_second_step(wereld, ingelogd, htmx):
    traject = traject_op_stap(wereld, Fase.VERVOLGTRAJECT)
    client = ingelogd(wereld.werkcoach)
    dossier = client.get(reverse("trajecten:dossier", kwargs={"pk": traject.pk})).content.decode()
    # The first step shows no confirmation box: only the reason.
    assert 'type="hidden" name="beeindigen-bevestigd"' in dossier
    assert 'type="checkbox" name="beeindigen-bevestigd"' not in dossier
    eerste = _post(
        client, "beeindigen", traject, {"versie": traject.versie, "reden": "verhuisd"}, htmx
    )
    html = eerste.content.decode()
    assert 'type="checkbox" name="beeindigen-bevestigd"' in html
    assert "Ja, beëindigen" in html and "Bevestigen en traject beëindigen" in html
    assert "niet ongedaan" in html
    assert Traject.objects.get(pk=traject.pk).is_open
    tweede = _post(
        client,
        "beeindigen",
        traject,
        {"versie": traject.versie, "reden": "verhuisd", "bevestigd": "on"},
        htmx,
    )
    assert tweede.status_code in (200, 302)
    assert Traject.objects.get(pk=traject.pk).fase == Fase.AFGESLOTEN


def test_the_dossier_asks_reason_and_confirmation_for_early_nazorg(wereld, ingelogd):
    traject = traject_op_stap(wereld, Fase.NAZORG)
    client = ingelogd(wereld.werkcoach)
    html = _post(
        client, "nazorg_afronden", traject, {"versie": traject.versie, "uitkomst": "werk"}
    ).content.decode()
    assert "Reden om de nazorg nu al af te ronden" in html and "Ja, nu afronden" in html
    assert "afgesproken contacten zijn nog niet gehouden" in html
    # The reason typed in the second step stays visible when the box was forgotten.
    html = _post(
        client,
        "nazorg_afronden",
        traject,
        {"versie": traject.versie, "uitkomst": "werk", "reden_eerder": "Vast werk."},
    ).content.decode()
    assert "Vast werk.</textarea>" in html and 'type="checkbox"' in html
    assert Traject.objects.get(pk=traject.pk).is_open
    _post(
        client,
        "nazorg_afronden",
        traject,
        {
            "versie": traject.versie,
            "uitkomst": "werk",
            "reden_eerder": "Vast werk.",
            "bevestigd": "on",
        },
    )
    traject.refresh_from_db()
    assert traject.fase == Fase.AFGESLOTEN
    assert traject.nazorgplan.reden_eerder_afgerond == "Vast werk."
    assert timezone.localdate(traject.beeindigd_op) == traject.nazorgplan.afgerond_op

"""The dossier: what it shows and every action in place, through the same services."""

from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from tests.conftest import maak_traject
from trajecten.models import Fase, Inzet, Participatiemeting, Traject
from trajecten.services import catalogus_laden
from werkcoach.models import Logregel


def _post(client, naam, traject, data, htmx=True):
    url = reverse(f"trajecten:dossier_{naam}", kwargs={"pk": traject.pk})
    payload = {f"{naam}-{k}": v for k, v in data.items()}
    headers = {"HX-Request": "true"} if htmx else {}
    return client.post(url, payload, headers=headers)


def _nu(delta_dagen=0):
    return (timezone.localtime() + timedelta(days=delta_dagen)).strftime("%Y-%m-%dT%H:%M")


@pytest.fixture
def traject(wereld):
    # The receivers of a handover serve the traject's gemeente, as in the demo data.
    wereld.roc.gemeenten.add(wereld.nop)
    wereld.werkcorporatie.gemeenten.add(wereld.nop)
    return maak_traject(wereld, op=timezone.now() - timedelta(days=10))


def test_dossier_shows_person_referral_and_consent_and_logs_the_view(wereld, ingelogd, traject):
    client = ingelogd(wereld.werkcoach)
    antwoord = client.get(reverse("trajecten:dossier", kwargs={"pk": traject.pk}))
    assert antwoord.status_code == 200
    html = antwoord.content.decode()
    assert traject.inwoner.volledige_naam in html
    assert "Wil graag aan het werk." in html
    assert "Toestemming" in html
    regel = Logregel.objects.get(actie="bekijken", inwoner_id=traject.inwoner_id)
    assert regel.doel == "begeleiding" and regel.actor == wereld.werkcoach


def _versie(traject):
    return Traject.objects.get(pk=traject.pk).versie


def test_the_whole_klantreis_runs_through_the_dossier_actions(wereld, ingelogd, traject):
    client = ingelogd(wereld.werkcoach)
    # The acceptance that made the fixture's traject is logged too (by its service).
    voor_de_acties = Logregel.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    catalogus_laden()
    stappen = [
        ("gesprek", {"gehouden_op": _nu(-9), "verslag": "Kennismaking thuis."}),
        ("meting", {"datum": "2026-01-05", "moment": "start", "trede": "2"}),
        ("orientatie", {"toelichting": "Open les ROC."}),
        (
            "inzet",
            {
                "instrument": str(
                    wereld.roc.pk
                    and __import__("trajecten.models").models.Instrument.objects.first().pk
                ),
                "status": "gepland",
                "kosten_gepland": "1.250,50",
            },
        ),
        (
            "vervolgtraject",
            {
                "route": "opleiding",
                "afgesproken_op": timezone.localdate().isoformat(),
                "onderwijsinstelling": str(wereld.roc.pk),
                "opleiding": "Helpende zorg",
                "bbl": "on",
                "werkgever": "Zorggroep Noordoostpolder",
            },
        ),
        (
            "overdracht",
            {
                "naar_organisatie": str(wereld.roc.pk),
                "naar_persoon": str(wereld.partner.pk),
                # Read when posted, as the refreshed dossier fills it in: built up front, "now"
                # could lie in the minute before the previous step.
                "overgedragen_op": _nu,
                "toelichting": "Start in september.",
            },
        ),
        (
            "nazorgplan",
            {
                "startdatum": timezone.localdate().isoformat(),
                "duur_maanden": "6",
                "frequentie": "maandelijks",
            },
        ),
        (
            "nazorg_afronden",
            {
                "uitkomst": "opleiding",
                "toelichting": "Gaat goed.",
                # On the plan's first day: early, so with a reason and the confirmation.
                "reden_eerder": "Zit goed op school.",
                "bevestigd": "on",
            },
        ),
    ]
    for naam, data in stappen:
        data = {k: v() if callable(v) else v for k, v in data.items()}
        antwoord = _post(client, naam, traject, {"versie": _versie(traject), **data})
        assert antwoord.status_code == 200, naam
        html = antwoord.content.decode()
        assert 'id="dossier"' in html and "<html" not in html, naam  # a partial, no page reload
        assert "is-invalid" not in html and "alert-danger" not in html, (naam, html[:3000])
    traject.refresh_from_db()
    assert traject.fase == Fase.AFGESLOTEN
    assert traject.einde_reden == "nazorg_afgerond"
    assert traject.nazorgplan.uitkomst == "opleiding"
    inzet = Inzet.objects.get(traject=traject)
    assert str(inzet.kosten_gepland) == "1250.50"
    assert Participatiemeting.objects.get(traject=traject).trede == 2
    assert traject.overdrachten.get().naar_persoon == wereld.partner
    assert Logregel.objects.filter(
        actie="wijzigen", inwoner_id=traject.inwoner_id, pk__gt=voor_de_acties
    ).count() == len(stappen)


def test_only_the_moves_the_state_machine_allows_are_offered(wereld, ingelogd, traject):
    client = ingelogd(wereld.werkcoach)
    html = client.get(reverse("trajecten:dossier", kwargs={"pk": traject.pk})).content.decode()
    assert "Kennismakingsgesprek vastleggen" in html
    assert "Traject beëindigen" in html
    assert "Vervolgtraject afspreken" not in html
    assert "Nazorgplan afspreken" not in html
    # A move the state machine does not allow is refused by the service, even when posted.
    antwoord = _post(
        client,
        "nazorgplan",
        traject,
        {
            "versie": _versie(traject),
            "startdatum": "2026-01-01",
            "duur_maanden": "6",
            "frequentie": "maandelijks",
        },
    )
    assert "Nazorg volgt op de overdracht." in antwoord.content.decode()
    traject.refresh_from_db()
    assert traject.fase == Fase.GESPREK


def test_ending_early_needs_a_reason_and_closes_the_traject(wereld, ingelogd, traject):
    client = ingelogd(wereld.werkcoach)
    antwoord = _post(client, "beeindigen", traject, {"versie": _versie(traject), "reden": ""})
    assert "Dit veld is verplicht" in antwoord.content.decode()
    antwoord = _post(
        client,
        "beeindigen",
        traject,
        {"versie": _versie(traject), "reden": "anders", "toelichting": " "},
    )
    assert "Licht de reden" in antwoord.content.decode()
    assert Traject.objects.get(pk=traject.pk).is_open
    antwoord = _post(
        client, "beeindigen", traject, {"versie": _versie(traject), "reden": "verhuisd"}
    )
    assert "Ja, beëindigen" in antwoord.content.decode()
    assert Traject.objects.get(pk=traject.pk).is_open
    antwoord = _post(
        client,
        "beeindigen",
        traject,
        {"versie": _versie(traject), "reden": "verhuisd", "bevestigd": "on"},
    )
    traject.refresh_from_db()
    assert traject.fase == Fase.AFGESLOTEN and traject.einde_reden == "verhuisd"
    assert "Dit traject is afgesloten" in antwoord.content.decode()


def test_a_second_tab_with_an_old_version_is_refused_with_a_clear_message(
    wereld, ingelogd, traject
):
    client = ingelogd(wereld.werkcoach)
    oud = _versie(traject)
    eerste = _post(
        client,
        "contactmoment",
        traject,
        {"versie": oud, "datum": _nu(), "soort": "telefoon", "verslag": "Gebeld."},
    )
    assert "Contactmoment vastgelegd." in eerste.content.decode()
    tweede = _post(
        client,
        "beeindigen",
        traject,
        {"versie": oud, "reden": "geen_interesse"},
    )
    html = tweede.content.decode()
    assert "Iemand anders heeft dit dossier intussen gewijzigd" in html
    traject.refresh_from_db()
    assert traject.is_open
    assert Logregel.objects.filter(resultaat="geweigerd", inwoner_id=traject.inwoner_id).exists()


def test_a_double_submit_of_a_contactmoment_records_it_once(wereld, ingelogd, traject):
    client = ingelogd(wereld.werkcoach)
    data = {"versie": _versie(traject), "datum": _nu(), "soort": "telefoon", "verslag": "Gebeld."}
    data["indieningssleutel"] = "6f1c1b9e-5d7a-4f7e-9a51-0c6d2b8e4a11"
    _post(client, "contactmoment", traject, data)
    tweede = _post(client, "contactmoment", traject, data).content.decode()
    assert traject.contactmomenten.count() == 1
    # The user's own contact was saved: no "someone else changed the dossier".
    assert "Iemand anders" not in tweede
    assert "Dit was al vastgelegd (Telefonisch op" in tweede


def test_person_data_edit_refuses_a_stale_version(wereld, ingelogd, traject):
    client = ingelogd(wereld.werkcoach)
    inwoner = traject.inwoner
    url = reverse("trajecten:dossier_persoon", kwargs={"pk": traject.pk})
    velden = {
        "voornaam": "Anna",
        "achternaam": "de Vries",
        "postcode": "8302ab",
        "woonplaats": "Ens",
        "doelgroep": "jongere",
        "uitkeringssituatie": "geen",
    }
    data = {f"persoon-{k}": v for k, v in {**velden, "versie": inwoner.versie}.items()}
    antwoord = client.post(url, data, headers={"HX-Request": "true"})
    assert "De persoonsgegevens zijn opgeslagen." in antwoord.content.decode()
    inwoner.refresh_from_db()
    assert inwoner.voornaam == "Anna" and inwoner.postcode == "8302 AB"
    data["persoon-voornaam"] = "Anne"
    antwoord = client.post(url, data, headers={"HX-Request": "true"})
    assert "Iemand anders heeft dit dossier intussen gewijzigd" in antwoord.content.decode()
    inwoner.refresh_from_db()
    assert inwoner.voornaam == "Anna"


def test_without_htmx_an_action_redirects_back_to_the_dossier(wereld, ingelogd, traject):
    client = ingelogd(wereld.werkcoach)
    antwoord = _post(
        client,
        "contactmoment",
        traject,
        {"versie": _versie(traject), "datum": _nu(), "soort": "telefoon", "verslag": "Gebeld."},
        htmx=False,
    )
    assert antwoord.status_code == 302
    assert antwoord["Location"] == reverse("trajecten:dossier", kwargs={"pk": traject.pk})


def test_a_new_handover_notifies_the_receiver_once(
    wereld, ingelogd, django_capture_on_commit_callbacks
):
    from tests.conftest import traject_op_stap
    from trajecten.services import overdracht_melding_versturen

    wereld.roc.gemeenten.add(wereld.nop)
    traject = traject_op_stap(wereld, Fase.VERVOLGTRAJECT)
    client = ingelogd(wereld.werkcoach)
    with django_capture_on_commit_callbacks(execute=True):
        _post(
            client,
            "overdracht",
            traject,
            {
                "versie": _versie(traject),
                "naar_organisatie": str(wereld.roc.pk),
                "naar_persoon": str(wereld.partner.pk),
                "overgedragen_op": _nu(),
            },
        )
    aan_ontvanger = [m for m in mail.outbox if m.to == [wereld.partner.email]]
    assert len(aan_ontvanger) == 1
    assert traject.inwoner.achternaam not in aan_ontvanger[0].body  # no personal data in e-mail
    overdracht = traject.overdrachten.get()
    assert overdracht.melding_verstuurd_op is not None
    assert overdracht_melding_versturen(overdracht_pk=overdracht.pk) is False
    assert len([m for m in mail.outbox if m.to == [wereld.partner.email]]) == 1


def test_a_step_taken_in_the_dossier_tells_the_referrer_at_once(
    wereld, ingelogd, traject, django_capture_on_commit_callbacks
):
    client = ingelogd(wereld.werkcoach)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        _post(
            client,
            "beeindigen",
            traject,
            {"versie": _versie(traject), "reden": "verhuisd", "bevestigd": "on"},
        )
    aan_verwijzer = [m for m in mail.outbox if wereld.sociaal_werker.email in m.to]
    assert len(aan_verwijzer) == 1
    assert traject.inwoner.achternaam not in aan_verwijzer[0].body
    # A second action that changes nothing the referrer sees sends nothing more.
    with django_capture_on_commit_callbacks(execute=True):
        _post(
            client,
            "beeindigen",
            traject,
            {"versie": _versie(traject), "reden": "verhuisd", "bevestigd": "on"},
        )
    assert len([m for m in mail.outbox if wereld.sociaal_werker.email in m.to]) == 1


def test_the_dossier_shows_who_looked_at_it_and_links_the_avg_rights(wereld, ingelogd, traject):
    client = ingelogd(wereld.werkcoach)
    url = reverse("trajecten:dossier", kwargs={"pk": traject.pk})
    client.get(url)
    html = client.get(url).content.decode()
    assert "Wie heeft dit dossier bekeken" in html
    # Two views by the same person on the same day: one row, with the name, not the user name.
    sectie = html[html.index('id="wie-keek-titel"') :]
    assert sectie.count(wereld.werkcoach.get_full_name()) == 1
    assert f">{wereld.werkcoach.username}<" not in sectie
    assert "2×" in sectie and "WerkCorporatie, werkcoach" in sectie
    assert reverse("avg:inzage_pdf", kwargs={"pk": traject.inwoner_id}) in html
    assert reverse("aanmeldingen:aanmelding_detail", kwargs={"pk": traject.aanmelding_id}) in html

"""The partner API called as a partner system calls it: a token in the Authorization header,
JSON in and out, problem details for every refusal."""

import json
import re
from datetime import date

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from api.models import Partnertoken
from api.services import partnertoken_create, partnertoken_intrekken
from cases.models import Aanmelding
from rapportage.documenten import dashboard_context, verantwoording_context
from rapportage.kpi import Periode
from rapportage.models import Rapport
from tests.conftest import _gebruiker
from tests.werkcoach.test_vijandige_invoer import vijandig
from werkcoach.models import Logregel, Rol

AANMELDINGEN = "/api/v1/aanmeldingen"


@pytest.fixture
def koppeling(wereld):
    """Carrefour's system: a koppelaccount in gebiedsteam A, and its token."""
    account = _gebruiker(
        "carrefour-systeem", wereld.carrefour, [Rol.SOCIAAL_WERKER], [wereld.nop], [wereld.team_a]
    )
    token, sleutel = partnertoken_create(
        organisatie=wereld.carrefour, gebruiker=account, naam="Registratiesysteem"
    )
    return token, sleutel


def _kop(sleutel, **extra):
    return {"HTTP_AUTHORIZATION": f"Bearer {sleutel}", **extra}


def _aanmelding(wereld, **anders):
    inhoud = {
        "gebiedsteam": wereld.team_a.pk,
        "inwoner": {
            "voornaam": "Sanne",
            "achternaam": "de Vries",
            "doelgroep": "jongere",
            "telefoon": "06-12345678",
        },
        "signaal": "Wil graag weer aan het werk.",
        "toestemming": {
            "gegeven": True,
            "datum": "2024-03-01",
            "wijze": "mondeling",
            "omvang": "Contact met de werkcoach",
        },
    }
    inhoud.update(anders)
    return inhoud


def _post(client, sleutel, inhoud, **kop):
    return client.post(
        AANMELDINGEN, json.dumps(inhoud), content_type="application/json", **_kop(sleutel, **kop)
    )


def _probleem(antwoord, status):
    assert antwoord.status_code == status, antwoord.content
    assert antwoord["Content-Type"] == "application/problem+json"
    assert antwoord["API-Version"] == "1.0.0"
    p = antwoord.json()
    assert p["status"] == status
    assert p["type"].startswith("https://") and p["title"] and p["detail"]
    return p


def test_a_partner_system_submits_a_referral_and_gets_its_id_and_status(client, wereld, koppeling):
    token, sleutel = koppeling
    antwoord = _post(client, sleutel, _aanmelding(wereld), HTTP_IDEMPOTENCY_KEY="reg-1")
    assert antwoord.status_code == 201, antwoord.content
    assert antwoord["API-Version"] == "1.0.0"
    uit = antwoord.json()
    a = Aanmelding.objects.get(pk=uit["id"])
    assert (uit["status"], uit["status_omschrijving"]) == ("nieuw", "Nieuw")
    assert a.gebiedsteam == wereld.team_a and a.aangemeld_door == token.gebruiker
    assert a.toestemming_gegeven and a.toestemming_wijze == "mondeling"
    assert a.inwoner.achternaam == "de Vries"
    # the service logged the referral in the koppelaccount's name
    assert Logregel.objects.filter(
        actie="aanmaken", doel="verwijzing", actor=token.gebruiker, object_id=str(a.pk)
    ).exists()


def test_the_same_idempotency_key_twice_makes_one_referral(client, wereld, koppeling):
    _, sleutel = koppeling
    eerste = _post(client, sleutel, _aanmelding(wereld), HTTP_IDEMPOTENCY_KEY="reg-7")
    tweede = _post(client, sleutel, _aanmelding(wereld), HTTP_IDEMPOTENCY_KEY="reg-7")
    assert (eerste.status_code, tweede.status_code) == (201, 200)
    assert eerste.json()["id"] == tweede.json()["id"]
    assert Aanmelding.objects.count() == 1


def test_another_organisations_key_does_not_find_this_referral(client, wereld, koppeling):
    _, sleutel = koppeling
    _post(client, sleutel, _aanmelding(wereld), HTTP_IDEMPOTENCY_KEY="reg-1")
    urk_account = _gebruiker(
        "welzijn-urk-systeem",
        wereld.team_urk.organisatie,
        [Rol.SOCIAAL_WERKER],
        [wereld.urk],
        [wereld.team_urk],
    )
    _, urk_sleutel = partnertoken_create(
        organisatie=wereld.team_urk.organisatie, gebruiker=urk_account, naam="Urk"
    )
    inhoud = _aanmelding(wereld, gebiedsteam=wereld.team_urk.pk)
    antwoord = _post(client, urk_sleutel, inhoud, HTTP_IDEMPOTENCY_KEY="reg-1")
    assert antwoord.status_code == 201
    assert Aanmelding.objects.count() == 2
    assert Aanmelding.objects.get(pk=antwoord.json()["id"]).gemeente == wereld.urk


@pytest.mark.parametrize("kop", [{}, {"HTTP_AUTHORIZATION": "Bearer fout"}, {"HTTP_X": "y"}])
def test_without_a_valid_token_the_answer_is_401_and_nothing_is_saved(client, wereld, kop):
    antwoord = client.post(
        AANMELDINGEN, json.dumps(_aanmelding(wereld)), content_type="application/json", **kop
    )
    _probleem(antwoord, 401)
    assert antwoord["WWW-Authenticate"].startswith("Bearer")
    assert not Aanmelding.objects.exists()
    assert Logregel.objects.filter(actie="inloggen_mislukt", resultaat="geweigerd").exists()


def test_a_revoked_token_is_refused(client, wereld, koppeling):
    token, sleutel = koppeling
    partnertoken_intrekken(token=token)
    _probleem(_post(client, sleutel, _aanmelding(wereld)), 401)


def test_a_session_login_counts_for_nothing(client, wereld):
    client.force_login(wereld.sociaal_werker)
    _probleem(
        client.get(f"/api/v1/pilots/{wereld.pilot.pk}/kerncijfers?van=2024-01-01&tot=2024-01-31"),
        401,
    )


def test_only_a_hash_of_the_token_is_stored(koppeling):
    token, sleutel = koppeling
    opgeslagen = Partnertoken.objects.filter(pk=token.pk).values().get()
    assert sleutel not in json.dumps(opgeslagen, default=str)
    assert len(sleutel) >= 40 and opgeslagen["voorvoegsel"] == sleutel[:8]


def test_without_consent_there_is_no_referral(client, wereld, koppeling):
    _, sleutel = koppeling
    inhoud = _aanmelding(wereld)
    inhoud["toestemming"]["gegeven"] = False
    p = _probleem(_post(client, sleutel, inhoud), 400)
    assert [v["name"] for v in p["invalidParams"]] == ["toestemming.gegeven"]
    assert "Zonder toestemming" in p["invalidParams"][0]["reason"]
    assert not Aanmelding.objects.exists()


def test_invalid_fields_are_named_with_a_dutch_reason(client, wereld, koppeling):
    _, sleutel = koppeling
    inhoud = _aanmelding(wereld, signaal="", contactvoorkeur="duif")
    inhoud["inwoner"]["doelgroep"] = "kat"
    inhoud["inwoner"]["email"] = "geen-adres"
    p = _probleem(_post(client, sleutel, inhoud), 400)
    redenen = {v["name"]: v["reason"] for v in p["invalidParams"]}
    assert set(redenen) == {"signaal", "contactvoorkeur", "inwoner.doelgroep", "inwoner.email"}
    assert "verplicht" in redenen["signaal"]
    assert "geldig e-mailadres" in redenen["inwoner.email"]
    assert not Aanmelding.objects.exists()


def test_malformed_json_and_types_are_problems_too(client, wereld, koppeling):
    _, sleutel = koppeling
    inhoud = _aanmelding(wereld)
    inhoud["toestemming"]["datum"] = "01-03-2024"
    del inhoud["inwoner"]["voornaam"]
    p = _probleem(_post(client, sleutel, inhoud), 400)
    assert {v["name"]: v["reason"] for v in p["invalidParams"]} == {
        "inwoner.voornaam": "Dit veld is verplicht.",
        "toestemming.datum": "Geen geldige datum; gebruik jjjj-mm-dd.",
    }
    kapot = client.post(AANMELDINGEN, "{niet", content_type="application/json", **_kop(sleutel))
    _probleem(kapot, 400)


def test_a_gebiedsteam_outside_the_koppelaccount_is_refused(client, wereld, koppeling):
    _, sleutel = koppeling
    for team in (wereld.team_b, wereld.team_urk):
        p = _probleem(_post(client, sleutel, _aanmelding(wereld, gebiedsteam=team.pk)), 400)
        assert [v["name"] for v in p["invalidParams"]] == ["gebiedsteam"]
    assert not Aanmelding.objects.exists()


def _kerncijfers(client, sleutel, pilot, van="2024-01-01", tot="2024-12-31"):
    return client.get(f"/api/v1/pilots/{pilot.pk}/kerncijfers?van={van}&tot={tot}", **_kop(sleutel))


def test_another_gemeentes_pilot_is_not_found(client, wereld, koppeling):
    token, sleutel = koppeling
    _probleem(_kerncijfers(client, sleutel, wereld.pilot_urk), 404)
    assert Logregel.objects.filter(actor=token.gebruiker, resultaat="geweigerd").exists()


def test_a_period_that_ends_before_it_starts_is_refused(client, wereld, koppeling):
    _, sleutel = koppeling
    p = _probleem(_kerncijfers(client, sleutel, wereld.pilot, tot="2023-12-31"), 400)
    assert p["invalidParams"][0]["name"] == "tot"
    p = _probleem(_kerncijfers(client, sleutel, wereld.pilot, van="gisteren"), 400)
    assert p["invalidParams"][0]["name"] == "van"


def test_the_figures_equal_the_verantwoording_and_the_dashboard(
    client,
    wereld,
    koppeling,
    geschiedenis,
    klok,
):
    klok(date(2025, 2, 1))
    token, sleutel = koppeling
    wereld.pilot.drempel_kleine_aantallen = 3
    wereld.pilot.save()
    antwoord = _kerncijfers(client, sleutel, wereld.pilot)
    assert antwoord.status_code == 200, antwoord.content
    uit = antwoord.json()
    rapport = Rapport.objects.create(
        pilot=wereld.pilot,
        soort=Rapport.Soort.VERANTWOORDING,
        periode_start=date(2024, 1, 1),
        periode_eind=date(2024, 12, 31),
    )
    v = verantwoording_context(rapport)["v"]
    assert uit["cijfers"] == {naam: v[naam] for naam in uit["cijfers"]}
    assert uit["conversie"] == v["conversie"]
    assert "x" in uit["cijfers"].values()  # the threshold of 3 hides something
    assert isinstance(uit["cijfers"]["aanmeldingen"], int) and uit["cijfers"]["aanmeldingen"] > 3
    # the dashboard shows the unsuppressed counts: every figure the API shows is the same
    dashboard = dashboard_context(wereld.pilot, Periode.jaar(2024), None, date(2025, 2, 1))["v"]
    for naam, waarde in uit["cijfers"].items():
        assert waarde in ("x", dashboard[naam]), naam
    assert Logregel.objects.filter(
        actor=token.gebruiker,
        actie="bekijken",
        doel="verantwoording",
        object_id=str(wereld.pilot.pk),
    ).exists()


def test_the_openapi_document_is_served_and_lists_both_paths(client):
    antwoord = client.get("/api/v1/openapi.json")
    assert antwoord.status_code == 200
    assert antwoord["API-Version"] == "1.0.0"
    document = json.loads(antwoord.content)
    assert document["openapi"].startswith("3.")
    assert set(document["paths"]) == {
        "/api/v1/aanmeldingen",
        "/api/v1/pilots/{pilot_id}/kerncijfers",
    }
    assert all(not p.endswith("/") for p in document["paths"])
    assert "bearer" in json.dumps(document["components"]["securitySchemes"]).lower()


def test_an_unknown_path_and_a_wrong_method_are_problems(client, koppeling):
    _, sleutel = koppeling
    _probleem(client.get("/api/v1/inwoners", **_kop(sleutel)), 404)
    p = _probleem(client.delete(AANMELDINGEN, **_kop(sleutel)), 405)
    assert p["title"] == "Methode niet toegestaan"


def test_every_reference_in_the_openapi_document_resolves(client):
    document = client.get("/api/v1/openapi.json").json()
    tekst = json.dumps(document)
    verwijzingen = set(re.findall(r'"\$ref": "#/components/schemas/([^"]+)"', tekst))
    assert verwijzingen >= {"AanmeldingIn", "Kerncijfers", "Probleem"}
    assert verwijzingen <= set(document["components"]["schemas"])
    for pad, operaties in document["paths"].items():
        for operatie in operaties.values():
            assert {"200", "401", "404"} <= set(operatie["responses"]) or pad.endswith(
                "aanmeldingen"
            )
            assert operatie["security"] == [{"PartnerToken": []}]


VELDEN = (
    "signaal",
    "wens",
    "contactvoorkeur",
    "inwoner.voornaam",
    "inwoner.bsn",
    "inwoner.postcode",
    "inwoner.email",
    "toestemming.wijze",
    "toestemming.omvang",
)


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(veld=st.sampled_from(VELDEN), waarde=vijandig)
def test_hostile_input_never_crashes_and_a_refusal_saves_nothing(
    client, wereld, koppeling, veld, waarde
):
    _, sleutel = koppeling
    inhoud = _aanmelding(wereld)
    deel, _, naam = veld.rpartition(".")
    (inhoud[deel] if deel else inhoud)[naam] = waarde
    voor = Aanmelding.objects.count()
    antwoord = _post(client, sleutel, inhoud)
    assert antwoord.status_code in (201, 400, 409, 429), antwoord.content
    if antwoord.status_code == 201:
        assert Aanmelding.objects.count() == voor + 1
    else:
        _probleem(antwoord, antwoord.status_code)
        assert Aanmelding.objects.count() == voor

"""The sociaal werker refers a resident: consent, validation, duplicates, double submits."""

import re
import uuid
from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from cases.models import Aanmelding, Inwoner
from cases.services import DubbeleInwoner, aanmelding_create
from tests.conftest import maak_aanmelding
from werkcoach.models import Logregel

GELDIG_BSN = "111222333"


def formulier(**anders) -> dict:
    data = {
        "gebiedsteam": "",
        "voornaam": "Fatima",
        "tussenvoegsel": "",
        "achternaam": "El Amrani",
        "geboortedatum": "1998-03-14",
        "bsn": "",
        "straat": "Lange Nering",
        "huisnummer": "12",
        "postcode": "8302ab",
        "woonplaats": "Emmeloord",
        "telefoon": "0612345678",
        "email": "",
        "doelgroep": "alleenstaande_ouder",
        "uitkeringssituatie": "geen",
        "signaal": "Wil weer aan het werk nu de kinderen naar school gaan.",
        "wens": "Iets in de zorg.",
        "contactvoorkeur": "telefoon",
        "contact_moment_voorkeur": "dinsdagochtend",
        "toestemming_gegeven": "on",
        "toestemming_datum": date.today().isoformat(),
        "toestemming_wijze": "mondeling",
        "toestemming_omvang": "Gegevens delen met de werkcoach.",
        "indieningssleutel": str(uuid.uuid4()),
    }
    data.update(anders)
    return {k: v for k, v in data.items() if v is not None}


@pytest.fixture
def sw(wereld, ingelogd):
    return ingelogd(wereld.sociaal_werker)


def post(client, wereld, **anders):
    data = formulier(**{"gebiedsteam": str(wereld.team_a.pk), **anders})
    return client.post(reverse("cases:aanmelding_nieuw"), data)


def test_referral_is_saved_with_consent_details_and_logged(sw, wereld):
    response = post(sw, wereld)
    aanmelding = Aanmelding.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("aanmeldingen:aanmelding_detail", args=[aanmelding.pk])
    assert aanmelding.toestemming_gegeven is True
    assert aanmelding.toestemming_datum == date.today()
    assert aanmelding.toestemming_wijze == "mondeling"
    assert aanmelding.toestemming_omvang == "Gegevens delen met de werkcoach."
    assert aanmelding.gebiedsteam == wereld.team_a
    assert aanmelding.inwoner.postcode == "8302 AB"
    assert aanmelding.inwoner.uitkeringssituatie == "geen"
    assert Logregel.objects.filter(
        actie="aanmaken", object_id=str(aanmelding.pk), inwoner_id=aanmelding.inwoner_id
    ).exists()


def test_form_without_consent_saves_nothing_and_says_why(sw, wereld):
    response = post(sw, wereld, toestemming_gegeven=None)
    assert response.status_code == 400
    fouten = response.context["form"].errors
    assert "Zonder toestemming van de inwoner" in fouten["toestemming_gegeven"][0]
    assert "Zonder toestemming van de inwoner" in response.content.decode()
    assert not Aanmelding.objects.exists()
    assert not Inwoner.objects.exists()


def test_service_without_consent_refuses(wereld):
    with pytest.raises(ValidationError) as fout:
        aanmelding_create(
            door=wereld.sociaal_werker,
            gebiedsteam=wereld.team_a,
            inwoner_gegevens={"voornaam": "A", "achternaam": "B"},
            signaal="Wil werken.",
            toestemming_gegeven=False,
            toestemming_datum=date.today(),
            toestemming_wijze="mondeling",
        )
    assert "toestemming_gegeven" in fout.value.message_dict
    assert not Inwoner.objects.exists()


@pytest.mark.parametrize(
    ("veld", "waarde", "melding"),
    [
        ("postcode", "83021AB", "geldige postcode"),
        ("bsn", "123456789", "11-proef"),
        ("geboortedatum", "2999-01-01", "toekomst"),
        ("toestemming_datum", "2999-01-01", "toekomst"),
        ("signaal", "kort", "minstens 10 tekens"),
        ("telefoon", "", "telefoonnummer"),
        ("voornaam", "", "verplicht"),
        ("toestemming_wijze", "", "verplicht"),
    ],
)
def test_bad_input_gives_a_dutch_error_on_the_field(sw, wereld, veld, waarde, melding):
    response = post(sw, wereld, **{veld: waarde})
    assert response.status_code == 400
    assert melding in " ".join(response.context["form"].errors[veld])
    assert not Aanmelding.objects.exists()
    assert not Inwoner.objects.exists()


def test_error_summary_links_to_the_field(sw, wereld):
    response = post(sw, wereld, postcode="xx")
    html = response.content.decode()
    assert 'href="#id_postcode"' in html
    assert 'aria-invalid="true"' in html


def test_double_submit_gives_one_referral(sw, wereld):
    sleutel = str(uuid.uuid4())
    eerste = post(sw, wereld, indieningssleutel=sleutel)
    tweede = post(sw, wereld, indieningssleutel=sleutel)
    assert Aanmelding.objects.count() == 1
    assert Inwoner.objects.count() == 1
    assert eerste["Location"] == tweede["Location"]


def test_service_with_the_same_key_returns_the_first_referral(wereld):
    sleutel = uuid.uuid4()
    kwargs = {
        "door": wereld.sociaal_werker,
        "gebiedsteam": wereld.team_a,
        "inwoner_gegevens": {"voornaam": "Jan", "achternaam": "Smit"},
        "signaal": "Wil werken.",
        "toestemming_gegeven": True,
        "toestemming_datum": date.today(),
        "toestemming_wijze": "digitaal",
        "indieningssleutel": sleutel,
    }
    assert aanmelding_create(**kwargs).pk == aanmelding_create(**kwargs).pk
    assert Aanmelding.objects.count() == 1


@pytest.mark.parametrize(
    "bestaand",
    [
        {"bsn": GELDIG_BSN, "voornaam": "Anders", "achternaam": "Iemand"},
        {"voornaam": "fatima", "achternaam": "el amrani", "geboortedatum": date(1998, 3, 14)},
    ],
    ids=["same-bsn", "same-name-and-birth-date"],
)
def test_duplicate_resident_is_warned_and_nothing_is_created(sw, wereld, bestaand):
    eerdere = maak_aanmelding(wereld, **bestaand)
    response = post(sw, wereld, bsn=GELDIG_BSN if "bsn" in bestaand else "")
    html = response.content.decode()
    assert response.status_code == 200
    assert "Deze inwoner is mogelijk al bekend" in html
    assert f'name="bestaande_inwoner" value="{eerdere.inwoner_id}"' in html
    assert reverse("aanmeldingen:aanmelding_detail", args=[eerdere.pk]) in html
    assert Inwoner.objects.count() == 1
    assert Aanmelding.objects.count() == 1


def test_choosing_the_existing_resident_links_the_new_referral_to_them(sw, wereld):
    eerdere = maak_aanmelding(wereld, bsn=GELDIG_BSN)
    response = post(sw, wereld, bsn=GELDIG_BSN, bestaande_inwoner=str(eerdere.inwoner_id))
    assert response.status_code == 302
    nieuw = Aanmelding.objects.exclude(pk=eerdere.pk).get()
    assert nieuw.inwoner_id == eerdere.inwoner_id
    assert Inwoner.objects.count() == 1
    # What was missing is filled in from the new referral; what was known stays.
    inwoner = Inwoner.objects.get()
    assert inwoner.telefoon == "0612345678"
    assert inwoner.voornaam == eerdere.inwoner.voornaam
    assert inwoner.woonplaats == "Emmeloord"


def test_linking_never_overwrites_known_data(sw, wereld):
    eerdere = maak_aanmelding(wereld, bsn=GELDIG_BSN, telefoon="0511000000", woonplaats="Ens")
    post(sw, wereld, bsn=GELDIG_BSN, bestaande_inwoner=str(eerdere.inwoner_id))
    inwoner = Inwoner.objects.get()
    assert (inwoner.telefoon, inwoner.woonplaats) == ("0511000000", "Ens")


def test_an_unrelated_existing_resident_cannot_be_chosen(sw, wereld):
    ander = maak_aanmelding(wereld, voornaam="Niet", achternaam="Dezelfde")
    response = post(sw, wereld, bestaande_inwoner=str(ander.inwoner_id))
    assert response.status_code == 400
    assert "past niet bij de ingevulde gegevens" in response.content.decode()
    assert Aanmelding.objects.count() == 1


def test_duplicates_are_found_only_within_the_gemeente(wereld):
    maak_aanmelding(wereld, team=wereld.team_urk, bsn=GELDIG_BSN)
    aanmelding = maak_aanmelding(wereld, bsn=GELDIG_BSN)
    assert aanmelding.gemeente == wereld.nop
    assert Inwoner.objects.filter(bsn=GELDIG_BSN).count() == 2


def test_service_raises_dubbele_inwoner_with_the_existing_person(wereld):
    eerdere = maak_aanmelding(wereld, bsn=GELDIG_BSN)
    with pytest.raises(DubbeleInwoner) as fout:
        maak_aanmelding(wereld, bsn=GELDIG_BSN)
    assert fout.value.bestaande == [eerdere.inwoner]


def test_sociaal_werker_can_only_refer_for_their_own_team(sw, wereld):
    response = post(sw, wereld, gebiedsteam=str(wereld.team_b.pk))
    assert response.status_code == 400
    assert "gebiedsteam" in response.context["form"].errors
    assert not Aanmelding.objects.exists()


def test_sociaal_werker_without_a_team_is_told_why_they_cannot_refer(wereld, ingelogd):
    wereld.sociaal_werker.gebiedsteams.clear()
    wereld.sociaal_werker.refresh_from_db()
    html = ingelogd(wereld.sociaal_werker).get(reverse("cases:aanmelding_nieuw")).content.decode()
    assert "U hoort nog niet bij een gebiedsteam" in html
    assert 'id="aanmeldformulier"' not in html


# --- A BSN alone does not reveal who it belongs to ----------------------------------------------


def test_a_known_bsn_with_another_name_does_not_reveal_a_resident_of_another_team(wereld, ingelogd):
    # Referred by team B: the sociaal werker of team A cannot see this resident.
    eerdere = maak_aanmelding(
        wereld, team=wereld.team_b, bsn=GELDIG_BSN, voornaam="Geheim", achternaam="Persoon"
    )
    client = ingelogd(wereld.sociaal_werker)
    response = post(client, wereld, bsn=GELDIG_BSN)
    html = response.content.decode()
    assert "Deze inwoner is mogelijk al bekend. De werkcoach koppelt de aanmelding." in html
    assert "Geheim" not in html and "Persoon" not in html
    assert eerdere.inwoner.geboortedatum.strftime("%d-%m-%Y") not in html
    assert 'name="bestaande_inwoner"' not in html
    assert Aanmelding.objects.count() == 1
    # Nothing was disclosed, so nothing is logged as seen.
    assert not Logregel.objects.filter(
        actie="bekijken", inwoner_id=eerdere.inwoner_id, actor=wereld.sociaal_werker
    ).exists()


def test_a_hidden_resident_cannot_be_chosen_by_posting_their_number(wereld, ingelogd):
    eerdere = maak_aanmelding(
        wereld, team=wereld.team_b, bsn=GELDIG_BSN, voornaam="Geheim", achternaam="Persoon"
    )
    client = ingelogd(wereld.sociaal_werker)
    response = post(client, wereld, bsn=GELDIG_BSN, bestaande_inwoner=str(eerdere.inwoner_id))
    assert response.status_code == 400
    assert "Geheim" not in response.content.decode()
    assert Aanmelding.objects.count() == 1


def test_bsn_name_and_birth_date_all_matching_show_the_resident_and_log_it(wereld, ingelogd):
    eerdere = maak_aanmelding(
        wereld,
        team=wereld.team_b,
        bsn=GELDIG_BSN,
        voornaam="Fatima",
        achternaam="El Amrani",
        geboortedatum=date(1998, 3, 14),
    )
    client = ingelogd(wereld.sociaal_werker)
    response = post(client, wereld, bsn=GELDIG_BSN)
    html = response.content.decode()
    assert f'name="bestaande_inwoner" value="{eerdere.inwoner_id}"' in html
    regel = Logregel.objects.get(actie="bekijken", doel="verwijzing", inwoner_id=eerdere.inwoner_id)
    assert regel.actor == wereld.sociaal_werker
    response = post(client, wereld, bsn=GELDIG_BSN, bestaande_inwoner=str(eerdere.inwoner_id))
    assert response.status_code == 302
    assert Aanmelding.objects.filter(inwoner=eerdere.inwoner).count() == 2


def test_a_resident_in_own_scope_is_shown_and_logged(sw, wereld):
    eerdere = maak_aanmelding(wereld, bsn=GELDIG_BSN, voornaam="Anders", achternaam="Iemand")
    html = post(sw, wereld, bsn=GELDIG_BSN).content.decode()
    assert "Anders" in html
    assert Logregel.objects.filter(
        actie="bekijken", doel="verwijzing", inwoner_id=eerdere.inwoner_id
    ).exists()


# --- Issue 9, finding 4: the duplicate check is no BSN oracle -----------------------------------


def test_every_hidden_match_gets_the_same_neutral_message_and_a_log_row(wereld, ingelogd):
    verborgen = [
        maak_aanmelding(wereld, team=wereld.team_b, bsn=GELDIG_BSN, voornaam="Geheim"),
        maak_aanmelding(
            wereld,
            team=wereld.team_b,
            voornaam="Fatima",
            achternaam="El Amrani",
            geboortedatum=date(1998, 3, 14),
            bsn="",
        ),
    ]
    client = ingelogd(wereld.sociaal_werker)
    antwoorden = [
        post(client, wereld, bsn=GELDIG_BSN, voornaam="Ander", achternaam="Iemand"),
        post(client, wereld, bsn=""),
    ]
    meldingen = {
        re.search(
            r'<section class="alert alert-warning".*?</section>', a.content.decode(), re.S
        ).group(0)
        for a in antwoorden
    }
    assert len(meldingen) == 1 and "De werkcoach koppelt de aanmelding" in meldingen.pop()
    for eerdere in verborgen:
        regel = Logregel.objects.get(actie="dubbelcontrole", inwoner_id=eerdere.inwoner_id)
        assert regel.actor == wereld.sociaal_werker and regel.doel == "verwijzing"
    assert Aanmelding.objects.count() == 2


def test_the_duplicate_check_is_rate_limited_per_user(wereld, ingelogd, settings):
    settings.WERKCOACH_DUBBELCONTROLE_LIMIET = 3
    client = ingelogd(wereld.sociaal_werker)
    for n in range(3):
        assert post(client, wereld, voornaam=f"Nummer{n}").status_code == 302
    geweigerd = post(client, wereld, voornaam="Vierde")
    assert geweigerd.status_code == 429
    assert "U heeft in korte tijd erg veel aanmeldingen gecontroleerd" in geweigerd.content.decode()
    assert not Aanmelding.objects.filter(inwoner__voornaam="Vierde").exists()
    # A colleague is not limited by it.
    assert (
        post(
            ingelogd(wereld.sociaal_werker_b),
            wereld,
            gebiedsteam=str(wereld.team_b.pk),
            voornaam="Collega",
        ).status_code
        == 302
    )

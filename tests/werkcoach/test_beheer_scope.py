"""Issue 9: functioneel beheer is scoped like everything else. A beheerder of one gemeente sees
and changes only that gemeente's settings and users, cannot read or plant a second factor, and
cannot take over an account."""

import re
from datetime import date, timedelta

import pytest
from django.contrib.auth.models import Group
from django.test import Client
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.conftest import WACHTWOORD
from tests.werkcoach.test_beheer_rechten import _formulier
from trajecten.models import Instrument
from trajecten.services import catalogus_laden
from werkcoach.models import Feestdag, Gebruiker, Inschrijving, Logregel, Organisatie, Pilot, Rol
from werkcoach.services import inschrijving_inwisselen, inschrijving_versturen, token_hash


@pytest.fixture
def beheer_nop(wereld, client):
    """The beheerder manages Noordoostpolder only; Urk is someone else's."""
    wereld.beheerder.gemeenten.set([wereld.nop])
    client.force_login(wereld.beheerder)
    return client


def _formdata(response) -> dict:
    """The POST body of an admin change form as shown (its initial values and inlines)."""
    form = response.context["adminform"].form
    data = {}
    for naam in form.fields:
        waarde = form[naam].value()
        if waarde is None:
            continue
        data[naam] = [str(v) for v in waarde] if isinstance(waarde, list) else str(waarde)
    for inline in response.context["inline_admin_formsets"]:
        fs = inline.formset
        for naam in fs.management_form.fields:
            data[f"{fs.prefix}-{naam}"] = fs.management_form[naam].value()
        for f in fs.forms:
            for naam in f.fields:
                waarde = f[naam].value()
                if waarde not in (None, False):
                    data[f.add_prefix(naam)] = str(waarde)
    return data


def _wijzig_pagina(client, model: str, obj):
    return client.get(reverse(f"admin:werkcoach_{model}_change", args=[obj.pk]))


# --- Finding 1: gemeente-owned settings ---------------------------------------------------------


def test_beheer_lists_show_only_own_gemeente_objects(beheer_nop, wereld):
    Feestdag.objects.create(gemeente=wereld.urk, datum=date(2025, 9, 1), naam="Urker dag")
    catalogus_laden()
    lijsten = {
        "werkcoach_pilot": {wereld.pilot},
        "werkcoach_gebiedsteam": {wereld.team_a, wereld.team_b},
        "werkcoach_organisatie": {wereld.carrefour, wereld.werkcorporatie, wereld.roc},
    }
    for naam, verwacht in lijsten.items():
        response = beheer_nop.get(reverse(f"admin:{naam}_changelist"))
        assert set(response.context["cl"].queryset) == verwacht, naam
    feestdagen = beheer_nop.get(reverse("admin:werkcoach_feestdag_changelist"))
    assert not feestdagen.context["cl"].queryset.filter(gemeente=wereld.urk).exists()
    instrumenten = beheer_nop.get(reverse("admin:trajecten_instrument_changelist"))
    assert not instrumenten.context["cl"].queryset.filter(gemeente=wereld.urk).exists()
    # The gemeente records themselves are for a superuser.
    assert beheer_nop.get(reverse("admin:werkcoach_gemeente_changelist")).status_code == 403
    assert beheer_nop.get(
        reverse("admin:werkcoach_gemeente_change", args=[wereld.nop.pk])
    ).status_code in (403, 404)


def test_another_gemeentes_pilot_cannot_be_opened_or_moved_into_own_gemeente(beheer_nop, wereld):
    eigen = _formdata(_wijzig_pagina(beheer_nop, "pilot", wereld.pilot))
    url = reverse("admin:werkcoach_pilot_change", args=[wereld.pilot_urk.pk])
    assert beheer_nop.get(url).status_code == 404
    response = beheer_nop.post(url, {**eigen, "naam": "Overgenomen", "gemeente": wereld.nop.pk})
    assert response.status_code == 404
    wereld.pilot_urk.refresh_from_db()
    assert (wereld.pilot_urk.gemeente, wereld.pilot_urk.naam) == (wereld.urk, "Pilot Urk")


def test_own_pilot_cannot_be_moved_into_an_unmanaged_gemeente(beheer_nop, wereld):
    pagina = _wijzig_pagina(beheer_nop, "pilot", wereld.pilot)
    assert list(pagina.context["adminform"].form.fields["gemeente"].queryset) == [wereld.nop]
    url = reverse("admin:werkcoach_pilot_change", args=[wereld.pilot.pk])
    response = beheer_nop.post(url, {**_formdata(pagina), "gemeente": wereld.urk.pk})
    assert response.status_code == 200
    assert "gemeente" in response.context["adminform"].form.errors
    assert Pilot.objects.get(pk=wereld.pilot.pk).gemeente == wereld.nop
    # The same form with its own gemeente saves.
    ok = beheer_nop.post(url, {**_formdata(pagina), "naam": "Pilot NOP 2"})
    assert ok.status_code == 302, ok.content.decode()[:3000]
    assert Pilot.objects.get(pk=wereld.pilot.pk).naam == "Pilot NOP 2"


def test_team_and_holiday_of_another_gemeente_are_out_of_reach(beheer_nop, wereld):
    feestdag = Feestdag.objects.create(gemeente=wereld.urk, datum=date(2025, 9, 1), naam="Urk")
    for model, obj in (("gebiedsteam", wereld.team_urk), ("feestdag", feestdag)):
        url = reverse(f"admin:werkcoach_{model}_change", args=[obj.pk])
        assert beheer_nop.get(url).status_code == 404
        assert beheer_nop.post(url, {"naam": "Weg", "gemeente": wereld.nop.pk}).status_code == 404
        delete = reverse(f"admin:werkcoach_{model}_delete", args=[obj.pk])
        assert beheer_nop.post(delete, {"post": "yes"}).status_code == 404
        obj.refresh_from_db()
        assert obj.gemeente == wereld.urk


def test_national_holidays_are_read_only_for_a_beheerder(beheer_nop, wereld):
    landelijk = Feestdag.objects.create(gemeente=None, datum=date(2025, 12, 25), naam="Kerst")
    url = reverse("admin:werkcoach_feestdag_change", args=[landelijk.pk])
    assert beheer_nop.get(url).status_code == 200
    response = beheer_nop.post(url, {"naam": "Weg", "datum": "25-12-2025"})
    assert response.status_code == 403
    assert Feestdag.objects.get(pk=landelijk.pk).naam == "Kerst"
    nieuw = beheer_nop.post(
        reverse("admin:werkcoach_feestdag_add"), {"naam": "Regionaal", "datum": "02-01-2026"}
    )
    assert nieuw.status_code == 200  # the gemeente is required for a beheerder
    assert not Feestdag.objects.filter(naam="Regionaal").exists()


def test_saving_a_shared_organisation_keeps_the_gemeenten_the_beheerder_does_not_manage(
    beheer_nop, wereld
):
    pagina = _wijzig_pagina(beheer_nop, "organisatie", wereld.roc)
    assert list(pagina.context["adminform"].form.fields["gemeenten"].queryset) == [wereld.nop]
    url = reverse("admin:werkcoach_organisatie_change", args=[wereld.roc.pk])
    data = {**_formdata(pagina), "naam": "ROC nieuw", "gemeenten": [wereld.nop.pk]}
    assert beheer_nop.post(url, data).status_code == 302
    roc = Organisatie.objects.get(pk=wereld.roc.pk)
    assert roc.naam == "ROC nieuw"
    assert set(roc.gemeenten.all()) == {wereld.nop, wereld.urk}
    # Adding an unmanaged gemeente is refused.
    data["gemeenten"] = [wereld.nop.pk, wereld.urk.pk]
    assert beheer_nop.post(url, data).status_code == 200


def test_another_gemeentes_instrument_is_not_shown(beheer_nop, wereld):
    catalogus_laden()
    regionaal = Instrument.objects.first()
    urks = Instrument.objects.create(
        naam="Urker",
        aanbieder=regionaal.aanbieder,
        categorie=regionaal.categorie,
        omschrijving="Van Urk.",
        gemeente=wereld.urk,
    )
    url = reverse("admin:trajecten_instrument_change", args=[urks.pk])
    assert beheer_nop.get(url).status_code == 404
    assert beheer_nop.post(url, {"naam": "Weg"}).status_code == 404
    assert Instrument.objects.get(pk=urks.pk).naam == "Urker"


# --- Finding 2: second factors --------------------------------------------------------------


def test_no_role_manages_devices_or_sees_a_secret(beheer_nop, wereld, settings):
    assert settings.OTP_ADMIN_HIDE_SENSITIVE_DATA is True
    device = TOTPDevice.objects.create(user=wereld.werkcoach_urk, name="app", confirmed=True)
    with pytest.raises(NoReverseMatch):
        reverse("admin:otp_totp_totpdevice_changelist")
    for pad in (
        f"/beheer/otp_totp/totpdevice/{device.pk}/change/",
        "/beheer/otp_totp/totpdevice/add/",
        "/beheer/otp_static/staticdevice/",
    ):
        assert beheer_nop.get(pad).status_code == 404
        beheer_nop.post(pad, {"user": wereld.werkcoach_urk.pk, "key": "00" * 20, "name": "x"})
    assert TOTPDevice.objects.filter(user=wereld.werkcoach_urk).count() == 1
    beheerder = Gebruiker.objects.get(pk=wereld.beheerder.pk)
    assert not any(p.startswith("otp_") for p in beheerder.get_all_permissions())
    index = beheer_nop.get(reverse("admin:index")).content.decode()
    assert device.key not in index


def _reset(client, *gebruikers):
    return client.post(
        reverse("admin:werkcoach_gebruiker_changelist"),
        {"action": "tweede_factor_resetten", "_selected_action": [g.pk for g in gebruikers]},
    )


def test_reset_removes_factors_ends_sessions_and_mails_only_the_user(
    beheer_nop, wereld, mailoutbox, django_capture_on_commit_callbacks
):
    gebruiker = wereld.werkcoach
    TOTPDevice.objects.create(user=gebruiker, name="app", confirmed=True)
    StaticDevice.objects.create(user=gebruiker, name="Reservecodes")
    telefoon = Client()
    telefoon.force_login(gebruiker)
    with django_capture_on_commit_callbacks(execute=True):
        assert _reset(beheer_nop, gebruiker).status_code == 302
    assert not TOTPDevice.objects.filter(user=gebruiker).exists()
    assert not StaticDevice.objects.filter(user=gebruiker).exists()
    assert telefoon.get(reverse("start")).status_code == 302  # the old session ended
    assert [m.to for m in mailoutbox] == [[gebruiker.email]]
    token = re.search(r"/inschrijven/([^/]+)/", mailoutbox[0].body).group(1)
    inschrijving = Inschrijving.objects.get(gebruiker=gebruiker)
    assert inschrijving.token_hash == token_hash(token) and token not in inschrijving.token_hash
    assert inschrijving.reden == Inschrijving.Reden.RESET
    regel = Logregel.objects.get(omschrijving__startswith="Tweede factor gereset")
    assert regel.actor == wereld.beheerder and regel.object_id == str(gebruiker.pk)


def test_reset_is_refused_for_other_gemeenten_beheerders_and_superusers(
    beheer_nop, wereld, mailoutbox
):
    collega = Gebruiker.objects.create_user("collega", "c@example.org", WACHTWOORD)
    collega.groups.add(Group.objects.get(name=Rol.BEHEERDER))
    collega.gemeenten.add(wereld.nop)
    baas = Gebruiker.objects.create_superuser("baas", "b@example.org", WACHTWOORD)
    gedeeld = wereld.werkcoach_urk
    gedeeld.gemeenten.add(wereld.nop)  # also Urk, which this beheerder does not manage
    slachtoffers = [collega, baas, gedeeld, wereld.beheerder, wereld.sociaal_werker_urk]
    for gebruiker in slachtoffers:
        TOTPDevice.objects.create(user=gebruiker, name="app", confirmed=True)
    _reset(beheer_nop, *slachtoffers)
    assert TOTPDevice.objects.filter(user__in=slachtoffers).count() == len(slachtoffers)
    assert not Inschrijving.objects.exists() and not mailoutbox


def _wachtwoord(client, gebruiker, wachtwoord="nieuw-wachtwoord-123!"):
    url = reverse("admin:auth_user_password_change", args=[gebruiker.pk])
    return client.post(
        url, {"password1": wachtwoord, "password2": wachtwoord, "usable_password": "true"}
    )


def test_password_set_by_the_beheerder_forces_enrolment_again_and_is_logged(
    beheer_nop, wereld, mailoutbox, django_capture_on_commit_callbacks
):
    gebruiker = wereld.werkcoach
    TOTPDevice.objects.create(user=gebruiker, name="app", confirmed=True)
    laptop = Client()
    laptop.force_login(gebruiker)
    with django_capture_on_commit_callbacks(execute=True):
        response = _wachtwoord(beheer_nop, gebruiker)
    assert response.status_code == 302
    gebruiker.refresh_from_db()
    assert gebruiker.check_password("nieuw-wachtwoord-123!")
    assert not TOTPDevice.objects.filter(user=gebruiker).exists()
    assert laptop.get(reverse("start")).status_code == 302
    assert [m.to for m in mailoutbox] == [[gebruiker.email]]
    regel = Logregel.objects.get(omschrijving__startswith="Wachtwoord ingesteld door beheer")
    assert (regel.actor, regel.object_id, regel.doel) == (
        wereld.beheerder,
        str(gebruiker.pk),
        "beveiliging",
    )


def test_beheerder_cannot_set_another_beheerders_or_a_shared_accounts_password(beheer_nop, wereld):
    collega = Gebruiker.objects.create_user("collega", "c@example.org", WACHTWOORD)
    collega.groups.add(Group.objects.get(name=Rol.BEHEERDER))
    collega.gemeenten.add(wereld.nop)
    gedeeld = wereld.werkcoach_urk
    gedeeld.gemeenten.add(wereld.nop)
    for gebruiker in (collega, gedeeld):
        assert _wachtwoord(beheer_nop, gebruiker).status_code == 403
        gebruiker.refresh_from_db()
        assert gebruiker.check_password(WACHTWOORD)


def test_the_email_of_an_existing_account_is_not_changed_by_a_beheerder(beheer_nop, wereld):
    response = beheer_nop.post(
        reverse("admin:werkcoach_gebruiker_change", args=[wereld.werkcoach.pk]),
        _formulier(wereld.werkcoach, email="aanvaller@example.org"),
    )
    assert response.status_code == 302
    wereld.werkcoach.refresh_from_db()
    assert wereld.werkcoach.email == "wc@example.org"


def test_a_new_account_gets_an_enrolment_link_and_the_password_is_logged(
    beheer_nop, wereld, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = beheer_nop.post(
            reverse("admin:werkcoach_gebruiker_add"),
            {
                "username": "nieuwkomer",
                "email": "nieuw@example.org",
                "usable_password": "true",
                "password1": "een-lang-wachtwoord-42",
                "password2": "een-lang-wachtwoord-42",
            },
        )
    assert response.status_code == 302
    nieuw = Gebruiker.objects.get(username="nieuwkomer")
    assert [m.to for m in mailoutbox] == [["nieuw@example.org"]]
    assert Inschrijving.objects.get(gebruiker=nieuw).reden == Inschrijving.Reden.NIEUW
    assert Logregel.objects.filter(
        object_id=str(nieuw.pk), omschrijving__contains="Wachtwoord ingesteld door beheer"
    ).exists()


# --- Finding 5: enrolment needs the e-mailed link ---------------------------------------------


def test_a_password_alone_never_shows_a_key(client, wereld, settings):
    settings.WERKCOACH_2FA_VERPLICHT = True
    client.post(reverse("login"), {"username": "wc", "password": WACHTWOORD})
    for response in (
        client.get(reverse("tweefactor:instellen")),
        client.post(reverse("tweefactor:instellen"), {"code": "123456"}),
    ):
        html = response.content.decode()
        assert "<svg" not in html and "Sleutel om over te typen" not in html
        assert "Stuur mij een inschrijflink" in html
    assert not TOTPDevice.objects.filter(user=wereld.werkcoach).exists()
    assert client.get(reverse("start")).status_code == 302


def test_an_enrolment_link_works_once_for_its_own_user_and_expires(
    wereld, mailoutbox, django_capture_on_commit_callbacks, settings
):
    from django.core.exceptions import ValidationError

    with django_capture_on_commit_callbacks(execute=True):
        inschrijving_versturen(gebruiker=wereld.werkcoach, reden=Inschrijving.Reden.NIEUW)
    token = re.search(r"/inschrijven/([^/]+)/", mailoutbox[0].body).group(1)
    with pytest.raises(ValidationError):
        inschrijving_inwisselen(gebruiker=wereld.sociaal_werker, token=token)
    inschrijving_inwisselen(gebruiker=wereld.werkcoach, token=token)
    with pytest.raises(ValidationError):
        inschrijving_inwisselen(gebruiker=wereld.werkcoach, token=token)
    with django_capture_on_commit_callbacks(execute=True):
        inschrijving_versturen(gebruiker=wereld.werkcoach, reden=Inschrijving.Reden.NIEUW)
    token = re.search(r"/inschrijven/([^/]+)/", mailoutbox[1].body).group(1)
    Inschrijving.objects.filter(gebruikt_op__isnull=True).update(
        verloopt_op=timezone.now() - timedelta(seconds=1)
    )
    with pytest.raises(ValidationError):
        inschrijving_inwisselen(gebruiker=wereld.werkcoach, token=token)


# --- Finding 3: saving a shared user -----------------------------------------------------------


def test_saving_a_user_keeps_the_gemeenten_and_teams_the_beheerder_does_not_manage(
    beheer_nop, wereld
):
    gedeeld = wereld.sociaal_werker
    gedeeld.gemeenten.add(wereld.urk)
    gedeeld.gebiedsteams.add(wereld.team_urk)
    response = beheer_nop.post(
        reverse("admin:werkcoach_gebruiker_change", args=[gedeeld.pk]),
        _formulier(
            gedeeld,
            first_name="Nieuw",
            gemeenten=[wereld.nop.pk],
            gebiedsteams=[wereld.team_a.pk, wereld.team_b.pk],
        ),
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    gedeeld = Gebruiker.objects.get(pk=gedeeld.pk)
    assert gedeeld.first_name == "Nieuw"
    assert gedeeld.gemeente_ids == {wereld.nop.pk, wereld.urk.pk}
    assert gedeeld.gebiedsteam_ids == {wereld.team_a.pk, wereld.team_b.pk, wereld.team_urk.pk}
    # Its roles count in Urk too: this beheerder cannot change them.
    werkcoach = Group.objects.get(name=Rol.WERKCOACH)
    beheer_nop.post(
        reverse("admin:werkcoach_gebruiker_change", args=[gedeeld.pk]),
        _formulier(gedeeld, groups=[werkcoach.pk]),
    )
    assert not gedeeld.groups.filter(pk=werkcoach.pk).exists()

"""Login security: the second factor, brute-force lockout, session timeout, logging out
everywhere, and the security headers."""

import re
import time

import pytest
from django.contrib.auth import SESSION_KEY
from django.test import Client
from django.urls import reverse
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.conftest import WACHTWOORD
from werkcoach.audit import Actie
from werkcoach.models import Logregel

ROLLEN = ["sociaal_werker", "werkcoach", "projectleider", "manager", "partner", "beheerder"]


def totp_code(device: TOTPDevice, stap: int = 0) -> str:
    """The code an authenticator app shows now (``stap`` steps of 30 s later)."""
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits)
    totp.time = time.time() + stap * device.step
    return f"{totp.token():06d}"


@pytest.fixture
def tweefactor_verplicht(settings):
    settings.WERKCOACH_2FA_VERPLICHT = True


@pytest.fixture
def zonder_wachttijd(settings):
    """django-otp makes the user wait after a wrong code; these tests try right after."""
    settings.OTP_TOTP_THROTTLE_FACTOR = 0
    settings.OTP_STATIC_THROTTLE_FACTOR = 0


def _inloggen(client, user):
    response = client.post(reverse("login"), {"username": user.username, "password": WACHTWOORD})
    assert response.status_code == 302
    return response


@pytest.mark.parametrize("rol", ROLLEN)
def test_every_staff_role_must_set_up_a_second_factor(client, wereld, rol, tweefactor_verplicht):
    _inloggen(client, wereld.rollen()[rol])
    for url in (reverse("start"), reverse("admin:index"), reverse("audit:zoeken")):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("tweefactor:instellen"))


def inschrijflink(mailoutbox) -> str:
    """The path of the enrolment link in the last e-mail."""
    return re.search(r"http://[^/\s]+(/\S+)", mailoutbox[-1].body).group(1)


def test_enrolling_an_app_gives_backup_codes_and_opens_the_application(
    client,
    wereld,
    tweefactor_verplicht,
    zonder_wachttijd,
    mailoutbox,
    django_capture_on_commit_callbacks,
):
    _inloggen(client, wereld.werkcoach)
    # The password alone shows no key: the user asks for a link, sent to their own address.
    pagina = client.get(reverse("tweefactor:instellen"))
    assert "<svg" not in pagina.content.decode()
    assert not TOTPDevice.objects.filter(user=wereld.werkcoach).exists()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("tweefactor:instellen"), {"link_aanvragen": "1"})
    assert mailoutbox[-1].to == [wereld.werkcoach.email]
    link = inschrijflink(mailoutbox)
    assert client.get(link).status_code == 200  # a GET (a mail scanner) does not use it
    assert client.post(link)["Location"] == reverse("tweefactor:instellen")
    pagina = client.get(reverse("tweefactor:instellen"))
    assert pagina.status_code == 200
    html = pagina.content.decode()
    assert "<svg" in html and 'role="img"' in html
    device = TOTPDevice.objects.get(user=wereld.werkcoach, confirmed=False)

    fout = client.post(reverse("tweefactor:instellen"), {"code": "000000"})
    assert "Deze code klopt niet" in fout.content.decode()
    assert not TOTPDevice.objects.get(pk=device.pk).confirmed

    goed = client.post(reverse("tweefactor:instellen"), {"code": totp_code(device)})
    assert goed.status_code == 200
    codes = re.findall(r"<li>([a-z0-9]{8})</li>", goed.content.decode())
    assert len(codes) == 10
    assert TOTPDevice.objects.get(pk=device.pk).confirmed
    assert client.get(reverse("start")).status_code == 200
    assert Logregel.objects.filter(actie=Actie.RECHTEN, omschrijving__contains="ingesteld").exists()


def test_login_asks_for_the_code_and_accepts_a_backup_code_once(
    client, wereld, tweefactor_verplicht, zonder_wachttijd
):
    user = wereld.werkcoach
    device = TOTPDevice.objects.create(user=user, name="app", confirmed=True)
    from werkcoach.tweefactor import reservecodes_maken

    reserve = reservecodes_maken(user)[0]
    _inloggen(client, user)
    naar = client.get(reverse("audit:zoeken"))
    assert naar["Location"].startswith(reverse("tweefactor:controleren"))
    # With a device, a new one cannot be enrolled before the code: a password is not enough.
    assert client.get(reverse("tweefactor:instellen"))["Location"] == reverse(
        "tweefactor:controleren"
    )
    fout = client.post(reverse("tweefactor:controleren"), {"code": "123456"})
    assert "Deze code klopt niet of is verlopen" in fout.content.decode()
    assert Logregel.objects.filter(actie=Actie.INLOGGEN_MISLUKT, resultaat="geweigerd").exists()

    goed = client.post(
        reverse("tweefactor:controleren"), {"code": totp_code(device), "next": "/auditlog/"}
    )
    assert goed.status_code == 302 and goed["Location"] == "/auditlog/"
    assert client.get(reverse("start")).status_code == 200

    client.post(reverse("logout"))
    _inloggen(client, user)
    assert client.post(reverse("tweefactor:controleren"), {"code": reserve}).status_code == 302
    assert not StaticToken.objects.filter(token=reserve).exists()
    client.post(reverse("logout"))
    _inloggen(client, user)
    opnieuw = client.post(reverse("tweefactor:controleren"), {"code": reserve})
    assert opnieuw.status_code == 200  # used once, refused the second time


def test_wrong_codes_in_a_row_make_the_user_wait(client, wereld, tweefactor_verplicht):
    device = TOTPDevice.objects.create(user=wereld.werkcoach, name="app", confirmed=True)
    _inloggen(client, wereld.werkcoach)
    client.post(reverse("tweefactor:controleren"), {"code": "111111"})
    response = client.post(reverse("tweefactor:controleren"), {"code": totp_code(device)})
    assert "Te veel onjuiste codes na elkaar" in response.content.decode()
    assert client.get(reverse("start")).status_code == 302


def test_next_after_the_code_never_leaves_the_site(client, wereld, tweefactor_verplicht):
    device = TOTPDevice.objects.create(user=wereld.werkcoach, name="app", confirmed=True)
    _inloggen(client, wereld.werkcoach)
    response = client.post(
        reverse("tweefactor:controleren"),
        {"code": totp_code(device), "next": "https://kwaadaardig.example/"},
    )
    assert response["Location"] == reverse("start")


def test_without_the_setting_the_demo_logs_in_with_a_password_only(client, wereld):
    _inloggen(client, wereld.werkcoach)
    assert client.get(reverse("start")).status_code == 200


def test_lockout_after_repeated_failed_logins_with_a_dutch_message(client, wereld, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        response = client.post(reverse("login"), {"username": "wc", "password": "fout"})
        assert response.status_code == 200
    geblokkeerd = client.post(reverse("login"), {"username": "wc", "password": "fout"})
    assert geblokkeerd.status_code == 429
    tekst = geblokkeerd.content.decode()
    assert "Inloggen tijdelijk geblokkeerd" in tekst
    assert "de komende 15 minuten niet inloggen" in tekst and "PT15M" not in tekst
    # Even the right password does not get in now.
    goed = client.post(reverse("login"), {"username": "wc", "password": WACHTWOORD})
    assert goed.status_code == 429 and SESSION_KEY not in client.session
    assert Logregel.objects.filter(omschrijving__contains="geblokkeerd").exists()
    # A colleague is not locked out.
    assert _inloggen(Client(), wereld.sociaal_werker).status_code == 302


def test_security_headers_with_a_csp_nonce_on_every_script(client, wereld):
    client.force_login(wereld.werkcoach)
    response = client.get(reverse("start"))
    csp = response["Content-Security-Policy"]
    nonce = re.search(r"'nonce-([^']+)'", csp).group(1)
    assert "frame-ancestors 'none'" in csp and "default-src 'self'" in csp
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    html = response.content.decode()
    scripts = re.findall(r"<script[^>]*>", html)
    assert scripts and all(f'nonce="{nonce}"' in s and "src=" in s for s in scripts)
    assert ' style="' not in html
    assert '"includeIndicatorStyles": false' in html


def test_hsts_is_set_on_https_in_production_settings(client, wereld, settings):
    settings.SECURE_HSTS_SECONDS = 31536000
    response = client.get(reverse("login"), secure=True)
    assert response["Strict-Transport-Security"].startswith("max-age=31536000")


def test_session_ends_after_inactivity_and_can_be_extended(client, wereld, settings):
    assert settings.SESSION_COOKIE_AGE == 15 * 60
    assert client.post(reverse("sessie:verlengen")).status_code == 401
    client.force_login(wereld.werkcoach)
    html = client.get(reverse("start")).content.decode()
    assert 'data-sessie-duur="900"' in html and "js/sessie.js" in html
    assert 'role="alertdialog"' in html and "Ingelogd blijven" in html
    response = client.post(reverse("sessie:verlengen"))
    assert response.status_code == 200 and response.json() == {"ingelogd": True, "seconden": 900}
    assert client.session.get_expiry_age() == 900


def test_logout_everywhere_ends_every_session_of_the_user(wereld):
    laptop, telefoon, collega = Client(), Client(), Client()
    laptop.force_login(wereld.werkcoach)
    telefoon.force_login(wereld.werkcoach)
    collega.force_login(wereld.sociaal_werker)
    response = laptop.post(reverse("sessie:overal_uitloggen"))
    assert response.status_code == 302
    assert telefoon.get(reverse("start")).status_code == 302
    assert laptop.get(reverse("start")).status_code == 302
    assert collega.get(reverse("start")).status_code == 200
    assert Logregel.objects.filter(omschrijving__startswith="Overal uitgelogd (2").exists()


def test_a_very_long_username_is_refused_without_a_server_error(client, wereld):
    response = client.post(reverse("login"), {"username": "é" * 5000, "password": "x" * 5000})
    # Django's login form passes it on to authenticate (its max_length is not validated);
    # axes must store a cut name instead of failing.
    assert response.status_code == 200
    assert "Voer een juiste gebruikersnaam en wachtwoord in" in response.content.decode()

"""Two-factor login with django-otp: enrol an authenticator app (TOTP), enter a code after the
password, and one-time backup codes (reservecodes) for a lost phone.

Enrolment needs more than the password: a one-time link e-mailed to the user's own address
(``werkcoach.services.inschrijving_versturen``), opened in the session that enrols. Beheer sends
one for a new account, a reset or a password it set; the user may ask for one themselves.

The password step stays Django's login view (guarded by django-axes); ``TweeFactorMiddleware``
sends a logged-in user here until a second factor has been verified in the session.
"""

from __future__ import annotations

import base64
from datetime import timedelta
from typing import Any

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render, resolve_url
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_http_methods
from django_otp import devices_for_user, match_token, user_has_device
from django_otp import login as otp_login
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from werkcoach.audit import Actie, Doel, Resultaat, audit_log
from werkcoach.models import Inschrijving
from werkcoach.services import inschrijving_inwisselen, inschrijving_versturen
from werkcoach.templatetags.opmaak import duur_minuten
from werkcoach.typen import AuthenticatedHttpRequest

APP_NAAM = "Authenticator-app"
RESERVE_NAAM = "Reservecodes"


class CodeForm(forms.Form):
    code = forms.CharField(
        label="Code",
        max_length=16,
        help_text="De 6 cijfers uit uw authenticator-app, of een van uw reservecodes.",
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}
        ),
        error_messages={"required": "Vul de code in."},
    )

    def clean_code(self) -> str:
        return "".join(self.cleaned_data["code"].split()).lower()


def _geverifieerd(user: Any) -> bool:
    """Whether this session passed the second factor (``is_verified`` is set by django-otp's
    middleware on the request's user)."""
    return bool(user.is_verified())


def _volgende(request: HttpRequest) -> str:
    doel = request.POST.get("next") or request.GET.get("next") or ""
    if doel and url_has_allowed_host_and_scheme(
        doel, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return doel
    return resolve_url(settings.LOGIN_REDIRECT_URL)


def _qr_svg(url: str) -> str:
    """The QR code as inline SVG markup. It is generated here from the device's key and
    consists of path data only: no user input reaches the markup, so it is safe to mark."""
    import qrcode
    import qrcode.image.svg

    beeld = qrcode.make(url, image_factory=qrcode.image.svg.SvgPathImage, box_size=8)
    svg = beeld.to_string(encoding="unicode")
    return mark_safe(svg)  # noqa: S308  # nosec B308 B703


def _sleutel_leesbaar(device: TOTPDevice) -> str:
    b32 = base64.b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(b32[i : i + 4] for i in range(0, len(b32), 4))


@transaction.atomic
def reservecodes_maken(user) -> list[str]:
    """Replace the user's backup codes with fresh ones; each works once."""
    device, _ = StaticDevice.objects.get_or_create(user=user, name=RESERVE_NAAM)
    device.token_set.all().delete()
    codes = [StaticToken.random_token() for _ in range(settings.WERKCOACH_RESERVECODES_AANTAL)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=c) for c in codes)
    return codes


INSCHRIJVING_SESSIE = "werkcoach_inschrijving"
# A user may ask for a new link once per this many seconds (each request e-mails them).
AANVRAAG_PAUZE = 60


def _inschrijving_in_sessie(request: AuthenticatedHttpRequest) -> Inschrijving | None:
    """The enrolment link opened in this session, while it is valid."""
    pk = request.session.get(INSCHRIJVING_SESSIE)
    if pk is None:
        return None
    grens = timezone.now() - timedelta(minutes=settings.WERKCOACH_INSCHRIJFLINK_GELDIG)
    return Inschrijving.objects.filter(pk=pk, gebruiker=request.user, gebruikt_op__gt=grens).first()


def _link_aanvragen(request: AuthenticatedHttpRequest) -> None:
    user = request.user
    recent = timezone.now() - timedelta(seconds=AANVRAAG_PAUZE)
    if Inschrijving.objects.filter(gebruiker=user, aangemaakt_op__gt=recent).exists():
        messages.info(request, "Er is net een link verstuurd. Kijk in uw e-mail.")
        return
    try:
        inschrijving_versturen(
            gebruiker=user, reden=Inschrijving.Reden.AANGEVRAAGD, door=user, request=request
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(
            request,
            "We hebben een link gestuurd naar het e-mailadres van uw account. De link werkt "
            f"{duur_minuten(settings.WERKCOACH_INSCHRIJFLINK_GELDIG)} en één keer.",
        )


@login_required
@require_http_methods(["GET", "POST"])
def inschrijven(request: AuthenticatedHttpRequest, token: str) -> HttpResponse:
    """The page of the e-mailed link. A GET only asks to confirm (a mail scanner that follows
    the link must not use it up); the POST uses the link for this session."""
    if request.method == "POST":
        try:
            inschrijving = inschrijving_inwisselen(gebruiker=request.user, token=token)
        except ValidationError as exc:
            return render(
                request,
                "werkcoach/tweefactor/inschrijven.html",
                {"fout": " ".join(exc.messages)},
                status=400,
            )
        request.session[INSCHRIJVING_SESSIE] = inschrijving.pk
        audit_log(
            actie=Actie.RECHTEN,
            doel=Doel.BEVEILIGING,
            request=request,
            object=request.user,
            omschrijving="Inschrijflink tweede factor gebruikt.",
        )
        return redirect("tweefactor:instellen")
    return render(request, "werkcoach/tweefactor/inschrijven.html", {})


def _ingeschreven(request: AuthenticatedHttpRequest, device: TOTPDevice) -> HttpResponse:
    """The code matched: confirm the app, hand out backup codes, and log the user in with it."""
    with transaction.atomic():
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        codes = reservecodes_maken(request.user)
    request.session.pop(INSCHRIJVING_SESSIE, None)
    otp_login(request, device)
    audit_log(
        actie=Actie.RECHTEN,
        doel=Doel.BEVEILIGING,
        request=request,
        object=request.user,
        omschrijving="Tweestapsverificatie ingesteld (authenticator-app).",
    )
    return render(
        request,
        "werkcoach/tweefactor/reservecodes.html",
        {"codes": codes, "volgende": _volgende(request), "nieuw": True},
    )


@login_required
@require_http_methods(["GET", "POST"])
def instellen(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Enrol an authenticator app. Someone who already has one must first prove it, and someone
    without one needs the enrolment link e-mailed to them: otherwise a stolen password (or one set
    by beheer) would be enough to add a device of one's own."""
    user = request.user
    if user_has_device(user):
        if not _geverifieerd(user):
            return redirect("tweefactor:controleren")
        return render(request, "werkcoach/tweefactor/al_ingesteld.html")
    inschrijving = _inschrijving_in_sessie(request)
    if inschrijving is None:
        if request.method == "POST" and "link_aanvragen" in request.POST:
            _link_aanvragen(request)
            return redirect("tweefactor:instellen")
        return render(
            request,
            "werkcoach/tweefactor/link_nodig.html",
            {"geldig": duur_minuten(settings.WERKCOACH_INSCHRIJFLINK_GELDIG)},
        )
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=APP_NAAM, confirmed=False)
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        # django-otp makes the user wait longer after every wrong code.
        geremd = not device.verify_is_allowed()[0]
        if not geremd and device.verify_token(form.cleaned_data["code"]):
            return _ingeschreven(request, device)
        elif geremd:
            form.add_error(
                "code", "Te veel onjuiste codes na elkaar. Wacht even en probeer het dan opnieuw."
            )
        else:
            form.add_error("code", "Deze code klopt niet. Controleer de tijd op uw telefoon.")
    return render(
        request,
        "werkcoach/tweefactor/instellen.html",
        {
            "form": form,
            "qr": _qr_svg(device.config_url),
            "sleutel": _sleutel_leesbaar(device),
            "volgende": _volgende(request),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def controleren(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The second step of the login: a code from the app or a backup code."""
    user = request.user
    if _geverifieerd(user):
        return redirect(_volgende(request))
    if not user_has_device(user):
        return redirect("tweefactor:instellen")
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        geremd = any(not d.verify_is_allowed()[0] for d in devices_for_user(user))
        device = match_token(user, form.cleaned_data["code"])
        if device is not None:
            otp_login(request, device)
            audit_log(
                actie=Actie.INLOGGEN,
                doel=Doel.BEVEILIGING,
                request=request,
                omschrijving=f"Tweede factor gecontroleerd ({device.name}).",
            )
            return redirect(_volgende(request))
        audit_log(
            actie=Actie.INLOGGEN_MISLUKT,
            doel=Doel.BEVEILIGING,
            request=request,
            resultaat=Resultaat.GEWEIGERD,
            omschrijving="Onjuiste code bij de tweede factor.",
        )
        if geremd:
            # django-otp doubles the waiting time after every wrong code.
            form.add_error(
                "code", "Te veel onjuiste codes na elkaar. Wacht even en probeer het dan opnieuw."
            )
        else:
            form.add_error("code", "Deze code klopt niet of is verlopen. Probeer het opnieuw.")
    return render(
        request,
        "werkcoach/tweefactor/controleren.html",
        {"form": form, "volgende": _volgende(request)},
    )


@login_required
@require_http_methods(["GET", "POST"])
def reservecodes(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Show how many backup codes are left; a POST replaces them with new ones."""
    user = request.user
    if not _geverifieerd(user):
        return redirect(
            "tweefactor:controleren" if user_has_device(user) else "tweefactor:instellen"
        )
    if request.method == "POST":
        codes = reservecodes_maken(user)
        audit_log(
            actie=Actie.RECHTEN,
            doel=Doel.BEVEILIGING,
            request=request,
            object=user,
            omschrijving="Nieuwe reservecodes aangemaakt.",
        )
        return render(
            request,
            "werkcoach/tweefactor/reservecodes.html",
            {"codes": codes, "volgende": resolve_url(settings.LOGIN_REDIRECT_URL), "nieuw": False},
        )
    over = StaticToken.objects.filter(device__user=user, device__name=RESERVE_NAAM).count()
    return render(request, "werkcoach/tweefactor/reservecodes_beheer.html", {"over": over})

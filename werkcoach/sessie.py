"""Session endpoints: extend the session before the inactivity timeout, and log out everywhere."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.views.decorators.http import require_POST

from werkcoach.audit import Actie, Doel, audit_log
from werkcoach.services import sessies_beeindigen
from werkcoach.typen import AuthenticatedHttpRequest


@require_POST
def verlengen(request: HttpRequest) -> HttpResponse:
    """Called by ``static/js/sessie.js`` when the user chooses to stay logged in. The session is
    saved on every request (``SESSION_SAVE_EVERY_REQUEST``), so answering is enough."""
    if not request.user.is_authenticated:
        return JsonResponse({"ingelogd": False}, status=401)
    return JsonResponse({"ingelogd": True, "seconden": settings.SESSION_COOKIE_AGE})


@login_required
@require_POST
def overal_uitloggen(request: AuthenticatedHttpRequest) -> HttpResponse:
    user = request.user
    aantal = sessies_beeindigen(user)
    audit_log(
        actie=Actie.UITLOGGEN,
        doel=Doel.BEVEILIGING,
        request=request,
        object=user,
        omschrijving=f"Overal uitgelogd ({aantal} sessies beëindigd).",
    )
    logout(request)
    messages.success(request, "U bent op alle apparaten uitgelogd.")
    return redirect(settings.LOGIN_URL)

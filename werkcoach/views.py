"""The start page per role and the health check."""

from datetime import date

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from werkcoach.models import Rol
from werkcoach.startpagina import startpagina_context
from werkcoach.typen import AuthenticatedHttpRequest

# When the accessibility statement was last reviewed against the sweep in tests/browser/.
VERKLARING_OPGESTELD = date(2026, 12, 2)


@login_required
def start(request: AuthenticatedHttpRequest) -> HttpResponse:
    """A role-specific start page: what each person needs first."""
    context = startpagina_context(request.user)
    return render(request, "werkcoach/start.html", context)


@require_GET
def toegankelijkheid(request: HttpRequest) -> HttpResponse:
    """The accessibility statement (toegankelijkheidsverklaring), readable without logging in."""
    return render(
        request,
        "werkcoach/toegankelijkheid.html",
        {"contact": settings.WERKCOACH_CONTACT_EMAIL, "opgesteld": VERKLARING_OPGESTELD},
    )


@require_GET
def gezondheid(request: HttpRequest) -> JsonResponse:
    """Liveness for the load balancer: the database answers."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})


__all__ = ["Rol", "gezondheid", "start", "toegankelijkheid"]

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
    """Liveness for the load balancer: the database answers. With ``?volledig=1`` for the
    operator: also the broker, a worker's and beat's last sign of life and free disk, each
    "ok" or what is wrong; 503 when anything is wrong. No personal data."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    if not request.GET.get("volledig"):
        return JsonResponse({"status": "ok"})
    from werkcoach.gezondheid import controles

    uitkomst = controles()
    goed = all(waarde == "ok" for waarde in uitkomst.values())
    return JsonResponse(
        {"status": "ok" if goed else "storing", "controles": uitkomst}, status=200 if goed else 503
    )


__all__ = ["Rol", "gezondheid", "start", "toegankelijkheid"]

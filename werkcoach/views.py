"""The start page per role and the health check."""

from django.contrib.auth.decorators import login_required
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from werkcoach.models import Rol
from werkcoach.startpagina import startpagina_context
from werkcoach.typen import AuthenticatedHttpRequest


@login_required
def start(request: AuthenticatedHttpRequest) -> HttpResponse:
    """A role-specific start page: what each person needs first."""
    context = startpagina_context(request.user)
    return render(request, "werkcoach/start.html", context)


@require_GET
def gezondheid(request: HttpRequest) -> JsonResponse:
    """Liveness for the load balancer: the database answers."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})


__all__ = ["Rol", "gezondheid", "start"]

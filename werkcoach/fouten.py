"""The error pages: 403, 404, 500 and a failed CSRF check, in Dutch and in the application's
layout. 403, 404 and the CSRF page extend ``base.html``; the 500 page is a template of its own
that needs no database, session or context processor, since the error may be that the database
is gone."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse, HttpResponseServerError
from django.shortcuts import render
from django.template import loader
from django.utils.http import url_has_allowed_host_and_scheme


def _terug(request: HttpRequest) -> str:
    """The page the user came from, if it is one of ours (and not the failing page itself)."""
    vorige = request.headers.get("Referer", "")
    if (
        vorige
        and vorige != request.build_absolute_uri()
        and url_has_allowed_host_and_scheme(
            vorige, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        )
    ):
        return vorige
    return ""


def _foutpagina(request: HttpRequest, template: str, status: int, **context) -> HttpResponse:
    context.update(terug=_terug(request), verzoek_id=getattr(request, "verzoek_id", ""))
    return render(request, f"fouten/{template}.html", context, status=status)


def geen_toegang(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    reden = str(exception) if exception is not None else ""
    return _foutpagina(request, "403", 403, reden=reden)


def niet_gevonden(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return _foutpagina(request, "404", 404)


def csrf_mislukt(request: HttpRequest, reason: str = "") -> HttpResponse:
    return _foutpagina(request, "csrf", 403)


def serverfout(request: HttpRequest) -> HttpResponse:
    """Rendered without a request context: no database, session or user is touched."""
    html = loader.get_template("fouten/500.html").render(
        {"verzoek_id": getattr(request, "verzoek_id", "")}
    )
    return HttpResponseServerError(html)

"""Errors as problem details (RFC 9457, ``application/problem+json``), as the Dutch API Design
Rules ask: ``type``, ``title``, ``status``, ``detail``, ``instance``, and for invalid input
``invalidParams`` (one ``name`` and Dutch ``reason`` per field)."""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

from django.http import HttpRequest, HttpResponse

API_VERSIE = "1.0.0"
PROBLEEM = "application/problem+json"

_RFC9110 = "https://datatracker.ietf.org/doc/html/rfc9110#section-"
# status: (type, Dutch title). A type names the kind of problem; its title stays the same.
SOORTEN: dict[int, tuple[str, str]] = {
    400: (_RFC9110 + "15.5.1", "Ongeldige invoer"),
    401: (_RFC9110 + "15.5.2", "Niet geauthenticeerd"),
    403: (_RFC9110 + "15.5.4", "Geen toegang"),
    404: (_RFC9110 + "15.5.5", "Niet gevonden"),
    405: (_RFC9110 + "15.5.6", "Methode niet toegestaan"),
    409: (_RFC9110 + "15.5.10", "Conflict"),
    429: ("https://datatracker.ietf.org/doc/html/rfc6585#section-4", "Te veel verzoeken"),
    500: (_RFC9110 + "15.6.1", "Interne fout"),
}
STANDAARD_DETAIL = {
    401: "Geef een geldige API-token mee: Authorization: Bearer <token>.",
    403: "Deze token geeft geen toegang tot dit onderdeel.",
    404: "Dit adres of object bestaat niet, of valt buiten wat deze token mag zien.",
    405: "Deze methode is op dit adres niet toegestaan.",
    500: "Er ging iets mis aan onze kant. Er is niets opgeslagen.",
}


def probleem(
    request: HttpRequest,
    status: int,
    detail: str = "",
    *,
    ongeldig: Iterable[tuple[str, str]] = (),
) -> HttpResponse:
    soort, titel = SOORTEN.get(status, ("about:blank", "Fout"))
    inhoud: dict[str, Any] = {
        "type": soort,
        "title": titel,
        "status": status,
        "detail": detail or STANDAARD_DETAIL.get(status, titel),
        "instance": request.path,
    }
    velden = [{"name": naam, "reason": reden} for naam, reden in ongeldig]
    if velden:
        inhoud["invalidParams"] = velden
    antwoord = HttpResponse(
        json.dumps(inhoud, ensure_ascii=False), status=status, content_type=PROBLEEM
    )
    if status == 401:
        antwoord["WWW-Authenticate"] = 'Bearer realm="werkcoach-api"'
    return antwoord


class ApiMiddleware:
    """For every response under ``/api/``: the ``API-Version`` header, and an error that was
    not answered as problem details (an unknown path, a method not allowed, a crash) turned
    into one, so a client meets one error format."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if not request.path.startswith("/api/"):
            return response
        if response.status_code >= 400 and not response.get("Content-Type", "").startswith(
            PROBLEEM
        ):
            allow = response.get("Allow")
            response = probleem(request, response.status_code)
            if allow:
                response["Allow"] = allow
        response["API-Version"] = API_VERSIE
        return response

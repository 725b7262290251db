"""The JSON API for partner systems, at ``/api/v1/`` (Dutch API Design Rules): a partner
organisation's system refers residents and reads its gemeenten's headline figures.

Every call is authenticated by the organisation's token (``Authorization: Bearer ...``; a
session cookie counts for nothing here), and logged in the processing log with the token's
koppelaccount as actor: a success by the endpoint (a referral by its service), a refusal by the
error handlers below. Writes go through the same form and services as the interface."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.views.decorators.http import require_safe
from ninja import Header, NinjaAPI, Status
from ninja.errors import AuthenticationError, HttpError, Throttled
from ninja.errors import ValidationError as InvoerFout
from ninja.security import HttpBearer
from ninja.throttling import AnonRateThrottle, AuthRateThrottle

from api import aanmelden
from api.models import Partnertoken
from api.problemen import API_VERSIE, probleem
from api.schemas import AanmeldingIn, AanmeldingUit, Kerncijfers, Probleem
from api.selectors import partnertoken_voor_sleutel, pilots_voor_token
from rapportage.documenten import weergave
from rapportage.kpi import Periode, kpis
from werkcoach.audit import Actie, Doel, Resultaat, audit_log


class PartnerToken(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str) -> Partnertoken | None:
        return partnertoken_voor_sleutel(token)


api = NinjaAPI(
    title="werkcoach API voor partners",
    version=API_VERSIE,
    description="Aanmeldingen vanuit het systeem van een partnerorganisatie, en de kerncijfers "
    "van de pilots van haar gemeenten (kleine aantallen onderdrukt als in de verantwoording).",
    urls_namespace="api",
    openapi_url="/openapi.json",
    docs_url=None,  # no documentation UI: it would load its scripts from a CDN
    docs_decorator=require_safe,  # the document answers GET and HEAD only
    auth=PartnerToken(),
    throttle=[AuthRateThrottle("120/m"), AnonRateThrottle("60/m")],
)

FOUTEN = {400: Probleem, 401: Probleem, 403: Probleem, 404: Probleem, 429: Probleem}
_DOELEN = {"aanmeldingen": Doel.VERWIJZING, "kerncijfers": Doel.VERANTWOORDING}


def token(request: HttpRequest) -> Partnertoken:
    return request.auth  # type: ignore[attr-defined]


def log_aanroep(
    request: HttpRequest,
    *,
    actie: str,
    resultaat: str = Resultaat.GELUKT,
    object: Any = None,  # noqa: A002 - the logged object
    omschrijving: str = "",
) -> None:
    """One row in the processing log for a call, with the token's koppelaccount as actor."""
    t = getattr(request, "auth", None)
    match = request.resolver_match
    audit_log(
        actie=actie,
        doel=_DOELEN.get((match.url_name or "") if match else "", Doel.BEVEILIGING),
        actor=t.gebruiker if t else None,
        object=object,
        resultaat=resultaat,
        omschrijving=f"API {request.method} {request.path}"
        + (f" ({t})" if t else "")
        + (f": {omschrijving}" if omschrijving else ""),
    )


@api.post(
    "/aanmeldingen",
    response={201: AanmeldingUit, 200: AanmeldingUit, 409: Probleem, **FOUTEN},
    url_name="aanmeldingen",
    summary="Een inwoner aanmelden",
)
def aanmelding_indienen(
    request: HttpRequest,
    aanmelding: AanmeldingIn,
    idempotency_key: str | None = Header(None, alias="Idempotency-Key"),  # noqa: B008
):
    """Refer a resident, with their consent. The same ``Idempotency-Key`` again returns the
    first referral (200) instead of making a second one (201)."""
    uitkomst = aanmelden.indienen(request, token(request), aanmelding, idempotency_key)
    if isinstance(uitkomst, HttpResponse):
        log_aanroep(request, actie=Actie.AANMAKEN, resultaat=Resultaat.MISLUKT)
        return uitkomst
    a, nieuw = uitkomst
    if not nieuw:
        log_aanroep(request, actie=Actie.BEKIJKEN, object=a, omschrijving="herhaalde indiening")
    return Status(
        201 if nieuw else 200,
        {
            "id": a.pk,
            "status": a.status,
            "status_omschrijving": a.get_status_display(),
            "aangemeld_op": a.aangemeld_op,
        },
    )


@api.get(
    "/pilots/{pilot_id}/kerncijfers",
    response={200: Kerncijfers, **FOUTEN},
    url_name="kerncijfers",
    summary="Kerncijfers van een pilot over een periode",
)
def kerncijfers(request: HttpRequest, pilot_id: int, van: date, tot: date):
    """The headline figures of the period, as the verantwoording shows them: every count below
    the pilot's threshold, and whatever would give it away, is "x"."""
    pilot = get_object_or_404(pilots_voor_token(token(request)), pk=pilot_id)
    try:
        periode = Periode(van, tot)
    except ValueError as exc:
        raise ValidationError({"tot": str(exc)}) from exc
    k = kpis(pilot, periode)
    v = weergave(k, drempel=pilot.drempel_kleine_aantallen)
    log_aanroep(request, actie=Actie.BEKIJKEN, object=pilot, omschrijving=f"{van} t/m {tot}")
    return {
        "pilot": pilot.pk,
        "naam": pilot.naam,
        "van": van,
        "tot": tot,
        "peildatum": k.peildatum,
        "voorlopig": k.voorlopig,
        "drempel_kleine_aantallen": pilot.drempel_kleine_aantallen,
        "cijfers": {naam: v[naam] for naam in KERNCIJFERS},
        "conversie": v["conversie"],
    }


# The headline counts, in the order the verantwoording lists them.
KERNCIJFERS = (
    "aanmeldingen",
    "aanmeldingen_afgewezen",
    "aanmeldingen_onbereikbaar",
    "aanmeldingen_ingetrokken",
    "gesprekken",
    "beeindigd",
    "orientatie_gestart",
    "vervolgtrajecten",
    "overdrachten_totaal",
    "overdrachten_bevestigd",
    "nazorg_lopend",
    "nazorg_afgerond",
    "orientatie_totaal",
)


# --- Errors as problem details -----------------------------------------------------------------


@api.exception_handler(AuthenticationError)
def _niet_geauthenticeerd(request: HttpRequest, exc: Exception) -> HttpResponse:
    log_aanroep(request, actie=Actie.INLOGGEN_MISLUKT, resultaat=Resultaat.GEWEIGERD)
    return probleem(request, 401)


@api.exception_handler(Throttled)
def _te_veel(request: HttpRequest, exc: Exception) -> HttpResponse:
    log_aanroep(request, actie=Actie.BEKIJKEN, resultaat=Resultaat.GEWEIGERD, omschrijving="429")
    return probleem(request, 429, "U doet te veel verzoeken. Probeer het over een minuut opnieuw.")


@api.exception_handler(Http404)
def _niet_gevonden(request: HttpRequest, exc: Exception) -> HttpResponse:
    log_aanroep(request, actie=Actie.BEKIJKEN, resultaat=Resultaat.GEWEIGERD, omschrijving="404")
    return probleem(request, 404)


@api.exception_handler(HttpError)
def _http_fout(request: HttpRequest, exc: HttpError) -> HttpResponse:
    log_aanroep(request, actie=Actie.BEKIJKEN, resultaat=Resultaat.GEWEIGERD)
    return probleem(request, exc.status_code, exc.message)


@api.exception_handler(InvoerFout)
def _ongeldige_invoer(request: HttpRequest, exc: InvoerFout) -> HttpResponse:
    log_aanroep(request, actie=Actie.BEKIJKEN, resultaat=Resultaat.MISLUKT, omschrijving="400")
    return probleem(
        request,
        400,
        "De invoer is niet geldig; zie invalidParams.",
        ongeldig=[aanmelden.invoerfout(e) for e in exc.errors],
    )


@api.exception_handler(ValidationError)
def _servicefout(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    log_aanroep(request, actie=Actie.BEKIJKEN, resultaat=Resultaat.MISLUKT, omschrijving="400")
    return aanmelden.probleem_uit_validatie(request, exc)

"""Pages of the processing log and the AVG rights: audit search, consent withdrawal, the
art. 15 export and the retention terms."""

from __future__ import annotations

import json

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from privacy import bewaring, inzage
from privacy.selectors import logpagina, logregels_zoeken
from werkcoach.access import rol_vereist
from werkcoach.audit import Actie, Doel, audit_log
from werkcoach.forms import BewaartermijnenForm, LogregelFilter, zoekopdracht_omschrijving
from werkcoach.models import Bewaarrun, Rol
from werkcoach.typen import AuthenticatedHttpRequest

PER_PAGINA = 50


@require_GET
def privacyverklaring(request: HttpRequest) -> HttpResponse:
    """The privacy statement, readable without logging in: what is processed, on which basis,
    for how long (the retention terms as beheer set them), who receives it, and the rights."""
    namen = dict(bewaring.uitkomsten())
    termijnen = [(namen[uitkomst], maanden) for uitkomst, maanden in bewaring.termijnen().items()]
    return render(
        request,
        "privacy/privacyverklaring.html",
        {
            "termijnen": termijnen,
            "doelen": Doel.choices,
            "contact": settings.WERKCOACH_CONTACT_EMAIL,
        },
    )


@require_GET
@rol_vereist(Rol.BEHEERDER)
def audit_zoeken(request: AuthenticatedHttpRequest) -> HttpResponse:
    filterset = LogregelFilter(request.GET or None)
    regels = logregels_zoeken(filterset, user=request.user)
    # Logged before the page is read: the first page then shows this search too.
    audit_log(
        actie=Actie.BEKIJKEN,
        doel=Doel.BEHEER,
        request=request,
        omschrijving=zoekopdracht_omschrijving(filterset),
    )
    # Paged by position (previous/next) instead of by number: no count of all matching rows.
    pagina = logpagina(
        regels, na=request.GET.get("na"), voor=request.GET.get("voor"), per=PER_PAGINA
    )
    for regel in pagina.regels:
        regel.actie_label = Actie(regel.actie).label if regel.actie in Actie.values else regel.actie  # type: ignore[attr-defined]
        regel.doel_label = Doel(regel.doel).label if regel.doel in Doel.values else regel.doel  # type: ignore[attr-defined]
    zoekterm = request.GET.copy()
    for sleutel in ("na", "voor", "pagina"):
        zoekterm.pop(sleutel, None)
    return render(
        request,
        "privacy/audit/zoeken.html",
        {"filter": filterset, "pagina": pagina, "zoekterm": zoekterm.urlencode()},
    )


def _inwoner_voor_inzage(request: AuthenticatedHttpRequest, pk: int):
    from cases.models import Inwoner

    return get_object_or_404(
        Inwoner.objects.voor_gebruiker(request.user).select_related("gemeente"), pk=pk
    )


def _bestandsnaam(inwoner, extensie: str) -> str:
    return f"inzage-inwoner-{inwoner.pk}-{timezone.localdate():%d-%m-%Y}.{extensie}"


def _inzage_download(request, pk: int, *, soort: str, maak) -> HttpResponse:
    """One art. 15 export: scoped to the user's residents, logged, never cached."""
    inwoner = _inwoner_voor_inzage(request, pk)
    audit_log(
        actie=Actie.EXPORTEREN,
        doel=Doel.RECHTEN_BETROKKENE,
        request=request,
        object=inwoner,
        inwoner_id=inwoner.pk,
        omschrijving=f"Inzage (AVG art. 15) als {soort.upper()}.",
    )
    inhoud, content_type = maak(inzage.inzage_gegevens(inwoner))
    response = HttpResponse(inhoud, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{_bestandsnaam(inwoner, soort)}"'
    response["Cache-Control"] = "no-store"
    return response


@require_GET
@rol_vereist(Rol.WERKCOACH)
def inzage_json(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    return _inzage_download(
        request,
        pk,
        soort="json",
        maak=lambda g: (
            json.dumps(g, ensure_ascii=False, indent=2),
            "application/json; charset=utf-8",
        ),
    )


@require_GET
@rol_vereist(Rol.WERKCOACH)
def inzage_pdf(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    return _inzage_download(
        request, pk, soort="pdf", maak=lambda g: (inzage.inzage_pdf(g)[1], "application/pdf")
    )


@require_http_methods(["GET", "POST"])
@rol_vereist(Rol.BEHEERDER)
def bewaartermijnen(request: AuthenticatedHttpRequest) -> HttpResponse:
    uitkomsten = bewaring.uitkomsten()
    form = BewaartermijnenForm(
        request.POST or None, uitkomsten=uitkomsten, termijnen=bewaring.termijnen()
    )
    if request.method == "POST" and form.is_valid():
        try:
            bewaring.bewaartermijnen_opslaan(
                door=request.user, termijnen=dict(form.cleaned_data), request=request
            )
        except ValidationError as exc:
            for veld, fouten in exc.message_dict.items():
                form.add_error(veld if veld in form.fields else None, fouten)
        else:
            messages.success(request, "De bewaartermijnen zijn opgeslagen.")
            return redirect("avg:bewaartermijnen")
    runs = Bewaarrun.objects.all()[:10]
    return render(request, "privacy/bewaartermijnen.html", {"form": form, "runs": runs})

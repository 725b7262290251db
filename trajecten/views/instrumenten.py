"""The instrumentenwaaier: browse, search, maintain (beheerder), export."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET

from trajecten import exports, forms, selectors, services
from trajecten.filters import InstrumentFilter
from trajecten.models import Instrument
from trajecten.views._lijst import PER_PAGINA, querystring
from werkcoach.access import rol_vereist
from werkcoach.audit import Actie, Doel, audit_log
from werkcoach.formvelden import servicefouten_op_form
from werkcoach.models import Logregel, Rol
from werkcoach.typen import AuthenticatedHttpRequest

CATALOGUS_ROLLEN = (Rol.WERKCOACH, Rol.BEHEERDER, Rol.PROJECTLEIDER, Rol.SOCIAAL_WERKER)

EXPORT_ROLLEN = (Rol.WERKCOACH, Rol.BEHEERDER, Rol.PROJECTLEIDER)


@rol_vereist(*CATALOGUS_ROLLEN)
@require_GET
def instrumenten(request: AuthenticatedHttpRequest) -> HttpResponse:
    filter_ = InstrumentFilter(
        request.GET, queryset=selectors.instrumenten_voor_gebruiker(request.user)
    )
    pagina = Paginator(filter_.qs.order_by("naam", "pk"), PER_PAGINA).get_page(
        request.GET.get("pagina")
    )
    return render(
        request,
        "trajecten/instrumenten.html",
        {
            "filter": filter_,
            "pagina": pagina,
            "zonder_pagina": querystring(request, pagina=None),
            "mag_beheren": request.user.heeft_rol(Rol.BEHEERDER),
            "mag_exporteren": request.user.heeft_rol(*EXPORT_ROLLEN),
        },
    )


@rol_vereist(*CATALOGUS_ROLLEN)
@require_GET
def instrument(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    obj = get_object_or_404(selectors.instrumenten_voor_gebruiker(request.user), pk=pk)
    mag_beheren = request.user.heeft_rol(Rol.BEHEERDER)
    geschiedenis = (
        Logregel.objects.filter(object_type=Instrument._meta.label, object_id=str(obj.pk))
        .only("tijdstip", "actor_naam", "actie", "omschrijving")
        .order_by("-tijdstip")[:20]
        if mag_beheren
        else []
    )
    return render(
        request,
        "trajecten/instrument.html",
        {"instrument": obj, "mag_beheren": mag_beheren, "geschiedenis": geschiedenis},
    )


def _instrument_bewaren(request, obj: Instrument | None):
    form = forms.InstrumentForm(request.POST or None, instance=obj, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            opgeslagen = services.instrument_opslaan(
                door=request.user, instrument=obj, **form.cleaned_data
            )
        except ValidationError as fout:
            servicefouten_op_form(form, fout)
        else:
            audit_log(
                actie=Actie.WIJZIGEN if obj else Actie.AANMAKEN,
                doel=Doel.BEHEER,
                request=request,
                object=opgeslagen,
                omschrijving=", ".join(sorted(form.changed_data))[:500],
            )
            messages.success(request, f"{opgeslagen.naam} is opgeslagen.")
            return redirect("trajecten:instrument", pk=opgeslagen.pk)
    return render(request, "trajecten/instrument_form.html", {"form": form, "instrument": obj})


@rol_vereist(Rol.BEHEERDER)
def instrument_nieuw(request: AuthenticatedHttpRequest) -> HttpResponse:
    return _instrument_bewaren(request, None)


@rol_vereist(Rol.BEHEERDER)
def instrument_wijzigen(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    obj = get_object_or_404(selectors.instrumenten_voor_gebruiker(request.user), pk=pk)
    return _instrument_bewaren(request, obj)


def _export(request: AuthenticatedHttpRequest, exporter) -> HttpResponse:
    rijen = selectors.instrumenten_voor_gebruiker(request.user).order_by("naam", "pk")
    bestandsnaam, soort, inhoud = exporter(rijen)
    audit_log(
        actie=Actie.EXPORTEREN,
        doel=Doel.BEHEER,
        request=request,
        omschrijving=f"Instrumentenwaaier geëxporteerd als {bestandsnaam}.",
    )
    antwoord = HttpResponse(inhoud, content_type=soort)
    antwoord["Content-Disposition"] = f'attachment; filename="{bestandsnaam}"'
    return antwoord


@rol_vereist(*EXPORT_ROLLEN)
@require_GET
def instrumenten_csv(request: AuthenticatedHttpRequest) -> HttpResponse:
    return _export(request, exports.catalogus_csv)


@rol_vereist(*EXPORT_ROLLEN)
@require_GET
def instrumenten_xlsx(request: AuthenticatedHttpRequest) -> HttpResponse:
    return _export(request, exports.catalogus_xlsx)

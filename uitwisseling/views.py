"""Pages of data coming in: adding a gemeente (superuser) and the import of earlier
registrations (werkcoach, projectleider)."""

from __future__ import annotations

import io
from collections import Counter

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from uitwisseling.forms import GemeenteToevoegenForm, ImportForm
from uitwisseling.kolommen import KOLOMMEN
from uitwisseling.models import Importbestand
from uitwisseling.services import gemeente_onboarden, import_bevestigen, import_voorbeeld
from werkcoach import access
from werkcoach.access import rol_vereist
from werkcoach.audit import Actie, Doel, audit_log
from werkcoach.formvelden import servicefouten_op_form
from werkcoach.models import Rol
from werkcoach.typen import AuthenticatedHttpRequest


@require_http_methods(["GET", "POST"])
@rol_vereist(Rol.BEHEERDER)
def gemeente_toevoegen(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Add a gemeente ready to work. Only the application's superuser: a gemeente's own
    beheerder manages that gemeente, not the installation."""
    if not access.beheert_alles(request.user):
        raise PermissionDenied("Alleen de applicatiebeheerder kan een gemeente toevoegen.")
    form = GemeenteToevoegenForm(request.POST or None, initial=GemeenteToevoegenForm.beginwaarden())
    if request.method == "POST" and form.is_valid():
        try:
            uitkomst = gemeente_onboarden(sjabloon=form.sjabloon(), door=request.user)
        except ValidationError as exc:
            servicefouten_op_form(form, exc)
        else:
            return render(request, "uitwisseling/gemeente_toegevoegd.html", {"uitkomst": uitkomst})
    return render(request, "uitwisseling/gemeente_toevoegen.html", {"form": form})


IMPORT_ROLLEN = (Rol.WERKCOACH, Rol.PROJECTLEIDER)


@require_http_methods(["GET", "POST"])
@rol_vereist(*IMPORT_ROLLEN)
def import_start(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Upload a file of earlier registrations; the next page is the dry run."""
    gepost = request.method == "POST"
    form = ImportForm(
        request.POST if gepost else None, request.FILES if gepost else None, user=request.user
    )
    if gepost and form.is_valid():
        upload = form.cleaned_data["bestand"]
        limiet = getattr(settings, "WERKCOACH_IMPORT_MAX_BYTES", 5 * 1024 * 1024)
        inhoud = upload.read(limiet + 1)
        try:
            bestand = import_voorbeeld(
                door=request.user,
                gemeente=form.cleaned_data["gemeente"],
                naam=upload.name,
                inhoud=inhoud,
            )
        except ValidationError as exc:
            servicefouten_op_form(form, exc)
        else:
            return redirect("uitwisseling:import_voorbeeld", pk=bestand.pk)
    status = 400 if form.errors else 200
    return render(request, "uitwisseling/import_start.html", {"form": form}, status=status)


@require_GET
@rol_vereist(*IMPORT_ROLLEN)
def import_voorbeeld_view(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    bestand = get_object_or_404(Importbestand.objects.voor_gebruiker(request.user), pk=pk)
    uitkomst = bestand.uitkomst
    telling = Counter(u["actie"] for u in uitkomst)
    audit_log(
        actie=Actie.BEKIJKEN,
        doel=Doel.IMPORT,
        request=request,
        object=bestand,
        omschrijving="Voorbeeld van een import bekeken.",
    )
    return render(
        request,
        "uitwisseling/import_voorbeeld.html",
        {
            "bestand": bestand,
            "uitkomst": uitkomst,
            "fouten": [u for u in uitkomst if u["actie"] == "fout"],
            "telling": telling,
            "te_importeren": telling["nieuw"] + telling["bestaande_inwoner"],
        },
    )


@require_POST
@rol_vereist(*IMPORT_ROLLEN)
def import_bevestigen_view(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    bestand = get_object_or_404(Importbestand.objects.voor_gebruiker(request.user), pk=pk)
    try:
        import_bevestigen(importbestand=bestand, door=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, "De registraties zijn geïmporteerd.")
    return redirect("uitwisseling:import_voorbeeld", pk=bestand.pk)


@require_GET
@rol_vereist(*IMPORT_ROLLEN)
def import_sjabloon(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The template: the Dutch column names and an example row."""
    import openpyxl

    werkmap = openpyxl.Workbook()
    blad = werkmap.active
    blad.title = "Registraties"
    blad.append([k.kop for k in KOLOMMEN])
    blad.append([k.voorbeeld for k in KOLOMMEN])
    uit = io.BytesIO()
    werkmap.save(uit)
    audit_log(
        actie=Actie.DOWNLOADEN,
        doel=Doel.IMPORT,
        request=request,
        omschrijving="Importsjabloon gedownload.",
    )
    antwoord = HttpResponse(
        uit.getvalue(),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    antwoord["Content-Disposition"] = 'attachment; filename="sjabloon-eerdere-registraties.xlsx"'
    return antwoord

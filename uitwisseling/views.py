"""Pages of data coming in: adding a gemeente (superuser) and the import of earlier
registrations (werkcoach, projectleider)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_http_methods

from uitwisseling.forms import GemeenteToevoegenForm
from uitwisseling.services import gemeente_onboarden
from werkcoach import access
from werkcoach.access import rol_vereist
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

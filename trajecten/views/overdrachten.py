"""The warm handovers addressed to a partner contact, and their confirmation."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from trajecten import selectors, services
from trajecten.views._lijst import PER_PAGINA
from werkcoach.access import rol_vereist
from werkcoach.audit import Actie, Doel, audit_log_many
from werkcoach.models import Rol
from werkcoach.typen import AuthenticatedHttpRequest


@rol_vereist(Rol.PARTNER, Rol.WERKCOACH)
@require_GET
def overdrachten(request: AuthenticatedHttpRequest) -> HttpResponse:
    pagina = Paginator(selectors.overdrachten_lijst(request.user), PER_PAGINA).get_page(
        request.GET.get("pagina")
    )
    rijen = selectors.markeer_overdrachten(pagina.object_list, request.user)
    audit_log_many(
        actie=Actie.BEKIJKEN,
        doel=Doel.OVERDRACHT,
        request=request,
        inwoner_ids=[o.traject.inwoner_id for o in rijen],
        omschrijving=f"Overdrachten, pagina {pagina.number}.",
    )
    return render(
        request,
        "trajecten/overdrachten.html",
        {
            "rijen": rijen,
            "pagina": pagina,
            "is_partner": request.user.heeft_rol(Rol.PARTNER),
            "is_werkcoach": request.user.heeft_rol(Rol.WERKCOACH),
        },
    )


@rol_vereist(Rol.PARTNER)
@require_POST
def overdracht_bevestigen(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    overdracht = get_object_or_404(selectors.overdrachten_voor_gebruiker(request.user), pk=pk)
    try:
        services.overdracht_bevestigen(overdracht=overdracht, door=request.user)
    except ValidationError as fout:
        messages.error(request, " ".join(fout.messages))
    else:
        messages.success(request, "U heeft de ontvangst van de overdracht bevestigd. Dank u.")
    return redirect(reverse("trajecten:overdrachten"))

"""The werkcoach's caseload: residents with their step, next action and marks."""

from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from trajecten import selectors
from trajecten.filters import CaseloadFilter
from trajecten.views._lijst import PER_PAGINA, querystring
from werkcoach.access import rol_vereist
from werkcoach.audit import Actie, Doel, audit_log_many
from werkcoach.models import Rol
from werkcoach.paginering import Paginator
from werkcoach.typen import AuthenticatedHttpRequest


@rol_vereist(Rol.WERKCOACH)
@require_GET
def caseload(request: AuthenticatedHttpRequest) -> HttpResponse:
    filter_ = CaseloadFilter(
        request.GET, queryset=selectors.caseload(request.user), user=request.user
    )
    pagina = Paginator(filter_.qs, PER_PAGINA).get_page(request.GET.get("pagina"))
    rijen = selectors.verrijk(pagina.object_list, request.user)
    # One log record per resident shown, so "wie heeft dit dossier bekeken" finds list reads.
    audit_log_many(
        actie=Actie.BEKIJKEN,
        doel=Doel.BEGELEIDING,
        request=request,
        inwoner_ids=[t.inwoner_id for t in rijen],
        omschrijving=f"Caseload, pagina {pagina.number}.",
        gemeente_van={t.inwoner_id: t.inwoner.gemeente_id for t in rijen},
    )
    return render(
        request,
        "trajecten/caseload.html",
        {
            "filter": filter_,
            "pagina": pagina,
            "rijen": rijen,
            "zonder_pagina": querystring(request, pagina=None),
        },
    )

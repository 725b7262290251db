"""Pages of handling a referral: the werkcoach triages in the inbox (accept, decline, first
contact, plan the gesprek), the referrer follows what became of each referral."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from cases.models import Aanmelding
from cases.services import AanmeldingAlBehandeld, aanmelding_afwijzen, aanmelding_eerste_contact
from cases.tasks import na_commit
from trajecten.aanmeldingen import selectors
from trajecten.aanmeldingen.forms import AfwijzenForm, GesprekPlannenForm, IntrekkenForm
from trajecten.aanmeldingen.services import (
    aanmelding_accepteren,
    gesprek_inplannen,
    toestemming_intrekken,
)
from trajecten.aanmeldingen.tasks import mail_statuswijziging
from trajecten.models import Fase
from trajecten.views._lijst import querystring
from werkcoach.access import rol_vereist
from werkcoach.audit import Actie, Doel, audit_log, audit_log_many
from werkcoach.formvelden import servicefouten_op_form
from werkcoach.models import Rol
from werkcoach.paginering import Paginator
from werkcoach.typen import AuthenticatedHttpRequest
from werkcoach.werkdagen import feestdagen_voor

PER_PAGINA = 50


def _eigen_aanmelding(request: AuthenticatedHttpRequest, pk: int) -> Aanmelding:
    return get_object_or_404(selectors.aanmeldingen_met_traject(request.user), pk=pk)


@rol_vereist(Rol.SOCIAAL_WERKER)
def mijn_aanmeldingen(request: AuthenticatedHttpRequest) -> HttpResponse:
    zoek = request.GET.get("zoek", "").strip()
    alleen_eigen = request.GET.get("van") == "mij"
    qs = selectors.mijn_aanmeldingen(request.user, zoek=zoek, alleen_eigen=alleen_eigen)
    pagina = Paginator(qs, PER_PAGINA).get_page(request.GET.get("pagina"))
    rijen = [(a, selectors.terugkoppeling(a)) for a in pagina]
    audit_log_many(
        actie=Actie.BEKIJKEN,
        doel=Doel.VERWIJZING,
        request=request,
        inwoner_ids=[a.inwoner_id for a, _ in rijen],
        omschrijving=f"Mijn aanmeldingen: {len(rijen)} aanmeldingen getoond",
        gemeente_van={a.inwoner_id: a.inwoner.gemeente_id for a, _ in rijen},
    )
    return render(
        request,
        "trajecten/aanmeldingen/mijn_aanmeldingen.html",
        {
            "pagina": pagina,
            "rijen": rijen,
            "alleen_eigen": alleen_eigen,
            "zoek": zoek,
            "zonder_pagina": querystring(request, pagina=None),
            "zonder_van": querystring(request, van=None, pagina=None),
        },
    )


@rol_vereist(Rol.SOCIAAL_WERKER, Rol.WERKCOACH)
def aanmelding_detail(
    request: AuthenticatedHttpRequest, pk: int, afwijzen_form=None, intrekken_form=None
) -> HttpResponse:
    aanmelding = _eigen_aanmelding(request, pk)
    is_werkcoach = request.user.heeft_rol(Rol.WERKCOACH)
    context = {
        "aanmelding": aanmelding,
        "inwoner": aanmelding.inwoner,
        "status": selectors.terugkoppeling(aanmelding),
        "verloop": selectors.verloop(aanmelding),
        "is_werkcoach": is_werkcoach,
        "intrekken_form": intrekken_form or IntrekkenForm(),
    }
    if is_werkcoach:
        traject = getattr(aanmelding, "traject", None)
        context.update(
            traject=traject,
            afwijzen_form=afwijzen_form or AfwijzenForm(),
            kan_gesprek_plannen=traject is not None
            and traject.fase == Fase.GESPREK
            and traject.gesprek_gehouden_op is None,
            termijn=_termijn(aanmelding, traject),
        )
    audit_log(
        actie=Actie.BEKIJKEN,
        doel=Doel.BEGELEIDING if is_werkcoach else Doel.VERWIJZING,
        request=request,
        object=aanmelding,
        inwoner_id=aanmelding.inwoner_id,
    )
    fout = afwijzen_form is not None or intrekken_form is not None
    return render(
        request,
        "trajecten/aanmeldingen/aanmelding_detail.html",
        context,
        status=400 if fout else 200,
    )


def _termijn(aanmelding: Aanmelding, traject) -> selectors.Reactietermijn | None:
    if aanmelding.status not in (Aanmelding.Status.NIEUW, Aanmelding.Status.GEACCEPTEERD):
        return None
    if traject is not None and traject.fase != Fase.GESPREK:
        return None
    vandaag = timezone.localdate()
    gemeente = aanmelding.gemeente_id
    return selectors.reactietermijn(
        aangemeld_op=aanmelding.aangemeld_op,
        eerste_contact_op=aanmelding.eerste_contact_op,
        gesprek_gehouden_op=traject.gesprek_gehouden_op if traject else None,
        gesprek_gepland_op=traject.gesprek_gepland_op if traject else None,
        pilot=selectors.actieve_pilots([gemeente], vandaag).get(gemeente),
        feestdagen=feestdagen_voor(gemeente),
        vandaag=vandaag,
    )


@rol_vereist(Rol.SOCIAAL_WERKER, Rol.WERKCOACH)
@require_POST
def toestemming_intrekken_view(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The resident withdraws consent (AVG art. 7): recorded with who and when; an open traject
    ends with that reason. What must be kept stays, marked."""
    aanmelding = _eigen_aanmelding(request, pk)
    if aanmelding.toestemming_ingetrokken_op is not None:
        # A repeated submit: the withdrawal was recorded already; nothing is logged twice.
        messages.info(request, "De intrekking van de toestemming was al vastgelegd.")
        return redirect("aanmeldingen:aanmelding_detail", pk=pk)
    form = IntrekkenForm(request.POST)
    if not form.is_valid():
        return aanmelding_detail.__wrapped__(request, pk, intrekken_form=form)
    toestemming_intrekken(
        aanmelding=aanmelding, door=request.user, toelichting=form.cleaned_data["toelichting"]
    )
    na_commit(mail_statuswijziging, aanmelding.pk)
    messages.success(request, "De intrekking van de toestemming is vastgelegd.")
    return redirect("aanmeldingen:aanmelding_detail", pk=pk)


@rol_vereist(Rol.WERKCOACH)
def inbox(request: AuthenticatedHttpRequest) -> HttpResponse:
    zoek = request.GET.get("zoek", "").strip()
    context: dict[str, object] = {
        **selectors.inbox(
            request.user,
            zoek=zoek,
            pagina_nieuw=request.GET.get("nieuw"),
            pagina_aangenomen=request.GET.get("aangenomen"),
        )
    }
    getoond = [*context["nieuw"], *context["aangenomen"]]  # type: ignore[misc]
    audit_log_many(
        actie=Actie.BEKIJKEN,
        doel=Doel.BEGELEIDING,
        request=request,
        inwoner_ids=[r.aanmelding.inwoner_id for r in getoond],
        omschrijving=f"Inbox: {len(getoond)} aanmeldingen getoond",
        gemeente_van={r.aanmelding.inwoner_id: r.aanmelding.inwoner.gemeente_id for r in getoond},
    )
    context.update(
        zoek=zoek,
        zonder_nieuw=querystring(request, nieuw=None),
        zonder_aangenomen=querystring(request, aangenomen=None),
    )
    sjabloon = "trajecten/aanmeldingen/inbox.html"
    if request.headers.get("HX-Request") and request.headers.get("HX-Target") == "inbox-lijsten":
        sjabloon = "trajecten/aanmeldingen/partials/inbox_lijsten.html"
    return render(request, sjabloon, context)


@rol_vereist(Rol.WERKCOACH)
@require_POST
def aanmelding_accepteren_view(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    aanmelding = _eigen_aanmelding(request, pk)
    try:
        aanmelding_accepteren(aanmelding=aanmelding, door=request.user)
    except AanmeldingAlBehandeld as exc:
        messages.error(request, exc.messages[0])
        return redirect("aanmeldingen:aanmelding_detail", pk=pk)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("aanmeldingen:aanmelding_detail", pk=pk)
    na_commit(mail_statuswijziging, aanmelding.pk)  # the service logged the change
    messages.success(request, "De aanmelding is aangenomen. Plan nu het kennismakingsgesprek.")
    return redirect("aanmeldingen:gesprek_plannen", pk=pk)


@rol_vereist(Rol.WERKCOACH)
@require_POST
def aanmelding_afwijzen_view(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    aanmelding = _eigen_aanmelding(request, pk)
    form = AfwijzenForm(request.POST)
    if form.is_valid():
        try:
            aanmelding_afwijzen(
                aanmelding=aanmelding,
                door=request.user,
                status=form.cleaned_data["status"],
                reden=form.cleaned_data["reden"],
            )
        except AanmeldingAlBehandeld as exc:
            messages.error(request, exc.messages[0])
            return redirect("aanmeldingen:aanmelding_detail", pk=pk)
        except ValidationError as exc:
            servicefouten_op_form(form, exc)
        else:
            na_commit(mail_statuswijziging, aanmelding.pk)  # the service logged the change
            messages.success(request, "Vastgelegd. De sociaal werker ziet de reden.")
            return redirect("aanmeldingen:inbox")
    return aanmelding_detail.__wrapped__(request, pk, afwijzen_form=form)


@rol_vereist(Rol.WERKCOACH)
@require_POST
def eerste_contact(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    aanmelding = _eigen_aanmelding(request, pk)
    if aanmelding.status not in (Aanmelding.Status.NIEUW, Aanmelding.Status.GEACCEPTEERD):
        messages.error(request, "Deze aanmelding is afgesloten; er is niets vastgelegd.")
        return redirect("aanmeldingen:aanmelding_detail", pk=pk)
    aanmelding_eerste_contact(aanmelding=aanmelding, door=request.user)
    na_commit(mail_statuswijziging, aanmelding.pk)  # the service logged the change
    messages.success(request, "Het eerste contact met de inwoner is vastgelegd.")
    return redirect("aanmeldingen:aanmelding_detail", pk=pk)


@rol_vereist(Rol.WERKCOACH)
def gesprek_plannen_view(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    aanmelding = _eigen_aanmelding(request, pk)
    traject = getattr(aanmelding, "traject", None)
    if traject is None or traject.fase != Fase.GESPREK or traject.gesprek_gehouden_op:
        messages.error(
            request, "Het gesprek kan alleen worden gepland na aannemen, in de stap gesprek."
        )
        return redirect("aanmeldingen:aanmelding_detail", pk=pk)
    if request.method == "POST":
        form = GesprekPlannenForm(request.POST)
        if form.is_valid():
            try:
                gesprek_inplannen(
                    aanmelding=aanmelding,
                    door=request.user,
                    gepland_op=form.cleaned_data["gepland_op"],
                    locatie=form.cleaned_data["locatie"],
                    versie=form.cleaned_data["versie"],
                )
            except ValidationError as exc:
                servicefouten_op_form(form, exc)
            else:
                na_commit(mail_statuswijziging, aanmelding.pk)  # the service logged the change
                messages.success(request, "Het kennismakingsgesprek is gepland.")
                return redirect("aanmeldingen:inbox")
    else:
        initial = {"versie": traject.versie, "locatie": traject.gesprek_locatie or None}
        if traject.gesprek_gepland_op:
            moment = timezone.localtime(traject.gesprek_gepland_op)
            initial.update(datum=moment.date(), tijd=moment.time())
        form = GesprekPlannenForm(initial=initial)
    audit_log(
        actie=Actie.BEKIJKEN,
        doel=Doel.BEGELEIDING,
        request=request,
        object=aanmelding,
        inwoner_id=aanmelding.inwoner_id,
    )
    return render(
        request,
        "trajecten/aanmeldingen/gesprek_plannen.html",
        {"form": form, "aanmelding": aanmelding, "inwoner": aanmelding.inwoner},
        status=400 if form.errors else 200,
    )

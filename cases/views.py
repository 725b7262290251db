"""Referral pages: the sociaal werker refers and follows up, the werkcoach triages."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from cases import selectors
from cases.forms import AanmeldingForm, AfwijzenForm, GesprekPlannenForm, IntrekkenForm
from cases.models import Aanmelding, Inwoner
from cases.services import (
    AanmeldingAlBehandeld,
    DubbeleInwoner,
    TeVaakGecontroleerd,
    aanmelding_accepteren,
    aanmelding_afwijzen,
    aanmelding_create,
    aanmelding_eerste_contact,
    dubbelcontrole_tellen,
    gesprek_inplannen,
    inwoner_aanvullen,
    toestemming_intrekken,
)
from cases.tasks import mail_nieuwe_aanmelding, mail_statuswijziging, na_commit
from trajecten.models import Fase
from werkcoach.access import rol_vereist
from werkcoach.audit import Actie, Doel, audit_log, audit_log_many
from werkcoach.models import Rol
from werkcoach.werkdagen import feestdagen_voor

PER_PAGINA = 50


def _fouten_naar_form(form, exc: ValidationError) -> None:
    """Put a service's errors on the form: per field where the service names one."""
    if hasattr(exc, "error_dict"):
        for veld, fouten in exc.error_dict.items():
            form.add_error(veld if veld in form.fields else None, fouten)
    else:
        form.add_error(None, exc.messages)


def _eigen_aanmelding(request: HttpRequest, pk: int) -> Aanmelding:
    return get_object_or_404(selectors.aanmeldingen_met_traject(request.user), pk=pk)


# --- Sociaal werker -------------------------------------------------------------------------


def _dubbelen_te_tonen(request: HttpRequest, d: dict, kandidaten: list[Inwoner]) -> list[Inwoner]:
    return selectors.dubbelen_te_tonen(
        request.user,
        kandidaten=kandidaten,
        bsn=d.get("bsn") or "",
        voornaam=d.get("voornaam") or "",
        achternaam=d.get("achternaam") or "",
        geboortedatum=d.get("geboortedatum"),
    )


@rol_vereist(Rol.SOCIAAL_WERKER)
def aanmelding_nieuw(request: HttpRequest) -> HttpResponse:
    dubbelen: list[Inwoner] = []
    verborgen_dubbel = False
    status = 200
    if request.method == "POST":
        form = AanmeldingForm(request.POST, user=request.user)
        if form.is_valid():
            # Every submitted referral runs the duplicate check: counted before it runs.
            try:
                dubbelcontrole_tellen(gebruiker=request.user)
            except TeVaakGecontroleerd as exc:
                form.add_error(None, exc.messages)
                status = 429
        if form.is_valid():
            resultaat = _aanmelden(request, form)
            if isinstance(resultaat, Aanmelding):
                messages.success(
                    request,
                    f"Aanmelding {resultaat.pk} is verstuurd naar de werkcoach. Hier ziet u "
                    "steeds wat ermee gebeurt.",
                )
                return redirect("cases:aanmelding_detail", pk=resultaat.pk)
            if resultaat:
                # Only residents the referrer may see are shown; for anyone else a neutral
                # message, and nothing is saved (see ``_dubbelen_te_tonen``).
                dubbelen = _dubbelen_te_tonen(request, form.cleaned_data, resultaat)
                verborgen = [i.pk for i in resultaat if i not in dubbelen]
                verborgen_dubbel = bool(verborgen)
                if verborgen:
                    # Not shown, but recorded: who tested which resident's details.
                    audit_log_many(
                        actie=Actie.DUBBELCONTROLE,
                        doel=Doel.VERWIJZING,
                        request=request,
                        inwoner_ids=verborgen,
                        omschrijving="Aanmelding kwam overeen met een inwoner buiten het "
                        "bereik van de verwijzer; niets getoond.",
                    )
                if dubbelen:
                    audit_log_many(
                        actie=Actie.BEKIJKEN,
                        doel=Doel.VERWIJZING,
                        request=request,
                        inwoner_ids=[i.pk for i in dubbelen],
                        omschrijving="Mogelijke dubbele inwoner getoond bij het aanmelden.",
                    )
    else:
        form = AanmeldingForm(user=request.user)
    eerdere = {}
    if dubbelen:
        for a in Aanmelding.objects.voor_gebruiker(request.user).filter(inwoner__in=dubbelen):
            eerdere.setdefault(a.inwoner_id, a)
    return render(
        request,
        "cases/aanmelding_form.html",
        {
            "form": form,
            "dubbelen": [(i, eerdere.get(i.pk)) for i in dubbelen],
            "verborgen_dubbel": verborgen_dubbel,
            "geen_team": not request.user.gebiedsteam_ids,
        },
        status=400 if form.errors and status == 200 else status,
    )


def _aanmelden(request: HttpRequest, form: AanmeldingForm) -> Aanmelding | list[Inwoner]:
    """Call the service; return the referral, or the residents it seems to duplicate."""
    d = form.cleaned_data
    team = d["gebiedsteam"]
    inwoner = None
    if d.get("bestaande_inwoner"):
        # Only a resident that matches what was typed can be chosen, never any pk.
        inwoner = (
            selectors.inwoner_dubbelen(
                gemeente=team.gemeente_id,
                bsn=d["bsn"],
                voornaam=d["voornaam"],
                achternaam=d["achternaam"],
                geboortedatum=d["geboortedatum"],
            )
            .filter(pk=d["bestaande_inwoner"])
            .first()
        )
        if inwoner is not None and not _dubbelen_te_tonen(request, d, [inwoner]):
            inwoner = None  # a resident that was not shown cannot be chosen either
        if inwoner is None:
            form.add_error(
                None, "De gekozen bestaande inwoner past niet bij de ingevulde gegevens."
            )
            return []
    try:
        with transaction.atomic():
            if inwoner is not None:
                inwoner = inwoner_aanvullen(inwoner=inwoner, gegevens=d)
            aanmelding = aanmelding_create(
                door=request.user,
                gebiedsteam=team,
                inwoner=inwoner,
                inwoner_gegevens={k: d[k] for k in d if k not in ("gebiedsteam",)},
                signaal=d["signaal"],
                wens=d["wens"],
                contactvoorkeur=d["contactvoorkeur"],
                contact_moment_voorkeur=d["contact_moment_voorkeur"],
                toestemming_gegeven=d["toestemming_gegeven"],
                toestemming_datum=d["toestemming_datum"],
                toestemming_wijze=d["toestemming_wijze"],
                toestemming_omvang=d["toestemming_omvang"],
                indieningssleutel=d["indieningssleutel"],
            )
    except DubbeleInwoner as exc:
        return exc.bestaande
    except ValidationError as exc:
        _fouten_naar_form(form, exc)
        return []
    audit_log(
        actie=Actie.AANMAKEN,
        doel=Doel.VERWIJZING,
        request=request,
        object=aanmelding,
        inwoner_id=aanmelding.inwoner_id,
    )
    na_commit(mail_nieuwe_aanmelding, aanmelding.pk)
    return aanmelding


@rol_vereist(Rol.SOCIAAL_WERKER)
def mijn_aanmeldingen(request: HttpRequest) -> HttpResponse:
    qs = selectors.aanmeldingen_met_traject(request.user).order_by("-aangemeld_op", "-pk")
    alleen_eigen = request.GET.get("van") == "mij"
    if alleen_eigen:
        qs = qs.filter(aangemeld_door=request.user)
    pagina = Paginator(qs, PER_PAGINA).get_page(request.GET.get("pagina"))
    rijen = [(a, selectors.terugkoppeling(a)) for a in pagina]
    audit_log_many(
        actie=Actie.BEKIJKEN,
        doel=Doel.VERWIJZING,
        request=request,
        inwoner_ids=[a.inwoner_id for a, _ in rijen],
        omschrijving=f"Mijn aanmeldingen: {len(rijen)} aanmeldingen getoond",
    )
    return render(
        request,
        "cases/mijn_aanmeldingen.html",
        {"pagina": pagina, "rijen": rijen, "alleen_eigen": alleen_eigen},
    )


# --- Both roles --------------------------------------------------------------------------------


@rol_vereist(Rol.SOCIAAL_WERKER, Rol.WERKCOACH)
def aanmelding_detail(
    request: HttpRequest, pk: int, afwijzen_form=None, intrekken_form=None
) -> HttpResponse:
    aanmelding = _eigen_aanmelding(request, pk)
    is_werkcoach = request.user.heeft_rol(Rol.WERKCOACH)
    context = {
        "aanmelding": aanmelding,
        "inwoner": aanmelding.inwoner,
        "status": selectors.terugkoppeling(aanmelding),
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
    return render(request, "cases/aanmelding_detail.html", context, status=400 if fout else 200)


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
def toestemming_intrekken_view(request: HttpRequest, pk: int) -> HttpResponse:
    """The resident withdraws consent (AVG art. 7): recorded with who and when; an open traject
    ends with that reason. What must be kept stays, marked."""
    aanmelding = _eigen_aanmelding(request, pk)
    if aanmelding.toestemming_ingetrokken_op is not None:
        # A repeated submit: the withdrawal was recorded already; nothing is logged twice.
        messages.info(request, "De intrekking van de toestemming was al vastgelegd.")
        return redirect("cases:aanmelding_detail", pk=pk)
    form = IntrekkenForm(request.POST)
    if not form.is_valid():
        return aanmelding_detail.__wrapped__(request, pk, intrekken_form=form)
    toestemming_intrekken(
        aanmelding=aanmelding, door=request.user, toelichting=form.cleaned_data["toelichting"]
    )
    audit_log(
        actie=Actie.WIJZIGEN,
        doel=Doel.RECHTEN_BETROKKENE,
        request=request,
        object=aanmelding,
        inwoner_id=aanmelding.inwoner_id,
        omschrijving="Toestemming ingetrokken",
    )
    na_commit(mail_statuswijziging, aanmelding.pk)
    messages.success(request, "De intrekking van de toestemming is vastgelegd.")
    return redirect("cases:aanmelding_detail", pk=pk)


# --- Werkcoach ------------------------------------------------------------------------------


@rol_vereist(Rol.WERKCOACH)
def inbox(request: HttpRequest) -> HttpResponse:
    context = selectors.inbox(request.user)
    getoond = [*context["nieuw"], *context["aangenomen"]]
    audit_log_many(
        actie=Actie.BEKIJKEN,
        doel=Doel.BEGELEIDING,
        request=request,
        inwoner_ids=[r.aanmelding.inwoner_id for r in getoond],
        omschrijving=f"Inbox: {len(getoond)} aanmeldingen getoond",
    )
    return render(request, "cases/inbox.html", context)


def _na_wijziging(request: HttpRequest, aanmelding: Aanmelding, omschrijving: str) -> None:
    audit_log(
        actie=Actie.WIJZIGEN,
        doel=Doel.BEGELEIDING,
        request=request,
        object=aanmelding,
        inwoner_id=aanmelding.inwoner_id,
        omschrijving=omschrijving,
    )
    na_commit(mail_statuswijziging, aanmelding.pk)


@rol_vereist(Rol.WERKCOACH)
@require_POST
def aanmelding_accepteren_view(request: HttpRequest, pk: int) -> HttpResponse:
    aanmelding = _eigen_aanmelding(request, pk)
    try:
        aanmelding_accepteren(aanmelding=aanmelding, door=request.user)
    except AanmeldingAlBehandeld as exc:
        messages.error(request, exc.messages[0])
        return redirect("cases:aanmelding_detail", pk=pk)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("cases:aanmelding_detail", pk=pk)
    _na_wijziging(request, aanmelding, "Aanmelding aangenomen; traject gestart")
    messages.success(request, "De aanmelding is aangenomen. Plan nu het kennismakingsgesprek.")
    return redirect("cases:gesprek_plannen", pk=pk)


@rol_vereist(Rol.WERKCOACH)
@require_POST
def aanmelding_afwijzen_view(request: HttpRequest, pk: int) -> HttpResponse:
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
            return redirect("cases:aanmelding_detail", pk=pk)
        except ValidationError as exc:
            _fouten_naar_form(form, exc)
        else:
            _na_wijziging(request, aanmelding, "Aanmelding afgewezen of onbereikbaar")
            messages.success(request, "Vastgelegd. De sociaal werker ziet de reden.")
            return redirect("cases:inbox")
    return aanmelding_detail.__wrapped__(request, pk, afwijzen_form=form)


@rol_vereist(Rol.WERKCOACH)
@require_POST
def eerste_contact(request: HttpRequest, pk: int) -> HttpResponse:
    aanmelding = _eigen_aanmelding(request, pk)
    if aanmelding.status not in (Aanmelding.Status.NIEUW, Aanmelding.Status.GEACCEPTEERD):
        messages.error(request, "Deze aanmelding is afgesloten; er is niets vastgelegd.")
        return redirect("cases:aanmelding_detail", pk=pk)
    aanmelding_eerste_contact(aanmelding=aanmelding)
    _na_wijziging(request, aanmelding, "Eerste contact vastgelegd")
    messages.success(request, "Het eerste contact met de inwoner is vastgelegd.")
    return redirect("cases:aanmelding_detail", pk=pk)


@rol_vereist(Rol.WERKCOACH)
def gesprek_plannen_view(request: HttpRequest, pk: int) -> HttpResponse:
    aanmelding = _eigen_aanmelding(request, pk)
    traject = getattr(aanmelding, "traject", None)
    if traject is None or traject.fase != Fase.GESPREK or traject.gesprek_gehouden_op:
        messages.error(
            request, "Het gesprek kan alleen worden gepland na aannemen, in de stap gesprek."
        )
        return redirect("cases:aanmelding_detail", pk=pk)
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
                _fouten_naar_form(form, exc)
            else:
                _na_wijziging(request, aanmelding, "Kennismakingsgesprek gepland")
                messages.success(request, "Het kennismakingsgesprek is gepland.")
                return redirect("cases:inbox")
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
        "cases/gesprek_plannen.html",
        {"form": form, "aanmelding": aanmelding, "inwoner": aanmelding.inwoner},
        status=400 if form.errors else 200,
    )

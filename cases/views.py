"""Referral pages: the sociaal werker refers and follows up, the werkcoach triages."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpResponse
from django.shortcuts import redirect, render

from cases import selectors
from cases.forms import AanmeldingForm
from cases.models import Aanmelding, Inwoner
from cases.services import (
    DubbeleInwoner,
    TeVaakGecontroleerd,
    aanmelding_create,
    dubbelcontrole_tellen,
    inwoner_aanvullen,
)
from cases.tasks import mail_nieuwe_aanmelding, na_commit
from werkcoach.access import rol_vereist
from werkcoach.audit import Actie, Doel, audit_log_many
from werkcoach.formvelden import servicefouten_op_form
from werkcoach.models import Rol
from werkcoach.typen import AuthenticatedHttpRequest

PER_PAGINA = 50


# --- Sociaal werker -------------------------------------------------------------------------


def _dubbelen_te_tonen(
    request: AuthenticatedHttpRequest, d: dict, kandidaten: list[Inwoner]
) -> list[Inwoner]:
    return selectors.dubbelen_te_tonen(
        request.user,
        kandidaten=kandidaten,
        bsn=d.get("bsn") or "",
        voornaam=d.get("voornaam") or "",
        achternaam=d.get("achternaam") or "",
        geboortedatum=d.get("geboortedatum"),
    )


def _dubbelen_melden(
    request: AuthenticatedHttpRequest, form: AanmeldingForm, gevonden: list[Inwoner]
) -> tuple[list[Inwoner], bool]:
    """The residents a referral seems to duplicate: only those the referrer may see are shown
    (for anyone else a neutral message, and nothing is saved; see ``_dubbelen_te_tonen``). Both
    are logged: who saw which resident, and who tested which resident's details."""
    dubbelen = _dubbelen_te_tonen(request, form.cleaned_data, gevonden)
    verborgen = [i.pk for i in gevonden if i not in dubbelen]
    if verborgen:
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
    return dubbelen, bool(verborgen)


@rol_vereist(Rol.SOCIAAL_WERKER)
def aanmelding_nieuw(request: AuthenticatedHttpRequest) -> HttpResponse:
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
                return redirect("aanmeldingen:aanmelding_detail", pk=resultaat.pk)
            if resultaat:
                dubbelen, verborgen_dubbel = _dubbelen_melden(request, form, resultaat)
    else:
        form = AanmeldingForm(user=request.user)
    eerdere: dict[int, Aanmelding] = {}
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


def _aanmelden(
    request: AuthenticatedHttpRequest, form: AanmeldingForm
) -> Aanmelding | list[Inwoner]:
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
                inwoner = inwoner_aanvullen(inwoner=inwoner, gegevens=d, door=request.user)
            aanmelding = aanmelding_create(
                door=request.user,
                gebiedsteam=team,
                inwoner=inwoner,
                inwoner_gegevens={k: d[k] for k in d if k not in ("gebiedsteam",)},
                **form.aanmelding_gegevens(),
            )
    except DubbeleInwoner as exc:
        return exc.bestaande
    except ValidationError as exc:
        servicefouten_op_form(form, exc)
        return []
    na_commit(mail_nieuwe_aanmelding, aanmelding.pk)
    return aanmelding


# --- Both roles --------------------------------------------------------------------------------


# --- Werkcoach ------------------------------------------------------------------------------

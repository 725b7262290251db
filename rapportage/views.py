"""Views of rapportage: manager dashboard, report archive and downloads, budget."""

from __future__ import annotations

import uuid
from datetime import date

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_GET, require_POST

from rapportage import documenten, selectors, services
from rapportage.forms import (
    BegrotingForm,
    DashboardFilterForm,
    MaandrapportageForm,
    NieuweVersieForm,
    UitgaveForm,
    VerantwoordingForm,
)
from rapportage.kpi import Periode
from rapportage.models import Rapport
from werkcoach.access import rol_vereist
from werkcoach.audit import Actie, Doel, audit_log
from werkcoach.models import Rol

LEZERS = (Rol.PROJECTLEIDER, Rol.MANAGER)


def _pilot(request):
    """The pilot the user works on: ``?pilot=`` or the first one they may see (404 if none)."""
    pilots = list(selectors.pilots_voor(request.user))
    gekozen = request.GET.get("pilot") or request.POST.get("pilot")
    if gekozen:
        for pilot in pilots:
            if str(pilot.pk) == gekozen:
                return pilot, pilots
        raise Http404("Onbekende pilot.")
    if not pilots:
        raise Http404("U bent niet gekoppeld aan een pilot.")
    return pilots[0], pilots


def _periode(pilot, jaar: int | None, vandaag: date) -> Periode:
    if jaar:
        return Periode(max(date(jaar, 1, 1), pilot.startdatum), date(jaar, 12, 31))
    return Periode(pilot.startdatum, max(min(pilot.einddatum, vandaag), pilot.startdatum))


@rol_vereist(*LEZERS)
@require_GET
def dashboard(request):
    pilot, pilots = _pilot(request)
    vandaag = timezone.localdate()
    standaard = {"jaar": vandaag.year} if pilot.is_actief_op(vandaag) else {}
    form = DashboardFilterForm(request.GET or standaard, pilot=pilot)
    jaar, team = None, None
    if form.is_valid():
        jaar, team = form.cleaned_data["jaar"], form.cleaned_data["gebiedsteam"]
    periode = _periode(pilot, jaar, vandaag)
    context = documenten.dashboard_context(pilot, periode, team, vandaag)
    context.update({"pilot": pilot, "pilots": pilots, "form": form, "vandaag": vandaag})
    return render(request, "rapportage/dashboard.html", context)


def _archief(lijst) -> list[Rapport]:
    """The archive with, per kind and period, the current version marked: the newest one
    that is done (earlier versions stay downloadable, marked as earlier)."""
    lijst = list(lijst)
    huidig: dict[tuple, int] = {}
    for rapport in lijst:
        sleutel = (rapport.soort, rapport.periode_start, rapport.periode_eind)
        if rapport.status == Rapport.Status.KLAAR:
            huidig[sleutel] = max(huidig.get(sleutel, 0), rapport.versie)
    for rapport in lijst:
        sleutel = (rapport.soort, rapport.periode_start, rapport.periode_eind)
        rapport.is_huidig = huidig.get(sleutel) == rapport.versie
        rapport.is_eerder = rapport.status == Rapport.Status.KLAAR and not rapport.is_huidig
        rapport.nieuwe_sleutel = uuid.uuid4()  # one idempotency key per form
    return lijst


def _rapporten_context(request, pilot, pilots, *, maand_form=None, verantwoording_form=None):
    lijst = selectors.rapporten_voor(request.user).filter(pilot=pilot)
    context = {"pilot": pilot, "pilots": pilots, "rapporten": _archief(lijst)}
    if request.user.heeft_rol(Rol.PROJECTLEIDER):
        vandaag = timezone.localdate()
        vorige = services.vorige_maand(vandaag).start
        context["versie_form"] = True
        context["maand_form"] = maand_form or MaandrapportageForm(
            initial={"jaar": vorige.year, "maand": vorige.month}, pilot=pilot, vandaag=vandaag
        )
        context["verantwoording_form"] = verantwoording_form or VerantwoordingForm(
            pilot=pilot, prefix="rwf"
        )
    return context


@rol_vereist(*LEZERS)
@require_GET
def rapporten(request):
    pilot, pilots = _pilot(request)
    return render(request, "rapportage/rapporten.html", _rapporten_context(request, pilot, pilots))


def _aanvragen(request, pilot, soort, periode, form) -> bool:
    """Ask for the report of a valid request form. False when the period already has a version
    and the user did not ask for a new one: the form is shown again with what the user typed
    and the offer of a new version."""
    data = form.cleaned_data
    try:
        rapport, gestart = services.rapport_aanvragen(
            pilot=pilot,
            soort=soort,
            periode=periode,
            door=request.user,
            toelichting=data["toelichting"],
            nieuwe_versie=data["nieuwe_versie"],
            aanvraagsleutel=data["aanvraagsleutel"],
        )
    except services.VersieBestaat as bestaat:
        form.versie_bestaat = bestaat.rapport
        return False
    except ValidationError as fout:
        messages.error(request, " ".join(fout.messages))
        return True
    if gestart:
        voorlopig = " Omdat de periode nog loopt, is het een voorlopig rapport." * rapport.voorlopig
        messages.success(
            request, f"{rapport} is aangevraagd; de status staat in het archief.{voorlopig}"
        )
    elif rapport.aanvraagsleutel == data["aanvraagsleutel"]:
        messages.info(request, f"Uw aanvraag van {rapport} was al ontvangen.")
    else:
        form.versie_bestaat = rapport
        return False
    return True


def _aanvraag_antwoord(request, pilot, pilots, **forms):
    """The archive again, with the request form that needs the user's answer (409)."""
    context = _rapporten_context(request, pilot, pilots, **forms)
    return render(request, "rapportage/rapporten.html", context, status=409)


@rol_vereist(Rol.PROJECTLEIDER)
@require_POST
def maandrapportage_aanvragen(request):
    pilot, pilots = _pilot(request)
    form = MaandrapportageForm(request.POST, pilot=pilot, vandaag=timezone.localdate())
    if not form.is_valid():
        context = _rapporten_context(request, pilot, pilots, maand_form=form)
        return render(request, "rapportage/rapporten.html", context, status=400)
    periode = Periode.maand(form.cleaned_data["jaar"], form.cleaned_data["maand"])
    if not _aanvragen(request, pilot, Rapport.Soort.MAANDRAPPORTAGE, periode, form):
        return _aanvraag_antwoord(request, pilot, pilots, maand_form=form)
    return redirect(f"{reverse('rapportage:rapporten')}?pilot={pilot.pk}")


@rol_vereist(Rol.PROJECTLEIDER)
@require_POST
def verantwoording_aanvragen(request):
    pilot, pilots = _pilot(request)
    form = VerantwoordingForm(request.POST, pilot=pilot, prefix="rwf")
    if not form.is_valid():
        messages.error(request, "Kies een periode voor de verantwoording.")
        return redirect(f"{reverse('rapportage:rapporten')}?pilot={pilot.pk}")
    keuze = form.cleaned_data["periode"]
    if keuze == "pilot":
        periode = Periode(pilot.startdatum, pilot.einddatum)
    else:
        periode = Periode(
            max(date(int(keuze), 1, 1), pilot.startdatum),
            min(date(int(keuze), 12, 31), pilot.einddatum),
        )
    if not _aanvragen(request, pilot, Rapport.Soort.VERANTWOORDING, periode, form):
        return _aanvraag_antwoord(request, pilot, pilots, verantwoording_form=form)
    return redirect(f"{reverse('rapportage:rapporten')}?pilot={pilot.pk}")


@rol_vereist(*LEZERS)
@require_GET
def rapport_status(request, pk: int):
    """The small partial that htmx polls while a report is being made."""
    rapport = get_object_or_404(selectors.rapporten_voor(request.user), pk=pk)
    return render(request, "rapportage/partials/rapport_status.html", {"rapport": rapport})


@rol_vereist(Rol.PROJECTLEIDER)
@require_POST
def rapport_opnieuw(request, pk: int):
    rapport = get_object_or_404(selectors.rapporten_voor(request.user), pk=pk)
    rapport = services.rapport_opnieuw(rapport=rapport)
    if request.htmx:
        return render(request, "rapportage/partials/rapport_status.html", {"rapport": rapport})
    return redirect(f"{reverse('rapportage:rapporten')}?pilot={rapport.pilot_id}")


@rol_vereist(Rol.PROJECTLEIDER)
@require_POST
def rapport_nieuwe_versie(request, pk: int):
    rapport = get_object_or_404(selectors.rapporten_voor(request.user), pk=pk)
    form = NieuweVersieForm(request.POST)
    if form.is_valid():
        try:
            nieuw = services.rapport_nieuwe_versie(
                rapport=rapport, door=request.user, **form.cleaned_data
            )
        except ValidationError as fout:
            messages.error(request, " ".join(fout.messages))
        else:
            messages.success(
                request, f"{nieuw} is aangevraagd; de eerdere versie blijft zoals die was."
            )
    else:
        messages.error(request, "Schrijf de hoogtepunten of de toelichting voor de nieuwe versie.")
    return redirect(f"{reverse('rapportage:rapporten')}?pilot={rapport.pilot_id}")


@rol_vereist(*LEZERS)
@require_GET
def rapport_download(request, pk: int, bestand: str):
    rapport = get_object_or_404(
        selectors.rapporten_voor(request.user), pk=pk, status=Rapport.Status.KLAAR
    )
    pad = {"pdf": rapport.pdf_bestand, "xlsx": rapport.xlsx_bestand}.get(bestand)
    if not pad or not default_storage.exists(pad):
        raise Http404("Dit bestand bestaat niet (meer).")
    audit_log(
        actie=Actie.DOWNLOADEN,
        doel=Doel.VERANTWOORDING,
        request=request,
        object=rapport,
        omschrijving=f"{rapport} ({bestand})",
    )
    content_type = {
        "pdf": "application/pdf",
        "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    }[bestand]
    # Reports are small: read them whole, so no file handle outlives the request.
    with default_storage.open(pad, "rb") as f:
        inhoud = f.read()
    response = HttpResponse(inhoud, content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(
        as_attachment=True, filename=documenten.bestandsnaam(rapport, bestand)
    )
    return response


def _begroting_context(request, pilot, pilots, jaar, **forms):
    vandaag = timezone.localdate()
    context = {
        "pilot": pilot,
        "pilots": pilots,
        "jaar": jaar,
        "jaren": selectors.begroting_jaren(pilot),
        "overzicht": selectors.begroting_overzicht(pilot, Periode.jaar(jaar), vandaag),
        "geschiedenis": selectors.begroting_geschiedenis(pilot, jaar),
        "uitgaven": selectors.uitgaven(pilot, jaar),
        "mag_wijzigen": request.user.heeft_rol(Rol.PROJECTLEIDER),
    }
    if context["mag_wijzigen"]:
        context["begroting_form"] = forms.get("begroting_form") or BegrotingForm(
            pilot=pilot, jaar=jaar
        )
        context["uitgave_form"] = forms.get("uitgave_form") or UitgaveForm(pilot=pilot)
    return context


def _jaar(request, pilot) -> int:
    try:
        jaar = int(request.GET.get("jaar") or request.POST.get("jaar") or 0)
    except ValueError:
        jaar = 0
    if not 2000 <= jaar <= 2100:
        jaar = min(max(timezone.localdate().year, pilot.startdatum.year), pilot.einddatum.year)
    return jaar


@rol_vereist(*LEZERS)
@require_GET
def begroting(request):
    pilot, pilots = _pilot(request)
    jaar = _jaar(request, pilot)
    return render(
        request, "rapportage/begroting.html", _begroting_context(request, pilot, pilots, jaar)
    )


def _fouten_op_form(form, fout: ValidationError) -> None:
    """Tie a service's errors to the form's fields (others to the form as a whole)."""
    if not hasattr(fout, "error_dict"):
        form.add_error(None, fout.messages)
        return
    for veld, fouten in fout.message_dict.items():
        form.add_error(veld if veld in form.fields else None, fouten)


def _terug_naar_begroting(pilot, jaar):
    return redirect(f"{reverse('rapportage:begroting')}?pilot={pilot.pk}&jaar={jaar}")


@rol_vereist(Rol.PROJECTLEIDER)
@require_POST
def begroting_wijzigen(request):
    pilot, pilots = _pilot(request)
    jaar = _jaar(request, pilot)
    form = BegrotingForm(request.POST, pilot=pilot, jaar=jaar)
    if form.is_valid():
        try:
            services.begroting_wijzigen(
                pilot=pilot, jaar=jaar, door=request.user, **form.cleaned_data
            )
        except ValidationError as fout:
            _fouten_op_form(form, fout)
        else:
            messages.success(request, "De begroting is bijgewerkt.")
            return _terug_naar_begroting(pilot, jaar)
    context = _begroting_context(request, pilot, pilots, jaar, begroting_form=form)
    return render(request, "rapportage/begroting.html", context, status=400)


@rol_vereist(Rol.PROJECTLEIDER)
@require_POST
def uitgave_nieuw(request):
    pilot, pilots = _pilot(request)
    jaar = _jaar(request, pilot)
    form = UitgaveForm(request.POST, pilot=pilot)
    if form.is_valid():
        try:
            services.uitgave_create(pilot=pilot, door=request.user, **form.cleaned_data)
        except ValidationError as fout:
            _fouten_op_form(form, fout)
        else:
            messages.success(request, "De uitgave is vastgelegd.")
            return _terug_naar_begroting(pilot, form.cleaned_data["datum"].year)
    context = _begroting_context(request, pilot, pilots, jaar, uitgave_form=form)
    return render(request, "rapportage/begroting.html", context, status=400)

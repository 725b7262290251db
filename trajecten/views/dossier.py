"""The dossier: everything about one resident, and the actions that move them through the
klantreis (offered as the klantreis table allows; htmx partials)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from cases.services import inwoner_update
from cases.tasks import na_commit
from trajecten import forms, klantreis, selectors, services
from trajecten.aanmeldingen.tasks import mail_statuswijziging
from trajecten.models import Fase, Inzet, Traject
from werkcoach.access import rol_vereist
from werkcoach.audit import Actie, Doel, Resultaat, audit_log
from werkcoach.errors import AlVastgelegd, GelijktijdigeWijziging
from werkcoach.formvelden import servicefouten_op_form
from werkcoach.models import Rol
from werkcoach.selectors import mag_wie_keek_zien, wie_keek
from werkcoach.typen import AuthenticatedHttpRequest
from werkcoach.werkdagen import feestdagen_voor


def _dossier_of_404(request: AuthenticatedHttpRequest, pk: int) -> Traject:
    try:
        return selectors.dossier_traject(request.user, pk)
    except Traject.DoesNotExist:
        raise Http404("Dit dossier bestaat niet of u heeft er geen toegang toe.") from None


def _actieformulieren(traject, gebonden: dict) -> tuple[list[str], list[dict]]:
    """The action cards offered now, each with its (bound or fresh) form."""
    acties = klantreis.stapacties(traject)
    if traject.fase == Fase.NAZORG:
        # During months of nazorg, logging the agreed contacts is the everyday action.
        acties = ["contactmoment", *acties, "inzet", "meting"]
    elif traject.is_open:
        acties += ["contactmoment", "inzet", "meting"]
    formulieren = []
    for naam in acties:
        definitie = ACTIES[naam]
        form = gebonden.get(naam) or definitie.formulier(
            initial={"versie": traject.versie}, traject=traject, prefix=naam
        )
        formulieren.append(
            {
                "naam": naam,
                "titel": definitie.titel,
                "knop": definitie.knop,
                "form": form,
                "url": reverse(f"trajecten:dossier_{naam}", kwargs={"pk": traject.pk}),
                "open": naam not in INGEKLAPT or naam in gebonden,
                "gevaar": naam == "beeindigen",
            }
        )
    return acties, formulieren


def _inzetformulieren(traject, gebonden: dict) -> dict:
    return {
        i.pk: gebonden.get(f"inzet-{i.pk}")
        or forms.InzetWijzigenForm(
            initial={
                "versie": traject.versie,
                "status": i.status,
                "einddatum": i.einddatum,
                "kosten_werkelijk": i.kosten_werkelijk,
            },
            prefix=f"inzet-{i.pk}",
            instrument=i.instrument,
        )
        for i in traject.inzetten.all()
    }


def _dossier_context(request, traject, gebonden=None, melding="", fout=""):
    gebonden = gebonden or {}
    acties, formulieren = _actieformulieren(traject, gebonden)
    for naam, form in gebonden.items():
        if naam in ACTIES and naam not in acties and not fout:
            # The step moved on (another tab) or the action is not offered: say why here.
            fout = " ".join(form.non_field_errors()) or "Deze actie is nu niet mogelijk."
    inwoner = traject.inwoner
    persoon = gebonden.get("persoon") or forms.InwonerForm(
        instance=inwoner, initial={"versie": inwoner.versie}, prefix="persoon"
    )
    inzet_formulieren = _inzetformulieren(traject, gebonden)
    vandaag = timezone.localdate()
    vrij = feestdagen_voor(traject.pilot.gemeente_id)
    nazorgcontacten = selectors.nazorgcontacten(traject)
    return {
        "traject": traject,
        "inwoner": inwoner,
        "aanmelding": traject.aanmelding,
        "actie": selectors.volgende_actie(traject, vandaag, vrij),
        "dagen_in_fase": (vandaag - timezone.localdate(traject.fase_sinds)).days,
        "tijdlijn": selectors.tijdlijn(traject, nazorgcontacten, vandaag),
        "nazorgcontacten": nazorgcontacten,
        "overdrachten": [
            (o, services.overdracht_te_laat(o, vandaag, vrij)) for o in traject.overdrachten.all()
        ],
        "formulieren": formulieren,
        "persoon_form": persoon,
        "inzetten": [(i, inzet_formulieren[i.pk]) for i in traject.inzetten.all()],
        "fasen": [(f.value, f.label) for f in Fase if f != Fase.AFGESLOTEN],
        "eindmeting_ontbreekt": traject.is_open
        and traject.fase == Fase.NAZORG
        and not any(m.moment == "einde" for m in traject.metingen.all()),
        "vandaag": vandaag,
        "melding": melding,
        "fout": fout,
        # "Wie heeft dit dossier bekeken" for the users allowed to see it (one query).
        "wie_keek": (
            wie_keek(inwoner_id=traject.inwoner_id)
            if mag_wie_keek_zien(request.user, traject.inwoner)
            else None
        ),
    }


@rol_vereist(Rol.WERKCOACH)
@require_GET
def dossier(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    traject = _dossier_of_404(request, pk)
    audit_log(
        actie=Actie.BEKIJKEN,
        doel=Doel.BEGELEIDING,
        request=request,
        object=traject,
        inwoner_id=traject.inwoner_id,
    )
    return render(request, "trajecten/dossier.html", _dossier_context(request, traject))


def _actie_antwoord(request, traject_pk, *, naam, form, melding="", fout=""):
    """After an action: the refreshed dossier (htmx partial or full page), or back to it."""
    if not fout and not (form is not None and form.errors) and not request.htmx:
        messages.success(request, melding)
        return redirect("trajecten:dossier", pk=traject_pk)
    traject = _dossier_of_404(request, traject_pk)
    gebonden = {naam: form} if (fout or (form is not None and form.errors)) else {}
    context = _dossier_context(request, traject, gebonden=gebonden, melding=melding, fout=fout)
    sjabloon = "trajecten/partials/dossier.html" if request.htmx else "trajecten/dossier.html"
    return render(request, sjabloon, context)


def _uitvoeren(request, traject, *, naam, form, handeling, melding):
    """Run a service for a bound, valid form (the service logs the change); map refusals back
    onto the form, and log a refusal for a stale version."""
    try:
        handeling()
    except AlVastgelegd as dubbel:
        melding = f"Dit was al vastgelegd ({dubbel.vastgelegd}); de tweede verzending is genegeerd."
        return _actie_antwoord(request, traject.pk, naam=naam, form=None, melding=melding)
    except GelijktijdigeWijziging as fout:
        audit_log(
            actie=Actie.WIJZIGEN,
            doel=Doel.BEGELEIDING,
            request=request,
            object=traject,
            inwoner_id=traject.inwoner_id,
            resultaat=Resultaat.GEWEIGERD,
            omschrijving=f"{naam}: gelijktijdige wijziging",
        )
        form.add_error(None, fout.messages)
        return _actie_antwoord(request, traject.pk, naam=naam, form=form, fout=fout.messages[0])
    except ValidationError as fout:
        servicefouten_op_form(form, fout)
        return _actie_antwoord(request, traject.pk, naam=naam, form=form)
    # Tell the referrer straight away when what became of the referral changed (the task is
    # idempotent per status, so an action that changes nothing visible sends nothing).
    na_commit(mail_statuswijziging, traject.aanmelding_id)
    return _actie_antwoord(request, traject.pk, naam=naam, form=None, melding=melding)


class _Actie:
    def __init__(self, formulier, handeling, melding, titel, knop):
        self.formulier, self.handeling, self.melding = formulier, handeling, melding
        self.titel, self.knop = titel, knop


# Less frequent actions start folded (a <details>), unless they carry errors.
INGEKLAPT = {"inzet", "meting", "beeindigen"}


def _contactmoment(t, door, d):
    return services.contactmoment_vastleggen(
        traject=t,
        door=door,
        versie=d["versie"],
        datum=d["datum"],
        soort=d["soort"],
        verslag=d["verslag"],
        met_wie=d["met_wie"],
        nazorgcontact=d.get("nazorgcontact"),
        indieningssleutel=d.get("indieningssleutel"),
    )


ACTIES = {
    "contactmoment": _Actie(
        forms.ContactmomentForm,
        _contactmoment,
        "Contactmoment vastgelegd.",
        "Contactmoment vastleggen",
        "Contactmoment opslaan",
    ),
    "gesprek": _Actie(
        forms.GesprekForm,
        lambda t, door, d: services.gesprek_vastleggen(traject=t, door=door, **d),
        "Het kennismakingsgesprek is vastgelegd.",
        "Kennismakingsgesprek vastleggen",
        "Gesprek vastleggen",
    ),
    "orientatie": _Actie(
        forms.OrientatieForm,
        lambda t, door, d: services.traject_advance(
            traject=t, door=door, naar=Fase.ORIENTATIE, **d
        ),
        klantreis.stap(Fase.ORIENTATIE).melding,
        klantreis.stap(Fase.ORIENTATIE).titel,
        "Start oriëntatie",
    ),
    "vervolgtraject": _Actie(
        forms.VervolgtrajectForm,
        lambda t, door, d: services.vervolgtraject_vastleggen(traject=t, door=door, **d),
        klantreis.stap(Fase.VERVOLGTRAJECT).melding,
        klantreis.stap(Fase.VERVOLGTRAJECT).titel,
        "Vervolgtraject vastleggen",
    ),
    "overdracht": _Actie(
        forms.OverdrachtForm,
        lambda t, door, d: services.overdracht_create(traject=t, door=door, **d),
        klantreis.stap(Fase.OVERDRACHT).melding,
        klantreis.stap(Fase.OVERDRACHT).titel,
        "Overdracht vastleggen",
    ),
    "nazorgplan": _Actie(
        forms.NazorgplanForm,
        lambda t, door, d: services.nazorgplan_create(traject=t, door=door, **d),
        klantreis.stap(Fase.NAZORG).melding,
        klantreis.stap(Fase.NAZORG).titel,
        "Nazorgplan vastleggen",
    ),
    "nazorg_afronden": _Actie(
        forms.NazorgAfrondenForm,
        lambda t, door, d: services.nazorg_afronden(traject=t, door=door, **d),
        "De nazorg is afgerond en het traject is gesloten.",
        "Nazorg afronden en traject sluiten",
        "Nazorg afronden",
    ),
    "beeindigen": _Actie(
        forms.BeeindigenForm,
        lambda t, door, d: services.traject_beeindigen(traject=t, door=door, **d),
        "Het traject is beëindigd.",
        "Traject beëindigen met een reden",
        "Traject beëindigen",
    ),
    "inzet": _Actie(
        forms.InzetForm,
        lambda t, door, d: services.inzet_create(traject=t, door=door, **d),
        "De inzet van het instrument is vastgelegd.",
        "Instrument inzetten",
        "Inzet vastleggen",
    ),
    "meting": _Actie(
        forms.MetingForm,
        lambda t, door, d: services.participatiemeting_create(traject=t, door=door, **d),
        "De meting op de participatieladder is vastgelegd.",
        "Participatieladder meten",
        "Meting vastleggen",
    ),
}


def _traject_voor_actie(request, pk) -> Traject:
    return get_object_or_404(
        Traject.objects.voor_gebruiker(request.user).select_related("pilot", "inwoner"), pk=pk
    )


@rol_vereist(Rol.WERKCOACH)
@require_POST
def dossier_actie(request: AuthenticatedHttpRequest, pk: int, actie: str) -> HttpResponse:
    traject = _traject_voor_actie(request, pk)
    definitie = ACTIES[actie]
    form = definitie.formulier(request.POST, traject=traject, prefix=actie)
    if not form.is_valid():
        return _actie_antwoord(request, traject.pk, naam=actie, form=form)
    return _uitvoeren(
        request,
        traject,
        naam=actie,
        form=form,
        handeling=lambda: definitie.handeling(traject, request.user, form.cleaned_data),
        melding=definitie.melding,
    )


@rol_vereist(Rol.WERKCOACH)
@require_POST
def inzet_wijzigen(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    inzet = get_object_or_404(
        Inzet.objects.filter(
            traject__in=Traject.objects.voor_gebruiker(request.user)
        ).select_related("traject__inwoner"),
        pk=pk,
    )
    naam = f"inzet-{inzet.pk}"
    form = forms.InzetWijzigenForm(request.POST, prefix=naam, instrument=inzet.instrument)
    if not form.is_valid():
        return _actie_antwoord(request, inzet.traject_id, naam=naam, form=form)
    velden = dict(form.cleaned_data)
    return _uitvoeren(
        request,
        inzet.traject,
        naam=naam,
        form=form,
        handeling=lambda: services.inzet_update(inzet=inzet, door=request.user, **velden),
        melding=f"De inzet van {inzet.instrument} is bijgewerkt.",
    )


@rol_vereist(Rol.WERKCOACH)
@require_POST
def persoon_wijzigen(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    traject = _traject_voor_actie(request, pk)
    inwoner = traject.inwoner
    form = forms.InwonerForm(request.POST, instance=inwoner, prefix="persoon")
    if not form.is_valid():
        inwoner.refresh_from_db()
        return _actie_antwoord(request, traject.pk, naam="persoon", form=form)
    gegevens = {k: v for k, v in form.cleaned_data.items() if k != "versie"}
    inwoner.refresh_from_db()  # the form wrote into the instance; the service does the saving
    return _uitvoeren(
        request,
        traject,
        naam="persoon",
        form=form,
        handeling=lambda: inwoner_update(
            inwoner=inwoner,
            versie=form.cleaned_data["versie"],
            gegevens=gegevens,
            door=request.user,
        ),
        melding="De persoonsgegevens zijn opgeslagen.",
    )

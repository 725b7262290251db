"""The state machine: a traject moves through the steps of ``trajecten.klantreis`` and ends with
a reason; every move is recorded with who and when (``Faseovergang``)."""

from datetime import date, datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from trajecten.klantreis import PER_FASE, TOEGESTANE_OVERGANGEN, stap
from trajecten.models import (
    Contactmoment,
    EindeReden,
    Fase,
    Faseovergang,
    Route,
    Traject,
    Vervolgtraject,
)
from trajecten.services._basis import _vergrendel
from trajecten.services.contacten import contactmoment_create
from werkcoach.audit import Doel, logt_wijziging
from werkcoach.errors import NietToegestaneOvergang
from werkcoach.models import Gebruiker, Organisatie


def _controleer_voorwaarden(traject: Traject, naar: str) -> None:
    if naar in PER_FASE and (weigering := stap(naar).voorwaarde(traject)):
        raise NietToegestaneOvergang(weigering)


def _in_minuut_van(op: datetime, vorige: datetime) -> bool:
    """``op`` carries minutes only (as the dossier's date-time inputs send it) and names the
    minute in which ``vorige`` happened."""
    return op.second == 0 and op.microsecond == 0 and op == vorige.replace(second=0, microsecond=0)


def _verplaats(
    traject: Traject, *, naar: str, door: Gebruiker, op: datetime, toelichting: str = ""
) -> Traject:
    if naar not in TOEGESTANE_OVERGANGEN[traject.fase]:
        raise NietToegestaneOvergang(
            f"Van {traject.get_fase_display()} naar {Fase(naar).label} is geen toegestane stap."
        )
    if op < traject.fase_sinds:
        if not _in_minuut_van(op, traject.fase_sinds):
            raise ValidationError("Een stap kan niet eerder liggen dan de vorige stap.")
        # A time typed in whole minutes, in the minute of the previous step: right after it.
        op = traject.fase_sinds
    Faseovergang.objects.create(
        traject=traject,
        van_fase=traject.fase,
        naar_fase=naar,
        op=op,
        door=door,
        toelichting=toelichting,
    )
    traject.fase = naar
    traject.fase_sinds = op
    traject.versie += 1
    return traject


@transaction.atomic
def traject_start(
    *, aanmelding, pilot, werkcoach: Gebruiker, op: datetime | None = None
) -> Traject:
    op = op or timezone.now()
    traject = Traject.objects.create(
        pilot=pilot,
        inwoner=aanmelding.inwoner,
        aanmelding=aanmelding,
        werkcoach=werkcoach,
        fase=Fase.GESPREK,
        fase_sinds=op,
        gestart_op=op,
    )
    Faseovergang.objects.create(
        traject=traject, van_fase="", naar_fase=Fase.GESPREK, op=op, door=werkcoach
    )
    return traject


@transaction.atomic
def gesprek_plannen(
    *,
    traject: Traject,
    door: Gebruiker,
    gepland_op: datetime,
    locatie: str,
    versie: int | None = None,
) -> Traject:
    traject = _vergrendel(traject, versie)
    if traject.fase != Fase.GESPREK:
        raise NietToegestaneOvergang("Het gesprek kan alleen worden gepland in de stap gesprek.")
    traject.gesprek_gepland_op = gepland_op
    traject.gesprek_locatie = locatie
    traject.versie += 1
    traject.save()
    return traject


@transaction.atomic
@logt_wijziging(doel=Doel.BEGELEIDING, omschrijving="gesprek", object_uit="traject")
def gesprek_vastleggen(
    *,
    traject: Traject,
    door: Gebruiker,
    gehouden_op: datetime,
    verslag: str,
    versie: int | None = None,
) -> Traject:
    """Record that the free, no-obligation conversation was held (with a contactmoment)."""
    traject = _vergrendel(traject, versie)
    if traject.fase != Fase.GESPREK:
        raise NietToegestaneOvergang("Het gesprek hoort bij de eerste stap.")
    contactmoment_create(
        traject=traject,
        door=door,
        datum=gehouden_op,
        soort=Contactmoment.Soort.GESPREK,
        verslag=verslag,
        met_wie="Inwoner",
    )
    traject.gesprek_gehouden_op = gehouden_op
    traject.versie += 1
    traject.save()
    return traject


@transaction.atomic
@logt_wijziging(
    doel=Doel.BEGELEIDING, omschrijving=lambda kw: str(kw["naar"]), object_uit="traject"
)
def traject_advance(
    *,
    traject: Traject,
    naar: str,
    door: Gebruiker,
    versie: int | None = None,
    op: datetime | None = None,
    toelichting: str = "",
) -> Traject:
    """Move a traject one step forward; only the moves of ``TOEGESTANE_OVERGANGEN`` are allowed."""
    if naar == Fase.AFGESLOTEN:
        raise NietToegestaneOvergang("Beëindig een traject met een reden.")
    traject = _vergrendel(traject, versie)
    _controleer_voorwaarden(traject, naar)
    _verplaats(traject, naar=naar, door=door, op=op or timezone.now(), toelichting=toelichting)
    traject.save()
    return traject


@transaction.atomic
@logt_wijziging(doel=Doel.BEGELEIDING, omschrijving="beeindigen", object_uit="traject")
def traject_beeindigen(
    *,
    traject: Traject,
    door: Gebruiker,
    reden: str,
    toelichting: str = "",
    versie: int | None = None,
    op: datetime | None = None,
    bevestigd: bool = False,
) -> Traject:
    """End a traject at any open step, with a reason. Ending cannot be undone, so it needs an
    explicit confirmation (``bevestigd``): the dossier asks for it in a second step."""
    if reden not in EindeReden.values:
        raise ValidationError({"reden": "Kies een reden waarom het traject eindigt."})
    if reden == EindeReden.ANDERS and not toelichting.strip():
        raise ValidationError({"toelichting": "Licht de reden 'anders' kort toe."})
    traject = _vergrendel(traject, versie)  # a stale page is told so before it is asked
    if not bevestigd:
        raise ValidationError(
            {
                "bevestigd": f"U beëindigt het traject met de reden ‘{EindeReden(reden).label}’. "
                "Dit kan niet ongedaan worden gemaakt. Vink ‘Ja, beëindigen’ aan en bevestig."
            }
        )
    op = op or timezone.now()
    _verplaats(traject, naar=Fase.AFGESLOTEN, door=door, op=op, toelichting=toelichting)
    traject.beeindigd_op = op
    traject.einde_reden = reden
    traject.einde_toelichting = toelichting.strip()
    traject.save()
    return traject


@transaction.atomic
@logt_wijziging(doel=Doel.BEGELEIDING, omschrijving="vervolgtraject", object_uit="traject")
def vervolgtraject_vastleggen(
    *,
    traject: Traject,
    door: Gebruiker,
    route: str,
    afgesproken_op: date,
    versie: int | None = None,
    sector: str = "",
    nugger_ingeschreven_op: date | None = None,
    accountmanager: Gebruiker | None = None,
    onderwijsinstelling: Organisatie | None = None,
    opleiding: str = "",
    bbl: bool = False,
    werkgever: str = "",
    organisatie_naam: str = "",
    toelichting: str = "",
    op: datetime | None = None,
) -> Vervolgtraject:
    """Record the agreed route and move from oriëntatie to vervolgtraject."""
    traject = _vergrendel(traject, versie)
    if traject.fase != Fase.ORIENTATIE:
        raise NietToegestaneOvergang("Een vervolgtraject wordt afgesproken na de oriëntatie.")
    fouten = {}
    if route == Route.OPLEIDING and not (onderwijsinstelling or opleiding):
        fouten["onderwijsinstelling"] = "Kies de school of vul de opleiding in."
    if bbl and not werkgever.strip():
        fouten["werkgever"] = "Vul bij een BBL-traject de werkgever in."
    if route in (Route.VRIJWILLIGERSWERK, Route.ANDER_TRAJECT) and not organisatie_naam.strip():
        fouten["organisatie_naam"] = "Vul de organisatie of instantie in."
    if fouten:
        raise ValidationError(fouten)
    vervolg = Vervolgtraject(
        traject=traject,
        route=route,
        afgesproken_op=afgesproken_op,
        sector=sector,
        nugger_ingeschreven_op=nugger_ingeschreven_op if route == Route.WERK else None,
        accountmanager=accountmanager if route == Route.WERK else None,
        onderwijsinstelling=onderwijsinstelling if route == Route.OPLEIDING else None,
        opleiding=opleiding.strip(),
        bbl=bbl and route == Route.OPLEIDING,
        werkgever=werkgever.strip(),
        organisatie_naam=organisatie_naam.strip(),
        toelichting=toelichting.strip(),
    )
    vervolg.full_clean(exclude=["traject"])
    vervolg.save()
    _verplaats(traject, naar=Fase.VERVOLGTRAJECT, door=door, op=op or timezone.now())
    traject.save()
    return vervolg

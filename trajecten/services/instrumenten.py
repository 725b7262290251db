"""The instrumentenwaaier: the catalogue and the instruments deployed for a resident."""

from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction

from trajecten.models import (
    Instrument,
    Inzet,
    Traject,
)
from trajecten.services._basis import _versie_ophogen
from werkcoach.audit import Doel, logt_wijziging
from werkcoach.models import Gebruiker, Organisatie


@transaction.atomic
@logt_wijziging(doel=Doel.BEGELEIDING, omschrijving="inzet", object_uit="traject")
def inzet_create(
    *,
    traject: Traject,
    door: Gebruiker,
    instrument: Instrument,
    status: str = Inzet.Status.GEPLAND,
    startdatum: date | None = None,
    einddatum: date | None = None,
    kosten_gepland: Decimal | None = None,
    kosten_werkelijk: Decimal | None = None,
    toelichting: str = "",
    versie: int | None = None,
) -> Inzet:
    if versie is not None:
        traject = _versie_ophogen(traject, versie)
    if not traject.is_open:
        raise ValidationError("Dit traject is afgesloten.")
    if instrument.gemeente_id and instrument.gemeente_id != traject.pilot.gemeente_id:
        raise ValidationError(
            {"instrument": "Dit instrument is niet beschikbaar in deze gemeente."}
        )
    inzet = Inzet(
        traject=traject,
        instrument=instrument,
        status=status,
        startdatum=startdatum,
        einddatum=einddatum,
        kosten_gepland=kosten_gepland
        if kosten_gepland is not None
        else (instrument.kosten_indicatie or 0),
        kosten_werkelijk=kosten_werkelijk,
        toelichting=toelichting.strip(),
        vastgelegd_door=door,
    )
    inzet.full_clean(exclude=["traject", "instrument", "vastgelegd_door"])
    inzet.save()
    return inzet


@transaction.atomic
@logt_wijziging(
    doel=Doel.BEGELEIDING, omschrijving=lambda kw: f"inzet-{kw['inzet'].pk}", object_uit="inzet"
)
def inzet_update(*, inzet: Inzet, door: Gebruiker, versie: int | None = None, **velden) -> Inzet:
    toegestaan = {
        "status",
        "startdatum",
        "einddatum",
        "kosten_gepland",
        "kosten_werkelijk",
        "toelichting",
    }
    onbekend = set(velden) - toegestaan
    if onbekend:
        raise ValueError(f"Onbekende velden: {sorted(onbekend)}")
    if versie is not None:
        _versie_ophogen(inzet.traject, versie)
    inzet = Inzet.objects.select_for_update().get(pk=inzet.pk)
    for key, value in velden.items():
        setattr(inzet, key, value)
    inzet.full_clean(exclude=["traject", "instrument", "vastgelegd_door"])
    inzet.save()
    return inzet


@transaction.atomic
def instrument_opslaan(
    *,
    door: Gebruiker | None,
    instrument: Instrument | None = None,
    regionaal_laden: bool = False,
    **velden,
) -> Instrument:
    """Create or change an entry of the instrumentenwaaier; who changed it is kept. A user who
    is not a superuser keeps only entries of their own gemeenten: regional entries (no gemeente)
    are shared by every gemeente and are changed by a superuser. ``regionaal_laden`` is only for
    ``catalogus_laden`` (loading the project plan's annex from a command or the demo data)."""
    instrument = instrument or Instrument()
    if door is not None and not door.is_superuser and not regionaal_laden:
        eigen = door.gemeente_ids
        # The stored gemeente counts (a bound form may already have changed the instance).
        opgeslagen = Instrument.objects.filter(pk=instrument.pk).values_list("gemeente_id")
        if instrument.pk and opgeslagen.get()[0] not in eigen:
            raise ValidationError(
                "Dit instrument geldt voor de hele regio of een andere gemeente; "
                "alleen de applicatiebeheerder kan het wijzigen."
            )
        nieuwe = velden.get("gemeente", instrument.gemeente if instrument.pk else None)
        if nieuwe is None or nieuwe.pk not in eigen:
            raise ValidationError({"gemeente": "Kies een gemeente waarvoor u werkt."})
    for key, value in velden.items():
        setattr(instrument, key, value)
    instrument.gewijzigd_door = door
    instrument.full_clean()
    instrument.save()
    return instrument


@transaction.atomic
def catalogus_laden(*, door: Gebruiker | None = None) -> int:
    """Fill the instrumentenwaaier from the project plan's annex. Idempotent: returns the number
    of instruments added."""
    from trajecten.catalogus import AANBIEDERS, INSTRUMENTEN
    from trajecten.models import Aanbieder

    aanbieders = {}
    for naam, (organisatie_naam, email) in AANBIEDERS.items():
        organisatie = (
            Organisatie.objects.filter(naam=organisatie_naam).first() if organisatie_naam else None
        )
        aanbieders[naam], _ = Aanbieder.objects.get_or_create(
            naam=naam, defaults={"organisatie": organisatie, "email": email}
        )
    toegevoegd = 0
    for naam, aanbieder, categorie, sector, kosten, omschrijving, geschikt_voor in INSTRUMENTEN:
        if Instrument.objects.filter(naam=naam, aanbieder=aanbieders[aanbieder]).exists():
            continue
        instrument_opslaan(
            door=door,
            regionaal_laden=True,
            naam=naam,
            aanbieder=aanbieders[aanbieder],
            categorie=categorie,
            sector=sector,
            kosten_indicatie=kosten,
            omschrijving=omschrijving,
            geschikt_voor=geschikt_voor,
        )
        toegevoegd += 1
    return toegevoegd

"""What the werkcoach records along the way: contactmomenten and Participatieladder measurements."""

import uuid
from datetime import date, datetime, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from cases.services import aanmelding_eerste_contact
from trajecten.models import (
    Contactmoment,
    Nazorgcontact,
    Participatiemeting,
    Traject,
)
from trajecten.services._basis import _vergrendel, _versie_ophogen
from werkcoach.audit import Doel, logt_wijziging
from werkcoach.errors import AlVastgelegd
from werkcoach.models import Gebruiker


@transaction.atomic
@logt_wijziging(doel=Doel.BEGELEIDING, omschrijving="meting", object_uit="traject")
def participatiemeting_create(
    *,
    traject: Traject,
    door: Gebruiker,
    datum: date,
    trede: int,
    moment: str,
    toelichting: str = "",
    versie: int | None = None,
) -> Participatiemeting:
    if versie is not None:
        traject = _versie_ophogen(traject, versie)
    meting = Participatiemeting(
        traject=traject,
        datum=datum,
        trede=trede,
        moment=moment,
        toelichting=toelichting.strip(),
        vastgelegd_door=door,
    )
    meting.full_clean(exclude=["traject", "vastgelegd_door"])
    meting.save()
    return meting


@transaction.atomic
@logt_wijziging(doel=Doel.BEGELEIDING, omschrijving="contactmoment", object_uit="traject")
def contactmoment_create(
    *,
    traject: Traject,
    door: Gebruiker,
    datum: datetime,
    soort: str,
    verslag: str,
    met_wie: str = "",
    nazorgcontact: Nazorgcontact | None = None,
) -> Contactmoment:
    if not verslag.strip():
        raise ValidationError({"verslag": "Schrijf een kort verslag van het contact."})
    if datum > timezone.now() + timedelta(minutes=5):
        raise ValidationError({"datum": "Een contactmoment kan niet in de toekomst liggen."})
    contactmoment = Contactmoment(
        traject=traject,
        datum=datum,
        soort=soort,
        met_wie=met_wie.strip(),
        verslag=verslag.strip(),
        vastgelegd_door=door,
        nazorgcontact=nazorgcontact,
    )
    contactmoment.full_clean(exclude=["traject", "vastgelegd_door", "nazorgcontact"])
    contactmoment.save()
    aanmelding_eerste_contact(aanmelding=traject.aanmelding, op=datum)
    return contactmoment


@transaction.atomic
@logt_wijziging(doel=Doel.BEGELEIDING, omschrijving="contactmoment", object_uit="traject")
def contactmoment_vastleggen(
    *,
    traject: Traject,
    door: Gebruiker,
    versie: int,
    datum: datetime,
    soort: str,
    verslag: str,
    met_wie: str = "",
    nazorgcontact: Nazorgcontact | None = None,
    indieningssleutel: uuid.UUID | None = None,
):
    """Log a contactmoment from the dossier; optionally as one of the planned nazorg contacts.
    The same ``indieningssleutel`` again (a double submit) raises ``AlVastgelegd`` with the
    first contact, not a concurrent-change error: the user's own contact was saved."""
    if indieningssleutel is not None:
        _vergrendel(traject, None)  # after a concurrent submit of the same form has committed
        eerder = Contactmoment.objects.filter(
            traject=traject, indieningssleutel=indieningssleutel
        ).first()
        if eerder is not None:
            raise AlVastgelegd(eerder)
    traject = _versie_ophogen(traject, versie)
    if not traject.is_open:
        raise ValidationError("Dit traject is afgesloten; er kan geen contact meer bij.")
    if nazorgcontact is not None:
        if nazorgcontact.plan.traject_id != traject.pk:
            raise ValidationError({"nazorgcontact": "Dit nazorgcontact hoort bij een ander plan."})
        if Contactmoment.objects.filter(nazorgcontact=nazorgcontact).exists():
            raise ValidationError(
                {"nazorgcontact": "Voor dit geplande nazorgcontact is al een contact vastgelegd."}
            )
    contactmoment = contactmoment_create(
        traject=traject,
        door=door,
        datum=datum,
        soort=soort,
        verslag=verslag,
        met_wie=met_wie,
        nazorgcontact=nazorgcontact,
    )
    if indieningssleutel is not None:
        contactmoment.indieningssleutel = indieningssleutel
        contactmoment.save(update_fields=["indieningssleutel"])
    return contactmoment

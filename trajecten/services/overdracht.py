"""The warm handover to a partner: record it, notify the receiver, confirm, remind."""

import logging
from datetime import date, datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from trajecten.models import (
    Fase,
    Overdracht,
    Traject,
)
from trajecten.services._basis import _vergrendel
from trajecten.services.meldingen import _link, _mail
from trajecten.services.stappen import _verplaats
from werkcoach.audit import Doel, logt_wijziging
from werkcoach.errors import NietToegestaneOvergang
from werkcoach.models import Gebruiker, Organisatie
from werkcoach.wachtrij import in_wachtrij
from werkcoach.werkdagen import feestdagen_per_gemeente

logger = logging.getLogger(__name__)


def _na_commit_melden(overdracht_pk: int) -> None:
    from trajecten.tasks import overdracht_melden

    in_wachtrij(overdracht_melden, overdracht_pk)


@transaction.atomic
@logt_wijziging(doel=Doel.BEGELEIDING, omschrijving="overdracht", object_uit="traject")
def overdracht_create(
    *,
    traject: Traject,
    door: Gebruiker,
    naar_organisatie: Organisatie,
    overgedragen_op: datetime,
    naar_persoon: Gebruiker | None = None,
    naar_naam: str = "",
    toelichting: str = "",
    versie: int | None = None,
) -> Overdracht:
    """Record a warm handover; the first one moves the traject to step overdracht."""
    traject = _vergrendel(traject, versie)
    if traject.fase not in (Fase.VERVOLGTRAJECT, Fase.OVERDRACHT):
        raise NietToegestaneOvergang("Een overdracht volgt op een afgesproken vervolgtraject.")
    if naar_persoon is not None and naar_persoon.organisatie_id != naar_organisatie.pk:
        raise ValidationError(
            {"naar_persoon": "Deze persoon werkt niet bij de gekozen organisatie."}
        )
    gemeente_id = traject.pilot.gemeente_id
    if not naar_organisatie.gemeenten.filter(pk=gemeente_id).exists():
        raise ValidationError(
            {"naar_organisatie": "Deze organisatie werkt niet in de gemeente van dit traject."}
        )
    if naar_persoon is not None and gemeente_id not in naar_persoon.gemeente_ids:
        raise ValidationError(
            {"naar_persoon": "Deze persoon werkt niet in de gemeente van dit traject."}
        )
    overdracht = Overdracht.objects.create(
        traject=traject,
        naar_organisatie=naar_organisatie,
        naar_persoon=naar_persoon,
        naar_naam=naar_naam.strip() or (str(naar_persoon) if naar_persoon else ""),
        overgedragen_op=overgedragen_op,
        toelichting=toelichting.strip(),
        vastgelegd_door=door,
    )
    _na_commit_melden(overdracht.pk)
    if traject.fase == Fase.VERVOLGTRAJECT:
        _verplaats(traject, naar=Fase.OVERDRACHT, door=door, op=overgedragen_op)
    else:
        traject.versie += 1
    traject.save()
    return overdracht


@transaction.atomic
@logt_wijziging(
    doel=Doel.OVERDRACHT,
    omschrijving="Ontvangst van de overdracht bevestigd.",
    object_uit="overdracht",
)
def overdracht_bevestigen(
    *, overdracht: Overdracht, door: Gebruiker, op: datetime | None = None
) -> Overdracht:
    """The receiver confirms the handover; confirming twice keeps the first confirmation."""
    overdracht = Overdracht.objects.select_for_update().get(pk=overdracht.pk)
    if overdracht.bevestigd_op:
        return overdracht
    op = op or timezone.now()
    if op < overdracht.overgedragen_op:
        raise ValidationError("De bevestiging kan niet vóór de overdracht liggen.")
    overdracht.bevestigd_op = op
    overdracht.bevestigd_door = door
    overdracht.save(update_fields=["bevestigd_op", "bevestigd_door", "gewijzigd_op"])
    return overdracht


def overdracht_melding_versturen(*, overdracht_pk: int) -> bool:
    """E-mail the receiver of a new handover once. The mail names no resident: the receiver
    logs in to read it. Sending and marking it sent are one transaction: a mail server failure
    leaves it unmarked for the next try. Returns whether a mail was sent."""
    from django.urls import reverse

    with transaction.atomic():
        overdracht = (
            # Lock only the handover row: PostgreSQL cannot lock the nullable side of a join.
            Overdracht.objects.select_for_update(of=("self",))
            .select_related("naar_persoon", "naar_organisatie")
            .get(pk=overdracht_pk)
        )
        if overdracht.melding_verstuurd_op or overdracht.bevestigd_op:
            return False
        ontvanger = (overdracht.naar_persoon and overdracht.naar_persoon.email) or (
            overdracht.naar_organisatie.email
        )
        if not ontvanger:
            return False
        _mail("overdracht_melding", ontvanger, url=_link(reverse("trajecten:overdrachten")))
        overdracht.melding_verstuurd_op = timezone.now()
        overdracht.save(update_fields=["melding_verstuurd_op"])
    return True


def overdracht_te_laat(overdracht: Overdracht, vandaag: date, feestdagen=()) -> bool:
    """Unconfirmed for more than the pilot's number of working days."""
    from werkcoach.werkdagen import werkdagen_tussen

    if overdracht.bevestigd_op:
        return False
    termijn = overdracht.traject.pilot.reactietijd_overdracht_bevestiging
    begin = timezone.localdate(overdracht.overgedragen_op)
    return werkdagen_tussen(begin, vandaag, feestdagen) > termijn


def overdracht_herinneringen_versturen(*, vandaag: date | None = None) -> int:
    """Remind the werkcoach of each handover that is still unconfirmed after the configured
    working days; once per handover. Each reminder is claimed, sent and marked in its own
    transaction: when the mail server fails, that handover stays unmarked and the next run
    retries it; the others are still sent. Returns the number of reminders sent."""
    from django.urls import reverse

    vandaag = vandaag or timezone.localdate()
    open_ = list(
        Overdracht.objects.filter(
            bevestigd_op__isnull=True,
            herinnering_verstuurd_op__isnull=True,
            traject__beeindigd_op__isnull=True,
        ).select_related("traject__pilot", "traject__werkcoach")
    )
    # Each handover is judged with the feestdagen of its own traject's gemeente (one query).
    feestdagen = feestdagen_per_gemeente({o.traject.pilot.gemeente_id for o in open_})
    verstuurd = 0
    for overdracht in open_:
        gemeente_id = overdracht.traject.pilot.gemeente_id
        if not overdracht_te_laat(overdracht, vandaag, feestdagen[gemeente_id]):
            continue
        try:
            with transaction.atomic():
                geclaimd = Overdracht.objects.filter(
                    pk=overdracht.pk, herinnering_verstuurd_op__isnull=True
                ).update(herinnering_verstuurd_op=timezone.now())
                if not geclaimd:
                    continue
                werkcoach = overdracht.traject.werkcoach
                if werkcoach.email:
                    pad = reverse("trajecten:dossier", kwargs={"pk": overdracht.traject_id})
                    _mail("overdracht_herinnering", werkcoach.email, url=_link(pad))
        except Exception:
            logger.exception("Herinnering overdracht %s niet verstuurd", overdracht.pk)
            continue
        verstuurd += 1
    return verstuurd

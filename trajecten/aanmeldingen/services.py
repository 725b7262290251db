"""Writes of handling a referral that change the klantreis: accepting starts a traject,
planning the gesprek, and the withdrawal of consent that ends it."""

from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from cases.models import Aanmelding
from cases.selectors import actieve_pilot
from cases.services import aanmelding_eerste_contact, aanmelding_ter_behandeling
from trajecten.models import EindeReden
from trajecten.services import gesprek_plannen, traject_beeindigen, traject_start
from werkcoach.audit import Doel, logt_wijziging
from werkcoach.models import Gebruiker


@transaction.atomic
@logt_wijziging(
    doel=Doel.BEGELEIDING,
    omschrijving="Aanmelding aangenomen; traject gestart",
    object_uit="aanmelding",
)
def aanmelding_accepteren(*, aanmelding: Aanmelding, door: Gebruiker, op: datetime | None = None):
    """Accept a referral: open a traject at step gesprek. Two werkcoaches accepting at once give
    one traject; the second gets ``AanmeldingAlBehandeld``."""

    op = op or timezone.now()
    aanmelding = aanmelding_ter_behandeling(aanmelding.pk)
    pilot = actieve_pilot(gemeente=aanmelding.gemeente_id, dag=timezone.localdate(op))
    if pilot is None:
        raise ValidationError(
            "Er loopt op deze datum geen pilot in deze gemeente; vraag de functioneel beheerder "
            "de pilotperiode in te stellen."
        )
    aanmelding.status = Aanmelding.Status.GEACCEPTEERD
    aanmelding.behandeld_door = door
    aanmelding.behandeld_op = op
    aanmelding.save(update_fields=["status", "behandeld_door", "behandeld_op", "gewijzigd_op"])
    try:
        with transaction.atomic():
            return traject_start(aanmelding=aanmelding, pilot=pilot, werkcoach=door, op=op)
    except IntegrityError as exc:
        raise ValidationError(
            "Deze inwoner heeft al een lopend traject in deze pilot. Rond dat traject eerst af "
            "of koppel de aanmelding daaraan."
        ) from exc


@transaction.atomic
@logt_wijziging(
    doel=Doel.RECHTEN_BETROKKENE, omschrijving="Toestemming ingetrokken", object_uit="aanmelding"
)
def toestemming_intrekken(
    *, aanmelding: Aanmelding, door: Gebruiker, op: datetime | None = None, toelichting: str = ""
) -> Aanmelding:
    """Withdraw consent (AVG art. 7): record who and when, stop the traject. What must be kept
    stays, marked by ``toestemming_ingetrokken_op``."""

    op = op or timezone.now()
    aanmelding = Aanmelding.objects.select_for_update().get(pk=aanmelding.pk)
    if aanmelding.toestemming_ingetrokken_op:
        return aanmelding
    aanmelding.toestemming_ingetrokken_op = op
    aanmelding.toestemming_ingetrokken_door = door
    if aanmelding.status == Aanmelding.Status.NIEUW:
        aanmelding.status = Aanmelding.Status.INGETROKKEN
        aanmelding.behandeld_door = door
        aanmelding.behandeld_op = op
        aanmelding.status_reden = toelichting or "Toestemming ingetrokken."
    aanmelding.save()
    traject = getattr(aanmelding, "traject", None)
    if traject is not None and traject.is_open:
        traject_beeindigen(
            traject=traject,
            door=door,
            reden=EindeReden.TOESTEMMING_INGETROKKEN,
            toelichting=toelichting,
            op=op,
            bevestigd=True,  # the withdrawal itself was confirmed on its form
        )
    return aanmelding


@transaction.atomic
@logt_wijziging(
    doel=Doel.BEGELEIDING, omschrijving="Kennismakingsgesprek gepland", object_uit="aanmelding"
)
def gesprek_inplannen(
    *,
    aanmelding: Aanmelding,
    door: Gebruiker,
    gepland_op: datetime,
    locatie: str,
    versie: int | None = None,
):
    """Plan (or move) the gesprek of an accepted referral. Making the appointment means the
    werkcoach reached the resident, so it also records the first contact (once)."""

    traject = gesprek_plannen(
        traject=aanmelding.traject, door=door, gepland_op=gepland_op, locatie=locatie, versie=versie
    )
    aanmelding_eerste_contact(aanmelding=aanmelding)
    return traject

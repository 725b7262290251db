"""E-mails about handled referrals (to the referrer on every status change) and the
response-time watch of beat. Task names keep the ones queued messages and beat use."""

from __future__ import annotations

from datetime import date, timedelta

from celery import shared_task
from django.db.models import Q
from django.utils import timezone

from cases.models import Aanmelding, Notificatie
from cases.tasks import (
    absolute_url,
    al_verstuurd,
    eenmalig_versturen,
    mail_nieuwe_aanmelding,
    werkcoach_adressen,
)
from trajecten.aanmeldingen.selectors import (
    Markering,
    lopende_reactietermijnen,
    terugkoppeling,
)

# Statuses that need no e-mail to the referrer: they just made the referral.
GEEN_STATUSMAIL = {"ontvangen"}


@shared_task(name="cases.tasks.mail_statuswijziging")
def mail_statuswijziging(aanmelding_pk: int) -> bool:
    """Tell the referrer what became of their referral, once per status."""
    aanmelding = Aanmelding.objects.select_related(
        "aangemeld_door", "traject", "traject__vervolgtraject"
    ).get(pk=aanmelding_pk)
    status = terugkoppeling(aanmelding)
    if status.code in GEEN_STATUSMAIL or al_verstuurd(
        aanmelding_pk, Notificatie.Soort.STATUS, status.code
    ):
        return False
    verwijzer = aanmelding.aangemeld_door
    aan = [verwijzer.email] if verwijzer.is_active and verwijzer.email else []
    return eenmalig_versturen(
        aanmelding,
        soort=Notificatie.Soort.STATUS,
        sleutel=status.code,
        aan=aan,
        template="statuswijziging",
        context={
            "aanmelding": aanmelding,
            "status": status,
            "url": absolute_url("aanmeldingen:aanmelding_detail", pk=aanmelding.pk),
        },
    )


@shared_task(name="cases.tasks.gemiste_meldingen_versturen")
def gemiste_meldingen_versturen(dagen: int = 2) -> int:
    """Beat: send what was not sent yet for referrals that changed in the last ``dagen`` days:
    the new-referral e-mail (when the broker was down at the time) and the status e-mails for
    changes made outside the referral pages (the werkcoach's dossier). Idempotent, so running
    it often is harmless."""
    sinds = timezone.now() - timedelta(days=dagen)
    pks = (
        Aanmelding.objects.filter(Q(gewijzigd_op__gte=sinds) | Q(traject__gewijzigd_op__gte=sinds))
        .values_list("pk", flat=True)
        .distinct()
    )
    verstuurd = 0
    for pk in pks:
        verstuurd += mail_nieuwe_aanmelding(pk)
        verstuurd += mail_statuswijziging(pk)
    return verstuurd


@shared_task(name="cases.tasks.reactietijden_bewaken")
def reactietijden_bewaken(vandaag: str | None = None) -> int:
    """Beat: warn the werkcoach when a response time is about to run out, and again when it
    has run out. Each warning is sent once per referral and step. ``vandaag`` (ISO date) is
    for tests and catching up; it defaults to today."""

    dag = date.fromisoformat(vandaag) if vandaag else timezone.localdate()
    verstuurd = 0
    aanmeldingen = Aanmelding.objects.select_related("traject", "traject__werkcoach")
    for a, traject, termijn in lopende_reactietermijnen(aanmeldingen, vandaag=dag):
        if termijn is None or termijn.markering == Markering.OP_TIJD:
            continue
        soort = (
            Notificatie.Soort.REACTIETIJD_VERLOPEN
            if termijn.markering == Markering.TE_LAAT
            else Notificatie.Soort.REACTIETIJD_BIJNA
        )
        if al_verstuurd(a.pk, soort, termijn.stap):
            continue
        if traject and traject.werkcoach.is_active and traject.werkcoach.email:
            aan = [traject.werkcoach.email]
        else:
            aan = werkcoach_adressen(a.gemeente_id)
        verstuurd += eenmalig_versturen(
            a,
            soort=soort,
            sleutel=termijn.stap,
            aan=aan,
            template="reactietijd",
            context={
                "aanmelding": a,
                "termijn": termijn,
                "verlopen": soort == Notificatie.Soort.REACTIETIJD_VERLOPEN,
                "url": absolute_url("aanmeldingen:aanmelding_detail", pk=a.pk),
            },
        )
    return verstuurd

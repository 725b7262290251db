"""E-mail about referrals. Every task takes primary keys, is idempotent (a ``Notificatie`` row per
e-mail, unique per referral, kind and subject) and is enqueued with ``transaction.on_commit``.

The e-mails carry no personal details beyond what the receiver may see: the werkcoach gets a
link to the application, never the resident's name or signal; the referrer gets the status.
"""

from __future__ import annotations

import logging
from datetime import date, timedelta

from celery import shared_task
from django.conf import settings
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from cases.models import Aanmelding, Notificatie
from cases.selectors import (
    Markering,
    lopende_reactietermijnen,
    terugkoppeling,
)
from werkcoach.models import Gebruiker, Rol

logger = logging.getLogger(__name__)

# Statuses that need no e-mail to the referrer: they just made the referral.
GEEN_STATUSMAIL = {"ontvangen"}


def na_commit(task, *args) -> None:
    """Enqueue ``task`` once the surrounding transaction has committed. When the broker is
    down the user's action still succeeds; the beat sweep sends what was missed."""

    def verstuur():
        try:
            task.delay(*args)
        except Exception:  # noqa: BLE001 - a broker outage must not fail the user's request
            logger.exception("Could not enqueue %s%r; the beat sweep will retry", task.name, args)

    transaction.on_commit(verstuur)


def _url(naam: str, **kwargs) -> str:
    return settings.SITE_URL.rstrip("/") + reverse(naam, kwargs=kwargs or None)


def _werkcoaches(gemeente_id: int) -> list[str]:
    return list(
        Gebruiker.objects.filter(is_active=True, groups__name=Rol.WERKCOACH, gemeenten=gemeente_id)
        .exclude(email="")
        .values_list("email", flat=True)
        .distinct()
    )


def _eenmalig_versturen(
    aanmelding: Aanmelding, *, soort: str, sleutel: str, aan: list[str], template: str, context
) -> bool:
    """Record the e-mail and send it in one transaction: if sending fails the record is rolled
    back so a retry sends it; if the record exists, nothing is sent again."""
    if not aan:
        return False
    try:
        with transaction.atomic():
            Notificatie.objects.create(
                aanmelding=aanmelding, soort=soort, sleutel=sleutel, aantal_ontvangers=len(aan)
            )
            onderwerp = render_to_string(f"emails/{template}_onderwerp.txt", context).strip()
            tekst = render_to_string(f"emails/{template}.txt", context)
            # One message per receiver: nobody sees who else received it.
            for adres in aan:
                EmailMessage(onderwerp, tekst, settings.DEFAULT_FROM_EMAIL, [adres]).send()
    except IntegrityError:
        return False  # already sent by an earlier run
    return True


def _al_verstuurd(aanmelding_pk: int, soort: str, sleutel: str) -> bool:
    return Notificatie.objects.filter(
        aanmelding_id=aanmelding_pk, soort=soort, sleutel=sleutel
    ).exists()


@shared_task
def mail_nieuwe_aanmelding(aanmelding_pk: int) -> bool:
    """Tell the werkcoaches of the gemeente that a referral arrived (no personal details)."""
    if _al_verstuurd(aanmelding_pk, Notificatie.Soort.NIEUWE_AANMELDING, ""):
        return False
    aanmelding = Aanmelding.objects.select_related("gebiedsteam").get(pk=aanmelding_pk)
    return _eenmalig_versturen(
        aanmelding,
        soort=Notificatie.Soort.NIEUWE_AANMELDING,
        sleutel="",
        aan=_werkcoaches(aanmelding.gemeente_id),
        template="nieuwe_aanmelding",
        context={"aanmelding": aanmelding, "url": _url("cases:inbox")},
    )


@shared_task
def mail_statuswijziging(aanmelding_pk: int) -> bool:
    """Tell the referrer what became of their referral, once per status."""
    aanmelding = Aanmelding.objects.select_related(
        "aangemeld_door", "traject", "traject__vervolgtraject"
    ).get(pk=aanmelding_pk)
    status = terugkoppeling(aanmelding)
    if status.code in GEEN_STATUSMAIL or _al_verstuurd(
        aanmelding_pk, Notificatie.Soort.STATUS, status.code
    ):
        return False
    verwijzer = aanmelding.aangemeld_door
    aan = [verwijzer.email] if verwijzer.is_active and verwijzer.email else []
    return _eenmalig_versturen(
        aanmelding,
        soort=Notificatie.Soort.STATUS,
        sleutel=status.code,
        aan=aan,
        template="statuswijziging",
        context={
            "aanmelding": aanmelding,
            "status": status,
            "url": _url("cases:aanmelding_detail", pk=aanmelding.pk),
        },
    )


@shared_task
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


@shared_task
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
        if _al_verstuurd(a.pk, soort, termijn.stap):
            continue
        if traject and traject.werkcoach.is_active and traject.werkcoach.email:
            aan = [traject.werkcoach.email]
        else:
            aan = _werkcoaches(a.gemeente_id)
        verstuurd += _eenmalig_versturen(
            a,
            soort=soort,
            sleutel=termijn.stap,
            aan=aan,
            template="reactietijd",
            context={
                "aanmelding": a,
                "termijn": termijn,
                "verlopen": soort == Notificatie.Soort.REACTIETIJD_VERLOPEN,
                "url": _url("cases:aanmelding_detail", pk=a.pk),
            },
        )
    return verstuurd

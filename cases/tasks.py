"""E-mail about referrals. Every task takes primary keys, is idempotent (a ``Notificatie`` row per
e-mail, unique per referral, kind and subject) and is enqueued through the outbox.

The e-mails carry no personal details beyond what the receiver may see: the werkcoach gets a
link to the application, never the resident's name or signal; the referrer gets the status.
"""

from __future__ import annotations

import logging

from celery import shared_task
from django.conf import settings
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse

from cases.models import Aanmelding, Notificatie
from werkcoach.models import Gebruiker, Rol
from werkcoach.wachtrij import in_wachtrij

logger = logging.getLogger(__name__)


def na_commit(task, *args) -> None:
    """Enqueue ``task`` through the outbox: published once the surrounding transaction has
    committed, without waiting on a broker that is down or hung (``werkcoach.wachtrij``)."""
    in_wachtrij(task, *args)


def absolute_url(naam: str, **kwargs) -> str:
    return settings.SITE_URL.rstrip("/") + reverse(naam, kwargs=kwargs or None)


def werkcoach_adressen(gemeente_id: int) -> list[str]:
    return list(
        Gebruiker.objects.filter(is_active=True, groups__name=Rol.WERKCOACH, gemeenten=gemeente_id)
        .exclude(email="")
        .values_list("email", flat=True)
        .distinct()
    )


def eenmalig_versturen(
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


def al_verstuurd(aanmelding_pk: int, soort: str, sleutel: str) -> bool:
    return Notificatie.objects.filter(
        aanmelding_id=aanmelding_pk, soort=soort, sleutel=sleutel
    ).exists()


@shared_task
def mail_nieuwe_aanmelding(aanmelding_pk: int) -> bool:
    """Tell the werkcoaches of the gemeente that a referral arrived (no personal details)."""
    if al_verstuurd(aanmelding_pk, Notificatie.Soort.NIEUWE_AANMELDING, ""):
        return False
    aanmelding = Aanmelding.objects.select_related("gebiedsteam").get(pk=aanmelding_pk)
    return eenmalig_versturen(
        aanmelding,
        soort=Notificatie.Soort.NIEUWE_AANMELDING,
        sleutel="",
        aan=werkcoach_adressen(aanmelding.gemeente_id),
        template="nieuwe_aanmelding",
        context={"aanmelding": aanmelding, "url": absolute_url("aanmeldingen:inbox")},
    )

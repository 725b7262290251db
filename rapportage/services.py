"""Writes of rapportage: the budget, manual expenses, and requesting and generating reports."""

from __future__ import annotations

import hashlib
import logging
import uuid
from datetime import date, timedelta
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import IntegrityError, transaction
from django.utils import timezone

from rapportage.kpi import Periode
from rapportage.models import (
    SAMENGEVOEGD,
    Begroting,
    Begrotingswijziging,
    Post,
    Rapport,
    Uitgave,
)
from werkcoach.models import Gebruiker, Pilot

logger = logging.getLogger(__name__)

# The pilot's budget from the seeds. 2023 and 2024 as in the project plan; 2024 is then revised
# as in the WerkCorporatie year plan 2024 (the same grant, budgeted differently).
# The project plan's werkcoach (52,000) and projectleider (9,000) are one post: personeel.
PROJECTPLAN = {
    2023: {
        Post.PERSONEEL: 61000,
        Post.COMMUNICATIE: 2000,
        Post.TRAININGEN: 15000,
        Post.ONVOORZIEN: 700,
    },
    2024: {
        Post.PERSONEEL: 61000,
        Post.COMMUNICATIE: 1000,
        Post.TRAININGEN: 15000,
    },
}
JAARPLAN_2024 = {
    Post.PERSONEEL: 73000,
    Post.TRAININGEN: 30000,
    Post.COMMUNICATIE: 5000,
    Post.OVERIGE: 2000,
}


@transaction.atomic
def begroting_wijzigen(
    *,
    pilot: Pilot,
    jaar: int,
    post: str,
    bedrag: Decimal,
    door: Gebruiker | None,
    toelichting: str = "",
) -> Begroting:
    """Set the budget of one post in one year; every change is kept in the history."""
    fouten = {}
    if post in SAMENGEVOEGD:
        fouten["post"] = "Deze post is samengevoegd in ‘Personeel (werkcoach en projectleider)’."
    elif post not in Post.values:
        fouten["post"] = "Kies een begrotingspost."
    if bedrag is None or Decimal(bedrag) < 0:
        fouten["bedrag"] = "Het bedrag kan niet negatief zijn."
    if not 2000 <= int(jaar) <= 2100:
        fouten["jaar"] = "Kies een geldig jaar."
    if fouten:
        raise ValidationError(fouten)
    bedrag = Decimal(bedrag).quantize(Decimal("0.01"))
    regel = Begroting.objects.select_for_update().filter(pilot=pilot, jaar=jaar, post=post).first()
    oud = regel.bedrag if regel else None
    if regel is None:
        regel = Begroting.objects.create(pilot=pilot, jaar=jaar, post=post, bedrag=bedrag)
    elif regel.bedrag == bedrag:
        return regel  # nothing changed: no history line
    else:
        regel.bedrag = bedrag
        regel.save(update_fields=["bedrag", "gewijzigd_op"])
    Begrotingswijziging.objects.create(
        begroting=regel,
        door=door,
        oud_bedrag=oud,
        nieuw_bedrag=bedrag,
        toelichting=toelichting.strip()[:300],
    )
    return regel


@transaction.atomic
def begroting_vullen(*, pilot: Pilot, door: Gebruiker | None = None) -> int:
    """Prefill the pilot's budget from the project plan and the 2024 year-plan revision.
    Idempotent: a pilot that already has a budget is left alone. Returns lines created."""
    if Begroting.objects.filter(pilot=pilot).exists():
        return 0
    for jaar, posten in PROJECTPLAN.items():
        for post, bedrag in posten.items():
            begroting_wijzigen(
                pilot=pilot,
                jaar=jaar,
                post=post,
                bedrag=Decimal(bedrag),
                door=door,
                toelichting="Projectplan werkcoach in de wijk",
            )
    for post, bedrag in JAARPLAN_2024.items():
        begroting_wijzigen(
            pilot=pilot,
            jaar=2024,
            post=post,
            bedrag=Decimal(bedrag),
            door=door,
            toelichting="Herziening volgens jaarplan WerkCorporatie 2024",
        )
    return Begroting.objects.filter(pilot=pilot).count()


@transaction.atomic
def uitgave_create(
    *,
    pilot: Pilot,
    door: Gebruiker,
    datum: date,
    post: str,
    omschrijving: str,
    bedrag: Decimal,
    indieningssleutel: uuid.UUID | None = None,
) -> Uitgave:
    """Record a manual expense. The same ``indieningssleutel`` twice returns the first one."""
    if indieningssleutel is not None:
        bestaand = Uitgave.objects.filter(indieningssleutel=indieningssleutel).first()
        if bestaand is not None:
            return bestaand
    uitgave = Uitgave(
        pilot=pilot,
        datum=datum,
        post=post,
        omschrijving=(omschrijving or "").strip(),
        bedrag=bedrag,
        vastgelegd_door=door,
        indieningssleutel=indieningssleutel or uuid.uuid4(),
    )
    if post in SAMENGEVOEGD:
        raise ValidationError(
            {"post": "Deze post is samengevoegd in ‘Personeel (werkcoach en projectleider)’."}
        )
    uitgave.full_clean(exclude=["pilot", "vastgelegd_door"])
    if not pilot.startdatum.replace(month=1, day=1) <= datum <= pilot.einddatum:
        raise ValidationError({"datum": "Deze datum valt buiten de looptijd van de pilot."})
    uitgave.save()
    return uitgave


def vorige_maand(vandaag: date) -> Periode:
    laatste = vandaag.replace(day=1) - timedelta(days=1)
    return Periode.maand(laatste.year, laatste.month)


@transaction.atomic
def rapport_aanvragen(
    *,
    pilot: Pilot,
    soort: str,
    periode: Periode,
    door: Gebruiker | None,
    toelichting: str = "",
) -> tuple[Rapport, bool]:
    """Ask for a report. The same pilot, kind and period give the same record: a second request
    starts nothing new, a failed one is tried again. Returns (rapport, started)."""
    if soort not in Rapport.Soort.values:
        raise ValidationError({"soort": "Kies het soort rapport."})
    if periode.start < pilot.startdatum.replace(day=1) or periode.start > pilot.einddatum:
        raise ValidationError({"periode": "Deze periode valt buiten de looptijd van de pilot."})
    bestaand = Rapport.objects.select_for_update().filter(
        pilot=pilot, soort=soort, periode_start=periode.start, periode_eind=periode.eind
    )
    rapport = bestaand.order_by("-versie").first()
    if rapport is None:
        try:
            with transaction.atomic():
                rapport = Rapport.objects.create(
                    pilot=pilot,
                    soort=soort,
                    periode_start=periode.start,
                    periode_eind=periode.eind,
                    aangevraagd_door=door,
                    toelichting=toelichting.strip(),
                )
        except IntegrityError:  # a concurrent request created it first: that one counts
            eerder = bestaand.order_by("-versie").first()
            if eerder is None:  # not the concurrent request after all: a real integrity error
                raise
            return eerder, False
    else:
        if rapport.status != Rapport.Status.MISLUKT:
            return rapport, False
        rapport.status = Rapport.Status.WACHTRIJ
        rapport.voortgang = 0
        rapport.foutmelding = ""
        if toelichting.strip():
            rapport.toelichting = toelichting.strip()
        rapport.save()
    transaction.on_commit(lambda: _in_wachtrij(rapport.pk))
    return rapport, True


@transaction.atomic
def rapport_nieuwe_versie(
    *, rapport: Rapport, door: Gebruiker, toelichting: str, aanvraagsleutel: uuid.UUID
) -> Rapport:
    """A new version of a finished report with the projectleider's (new) highlights; the
    earlier version stays as it is. The same ``aanvraagsleutel`` twice gives one new version."""
    eerder = Rapport.objects.filter(aanvraagsleutel=aanvraagsleutel).first()
    if eerder is not None:
        return eerder
    if rapport.status != Rapport.Status.KLAAR:
        raise ValidationError("Een nieuwe versie kan pas als dit rapport klaar is.")
    if not toelichting.strip():
        raise ValidationError({"toelichting": "Schrijf de hoogtepunten of de toelichting."})
    laatste = (
        Rapport.objects.select_for_update()
        .filter(
            pilot=rapport.pilot,
            soort=rapport.soort,
            periode_start=rapport.periode_start,
            periode_eind=rapport.periode_eind,
        )
        .order_by("-versie")
        .first()
    )
    if laatste is None:  # cannot happen: ``rapport`` itself matches the filter
        raise Rapport.DoesNotExist(f"Rapport {rapport.pk} is niet meer te vinden.")
    nieuw = Rapport.objects.create(
        pilot=rapport.pilot,
        soort=rapport.soort,
        periode_start=rapport.periode_start,
        periode_eind=rapport.periode_eind,
        versie=laatste.versie + 1,
        aanvraagsleutel=aanvraagsleutel,
        aangevraagd_door=door,
        toelichting=toelichting.strip(),
    )
    transaction.on_commit(lambda: _in_wachtrij(nieuw.pk))
    return nieuw


def _in_wachtrij(rapport_pk: int) -> None:
    from rapportage.tasks import rapport_genereren

    try:
        rapport_genereren.delay(rapport_pk)
    except Exception as fout:  # the broker is down: say so, lose nothing
        logger.exception("Enqueueing report %s failed", rapport_pk)
        Rapport.objects.filter(pk=rapport_pk).exclude(status=Rapport.Status.KLAAR).update(
            status=Rapport.Status.MISLUKT,
            foutmelding="De takenserver is niet bereikbaar; probeer het later opnieuw. "
            f"({type(fout).__name__})",
        )


def _voortgang(rapport: Rapport, procent: int) -> None:
    Rapport.objects.filter(pk=rapport.pk).update(voortgang=procent)


def _claim(rapport_pk: int, verlopen_na: timedelta) -> Rapport | None:
    """Take the report for this worker; None when it is done or another worker has it."""
    with transaction.atomic():
        rapport = (
            Rapport.objects.select_for_update()
            .select_related("pilot")
            .filter(pk=rapport_pk)
            .first()
        )
        nu = timezone.now()
        if rapport is None or rapport.status == Rapport.Status.KLAAR:
            return None
        if (
            rapport.status == Rapport.Status.BEZIG
            and rapport.gestart_op
            and nu - rapport.gestart_op < verlopen_na
        ):
            return None
        rapport.status = Rapport.Status.BEZIG
        rapport.gestart_op = nu
        rapport.voortgang = 5
        rapport.foutmelding = ""
        rapport.save()
        return rapport


def rapport_genereren(*, rapport_pk: int, verlopen_na: timedelta | None = None) -> Rapport | None:
    """Generate the PDF and XLSX of a report and store them unchangeable. Idempotent: a report
    that is done (or being made by another worker) is returned as it is."""
    from django.conf import settings

    from rapportage import documenten

    verlopen_na = verlopen_na or timedelta(seconds=settings.CELERY_TASK_TIME_LIMIT)
    rapport = _claim(rapport_pk, verlopen_na)
    if rapport is None:  # done, being made by another worker, or deleted
        return Rapport.objects.filter(pk=rapport_pk).first()
    try:
        geclaimd = rapport  # a name the lambda can close over without losing the narrowing
        inhoud = documenten.maak(rapport, voortgang=lambda p: _voortgang(geclaimd, p))
        namen = {}
        for soort, (naam, data) in inhoud.items():
            pad = f"rapporten/{rapport.pilot_id}/{rapport.pk}-{uuid.uuid4().hex[:8]}-{naam}"
            namen[soort] = (default_storage.save(pad, ContentFile(data)), data)
    except Exception as fout:
        logger.exception("Generating report %s failed", rapport_pk)
        Rapport.objects.filter(pk=rapport_pk).update(
            status=Rapport.Status.MISLUKT,
            foutmelding=f"Het maken van het rapport is mislukt: {fout}"[:300],
        )
        return Rapport.objects.get(pk=rapport_pk)
    with transaction.atomic():
        rapport = Rapport.objects.select_for_update().get(pk=rapport_pk)
        if rapport.status == Rapport.Status.KLAAR:  # another worker finished first
            for pad, _ in namen.values():
                default_storage.delete(pad)
            return rapport
        rapport.pdf_bestand, pdf = namen["pdf"]
        rapport.xlsx_bestand, xlsx = namen["xlsx"]
        rapport.pdf_sha256 = hashlib.sha256(pdf).hexdigest()
        rapport.xlsx_sha256 = hashlib.sha256(xlsx).hexdigest()
        rapport.status = Rapport.Status.KLAAR
        rapport.voortgang = 100
        rapport.gegenereerd_op = timezone.now()
        rapport.save()
    return rapport


def maandrapportages_plannen(*, vandaag: date) -> list[Rapport]:
    """For every pilot running in the previous month, ask for its monthly report (beat)."""
    periode = vorige_maand(vandaag)
    uit = []
    for pilot in Pilot.objects.filter(startdatum__lte=periode.eind, einddatum__gte=periode.start):
        rapport, _ = rapport_aanvragen(
            pilot=pilot, soort=Rapport.Soort.MAANDRAPPORTAGE, periode=periode, door=None
        )
        uit.append(rapport)
    return uit

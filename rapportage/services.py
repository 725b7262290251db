"""Writes of rapportage: the budget, manual expenses, and requesting and generating reports."""

from __future__ import annotations

import hashlib
import logging
import threading
import uuid
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import (
    DatabaseError,
    IntegrityError,
    InterfaceError,
    OperationalError,
    connection,
    transaction,
)
from django.db.models import Q
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
from werkcoach.wachtrij import in_wachtrij

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


class VersieBestaat(ValidationError):
    """The period already has this version and the request brings new highlights: the view
    offers a new version, keeping what the user typed."""

    def __init__(self, rapport: Rapport):
        self.rapport = rapport
        super().__init__(
            f"Voor deze periode bestaat al {rapport} ({rapport.toestand.lower()}). "
            "Maak een nieuwe versie met uw hoogtepunten; de eerdere versie blijft bewaard."
        )


def _lease(seconden: float) -> datetime:
    return timezone.now() + timedelta(seconds=seconden)


def _controleren(pilot: Pilot, soort: str, periode: Periode) -> None:
    if soort not in Rapport.Soort.values:
        raise ValidationError({"soort": "Kies het soort rapport."})
    if periode.start < pilot.startdatum.replace(day=1) or periode.start > pilot.einddatum:
        raise ValidationError({"periode": "Deze periode valt buiten de looptijd van de pilot."})


def _klaarzetten(rapport: Rapport, vandaag: date) -> None:
    """Queue (again) under a fresh queue lease; a period not over yet gives an interim report."""
    from rapportage.tasks import rapport_genereren

    rapport.status = Rapport.Status.WACHTRIJ
    rapport.voortgang = 0
    rapport.pogingen = 0
    rapport.foutmelding = ""
    rapport.claim = None
    rapport.geclaimd_tot = _lease(settings.WERKCOACH_RAPPORT_WACHTRIJ_LEASE)
    rapport.voorlopig = rapport.periode_eind >= vandaag
    rapport.peildatum = vandaag if rapport.voorlopig else rapport.periode_eind
    rapport.save()
    in_wachtrij(rapport_genereren, rapport.pk)


def _nieuwe_versie(
    vorige: Rapport | None,
    *,
    pilot: Pilot,
    soort: str,
    periode: Periode,
    door: Gebruiker | None,
    toelichting: str,
    vandaag: date,
    aanvraagsleutel: uuid.UUID | None = None,
) -> Rapport:
    """Version ``vorige.versie + 1`` (or 1); an unfinished earlier version is replaced."""
    if vorige is not None and vorige.status in (Rapport.Status.WACHTRIJ, Rapport.Status.BEZIG):
        vorige.status = Rapport.Status.VERVANGEN
        vorige.claim = None
        vorige.save(update_fields=["status", "claim"])
    rapport = Rapport(
        pilot=pilot,
        soort=soort,
        periode_start=periode.start,
        periode_eind=periode.eind,
        versie=vorige.versie + 1 if vorige else 1,
        aanvraagsleutel=aanvraagsleutel,
        aangevraagd_door=door,
        toelichting=toelichting,
    )
    _klaarzetten(rapport, vandaag)
    return rapport


@transaction.atomic
def rapport_aanvragen(
    *,
    pilot: Pilot,
    soort: str,
    periode: Periode,
    door: Gebruiker | None,
    toelichting: str = "",
    nieuwe_versie: bool = False,
    aanvraagsleutel: uuid.UUID | None = None,
    vandaag: date | None = None,
) -> tuple[Rapport, bool]:
    """Ask for a report; returns (rapport, started). The first request of a period makes
    version 1; a failed one is tried again; an interim one (period not over when it was made)
    is followed by a final version once the period is over. With ``nieuwe_versie`` a new
    version is made (an unfinished one is replaced). New highlights for a period that has a
    version raise ``VersieBestaat``: nothing the user typed is dropped silently. The same
    ``aanvraagsleutel`` twice (a double submit) finds the first request."""
    _controleren(pilot, soort, periode)
    toelichting = toelichting.strip()
    vandaag = vandaag or timezone.localdate()
    if aanvraagsleutel is not None:
        eerder = Rapport.objects.filter(aanvraagsleutel=aanvraagsleutel).first()
        if eerder is not None:
            return eerder, False
    versies = Rapport.objects.select_for_update().filter(
        pilot=pilot, soort=soort, periode_start=periode.start, periode_eind=periode.eind
    )
    laatste = versies.order_by("-versie").first()
    velden: dict[str, Any] = {"pilot": pilot, "soort": soort, "periode": periode, "door": door}
    if laatste is None:
        try:
            with transaction.atomic():
                nieuw = _nieuwe_versie(
                    None, **velden, toelichting=toelichting, vandaag=vandaag,
                    aanvraagsleutel=aanvraagsleutel,
                )  # fmt: skip
        except IntegrityError:  # a concurrent request created it first: that one counts
            eerder = versies.order_by("-versie").first()
            if eerder is None:  # not the concurrent request after all: a real integrity error
                raise
            return eerder, False
        return nieuw, True
    if laatste.status == Rapport.Status.MISLUKT and not nieuwe_versie:
        laatste.toelichting = toelichting or laatste.toelichting
        _klaarzetten(laatste, vandaag)
        return laatste, True
    definitief_nodig = laatste.voorlopig and periode.eind < vandaag
    if nieuwe_versie or definitief_nodig:
        nieuw = _nieuwe_versie(
            laatste, **velden, toelichting=toelichting or laatste.toelichting, vandaag=vandaag,
            aanvraagsleutel=aanvraagsleutel,
        )  # fmt: skip
        return nieuw, True
    if toelichting and toelichting != laatste.toelichting:
        raise VersieBestaat(laatste)
    return laatste, False


@transaction.atomic
def rapport_opnieuw(*, rapport: Rapport, vandaag: date | None = None) -> Rapport:
    """Try a failed report again (the retry button); any other report is left as it is."""
    rapport = Rapport.objects.select_for_update().get(pk=rapport.pk)
    if rapport.status == Rapport.Status.MISLUKT:
        _klaarzetten(rapport, vandaag or timezone.localdate())
    return rapport


@transaction.atomic
def rapport_nieuwe_versie(
    *, rapport: Rapport, door: Gebruiker, toelichting: str, aanvraagsleutel: uuid.UUID
) -> Rapport:
    """A new version of a report with the projectleider's (new) highlights; a finished earlier
    version stays as it is, a failed or stuck one is replaced. The same ``aanvraagsleutel``
    twice gives one new version."""
    eerder = Rapport.objects.filter(aanvraagsleutel=aanvraagsleutel).first()
    if eerder is not None:
        return eerder
    if rapport.status == Rapport.Status.KLAAR and not toelichting.strip():
        raise ValidationError({"toelichting": "Schrijf de hoogtepunten of de toelichting."})
    nieuw, _ = rapport_aanvragen(
        pilot=rapport.pilot,
        soort=rapport.soort,
        periode=Periode(rapport.periode_start, rapport.periode_eind),
        door=door,
        toelichting=toelichting,
        nieuwe_versie=True,
        aanvraagsleutel=aanvraagsleutel,
    )
    return nieuw


# The worker's side: claim under a lease, render with a heartbeat, finish only as the holder.


def _claim(rapport_pk: int) -> Rapport | None:
    """Take the report for this worker; None when it is done, failed, replaced, or held by a
    worker whose lease still runs. A redelivered task takes over an expired lease."""
    with transaction.atomic():
        rapport = (
            Rapport.objects.select_for_update()
            .select_related("pilot")
            .filter(pk=rapport_pk)
            .first()
        )
        if rapport is None or not rapport.is_bezig:
            return None
        if rapport.status == Rapport.Status.BEZIG and not rapport.lease_verlopen:
            return None
        if rapport.pogingen >= settings.WERKCOACH_RAPPORT_POGINGEN:
            _mislukt(rapport, _reden_onderbroken(rapport.pogingen))
            return None
        rapport.status = Rapport.Status.BEZIG
        rapport.claim = uuid.uuid4()
        rapport.geclaimd_tot = _lease(settings.WERKCOACH_RAPPORT_LEASE)
        rapport.pogingen += 1
        rapport.gestart_op = timezone.now()
        rapport.voortgang = 5
        rapport.foutmelding = ""
        rapport.save()
        return rapport


def _reden_onderbroken(pogingen: int) -> str:
    return (
        f"Het maken van dit rapport is {pogingen} keer onderbroken door een storing (de "
        "takenserver of de database was even weg). Probeer het opnieuw; lukt het dan weer "
        "niet, meld het bij functioneel beheer."
    )


def _mislukt(rapport: Rapport, reden: str) -> None:
    rapport.status = Rapport.Status.MISLUKT
    rapport.foutmelding = reden[:300]
    rapport.claim = None
    rapport.geclaimd_tot = None
    rapport.save(update_fields=["status", "foutmelding", "claim", "geclaimd_tot"])


def _vernieuwen(rapport: Rapport, **velden) -> None:
    """Renew the lease (and write progress) as the holder; best effort: a database fault here
    must not stop the rendering, the next heartbeat reconnects."""
    try:
        Rapport.objects.filter(
            pk=rapport.pk, claim=rapport.claim, status=Rapport.Status.BEZIG
        ).update(geclaimd_tot=_lease(settings.WERKCOACH_RAPPORT_LEASE), **velden)
    except DatabaseError:
        logger.warning("Could not renew the lease of report %s", rapport.pk, exc_info=True)
        if not connection.in_atomic_block:
            connection.close()


class _Hartslag(threading.Thread):
    """Renews the lease every WERKCOACH_RAPPORT_HARTSLAG seconds while the report renders, on
    its own database connection."""

    def __init__(self, rapport: Rapport):
        super().__init__(name=f"hartslag-rapport-{rapport.pk}", daemon=True)
        self.rapport = rapport
        self.stop = threading.Event()

    def run(self) -> None:
        try:
            while not self.stop.wait(settings.WERKCOACH_RAPPORT_HARTSLAG):
                _vernieuwen(self.rapport)
        finally:
            connection.close()


def _fout_vastleggen(rapport: Rapport, fout: Exception) -> None:
    """The failure handler. It writes through a fresh connection: the old one may be the
    reason of the failure (a restarted database). A database fault is temporary: the report is
    queued again (the sweep starts it); anything else fails it with the reason."""
    if not connection.in_atomic_block:
        connection.close()
    tijdelijk = isinstance(fout, (OperationalError, InterfaceError))
    try:
        with transaction.atomic():
            huidig = (
                Rapport.objects.select_for_update()
                .filter(pk=rapport.pk, claim=rapport.claim, status=Rapport.Status.BEZIG)
                .first()
            )
            if huidig is None:  # taken over, replaced or deleted meanwhile
                return
            if tijdelijk and huidig.pogingen < settings.WERKCOACH_RAPPORT_POGINGEN:
                huidig.status = Rapport.Status.WACHTRIJ
                huidig.claim = None
                huidig.voortgang = 0
                huidig.geclaimd_tot = _lease(settings.WERKCOACH_RAPPORT_HARTSLAG)
                huidig.save(update_fields=["status", "claim", "voortgang", "geclaimd_tot"])
            elif tijdelijk:
                _mislukt(huidig, _reden_onderbroken(huidig.pogingen))
            else:
                _mislukt(huidig, f"Het maken van het rapport is mislukt: {fout}")
    except DatabaseError:  # the database is still away: the lease runs out, the sweep acts
        logger.exception("Could not record the failure of report %s", rapport.pk)


def _renderen(rapport: Rapport) -> dict[str, tuple[str, bytes]]:
    from rapportage import documenten

    inhoud = documenten.maak(rapport, voortgang=lambda p: _vernieuwen(rapport, voortgang=p))
    namen = {}
    for soort, (naam, data) in inhoud.items():
        pad = f"rapporten/{rapport.pilot_id}/{rapport.pk}-{uuid.uuid4().hex[:8]}-{naam}"
        namen[soort] = (default_storage.save(pad, ContentFile(data)), data)
    return namen


def _afronden(rapport: Rapport, namen: dict[str, tuple[str, bytes]]) -> Rapport:
    """Store the result, only while this worker still holds the report: exactly once."""
    with transaction.atomic():
        huidig = Rapport.objects.select_for_update().get(pk=rapport.pk)
        if huidig.status != Rapport.Status.BEZIG or huidig.claim != rapport.claim:
            for pad, _ in namen.values():  # taken over or replaced: another result counts
                default_storage.delete(pad)
            return huidig
        huidig.pdf_bestand, pdf = namen["pdf"]
        huidig.xlsx_bestand, xlsx = namen["xlsx"]
        huidig.pdf_sha256 = hashlib.sha256(pdf).hexdigest()
        huidig.xlsx_sha256 = hashlib.sha256(xlsx).hexdigest()
        huidig.status = Rapport.Status.KLAAR
        huidig.voortgang = 100
        huidig.claim = None
        huidig.geclaimd_tot = None
        huidig.gegenereerd_op = timezone.now()
        huidig.save()
    return huidig


def rapport_genereren(*, rapport_pk: int) -> Rapport | None:
    """Generate the PDF and XLSX of a report and store them unchangeable. Idempotent: a report
    that is done, failed, replaced or held by a live worker is returned as it is."""
    rapport = _claim(rapport_pk)
    if rapport is None:
        return Rapport.objects.filter(pk=rapport_pk).first()
    hartslag = _Hartslag(rapport)
    if not connection.in_atomic_block:  # a caller's open transaction is invisible to it
        hartslag.start()
    try:
        namen = _renderen(rapport)
    except Exception as fout:
        logger.exception("Generating report %s failed", rapport_pk)
        _fout_vastleggen(rapport, fout)
        return Rapport.objects.filter(pk=rapport_pk).first()
    finally:
        hartslag.stop.set()
    return _afronden(rapport, namen)


def rapporten_bewaken() -> int:
    """The beat sweep: a report queued or running past its lease is queued again (the worker
    died, the broker lost or never got the task), or failed after too many attempts. Returns
    how many it touched."""
    from rapportage.tasks import rapport_genereren

    with transaction.atomic():
        verlopen = list(
            Rapport.objects.select_for_update(skip_locked=True)
            .filter(status__in=[Rapport.Status.WACHTRIJ, Rapport.Status.BEZIG])
            .filter(Q(geclaimd_tot__lt=timezone.now()) | Q(geclaimd_tot__isnull=True))
        )
        for rapport in verlopen:
            if rapport.pogingen >= settings.WERKCOACH_RAPPORT_POGINGEN:
                _mislukt(rapport, _reden_onderbroken(rapport.pogingen))
                continue
            logger.warning("Report %s %s past its lease: queued again", rapport.pk, rapport.status)
            rapport.status = Rapport.Status.WACHTRIJ
            rapport.claim = None
            rapport.voortgang = 0
            rapport.geclaimd_tot = _lease(settings.WERKCOACH_RAPPORT_WACHTRIJ_LEASE)
            rapport.save(update_fields=["status", "claim", "voortgang", "geclaimd_tot"])
            in_wachtrij(rapport_genereren, rapport.pk)
    return len(verlopen)


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

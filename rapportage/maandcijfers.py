"""Closed months computed once: the store of the KPI engine's blocks.

``kpis()`` cuts the history into pieces (``kpi.stukken``). A piece that can no longer change
by itself, a calendar month before the current one (or everything before the first month), or
a day of the current month before today, is computed once and stored as ``Maandcijfers``;
every later dashboard view and report combines the stored blocks and computes only today
live. When a month has closed its own block replaces its day blocks.

A stored block is valid for the norms and holidays it was computed with (its ``grondslag``, with
the engine's ``BLOK_VERSIE``): change either and the blocks are computed again. A change that
reaches back into a closed month (a contact, a move, a handover... recorded with an earlier
date, an import of earlier registrations, a correction) removes the stored blocks of that month
and every later one, for the pilots it concerns, and says so in the processing log. The receivers
below follow every model the figures are computed from, whichever entry point saves it.
"""

from __future__ import annotations

import hashlib
import json
import threading
import uuid
from collections import OrderedDict
from datetime import date, datetime

from django.conf import settings
from django.db import models
from django.db.models import Q, signals
from django.utils import timezone

from cases.models import Aanmelding
from rapportage.models import Maandcijfers
from trajecten.models import (
    Contactmoment,
    Faseovergang,
    Inzet,
    Nazorgplan,
    Overdracht,
    Participatiemeting,
    Traject,
    Vervolgtraject,
)
from werkcoach.audit import Actie, Doel, audit_log
from werkcoach.models import Pilot

# Raise when the blocks' content or meaning changes: stored blocks of another version are
# computed again.
BLOK_VERSIE = 1


def grondslag(pilot: Pilot, feestdagen) -> str:
    """What a block's figures depend on besides the recorded history."""
    basis = [
        BLOK_VERSIE,
        pilot.reactietijd_eerste_contact,
        pilot.reactietijd_gesprek,
        pilot.reactietijd_orientatie,
        pilot.reactietijd_overdracht_bevestiging,
        sorted(d.isoformat() for d in feestdagen),
    ]
    return hashlib.sha256(json.dumps(basis).encode()).hexdigest()


def gesloten(deel, vandaag: date) -> bool:
    """A piece that no ordinary work can change any more: a whole month (or the piece before the
    first month) that ended before the current month began, or a day of the current month
    before today. (Work recorded later with an earlier date removes it again: see below.)"""
    from rapportage.kpi import BEGIN, Periode

    if deel.start == deel.eind and vandaag.replace(day=1) <= deel.start < vandaag:
        return True
    if deel.eind >= vandaag.replace(day=1):
        return False
    return deel.start == BEGIN or deel == Periode.maand(deel.start.year, deel.start.month)


class Geheugen:
    """This process's decoded blocks, by their row's key, the least recently used dropped first
    beyond ``grens`` characters of JSON. A stored block never changes (a change removes the row
    and a new one is made), so a block found here is always the row's content."""

    def __init__(self, grens: int):
        self.grens = grens
        self._blokken: OrderedDict[uuid.UUID, tuple[dict, int]] = OrderedDict()
        self._omvang = 0
        self._slot = threading.Lock()

    def lezen(self, sleutel: uuid.UUID) -> dict | None:
        with self._slot:
            gevonden = self._blokken.get(sleutel)
            if gevonden is None:
                return None
            self._blokken.move_to_end(sleutel)
            return gevonden[0]

    def bewaren(self, sleutel: uuid.UUID, gegevens: dict, grootte: int) -> None:
        with self._slot:
            if sleutel in self._blokken or grootte > self.grens:
                return
            self._blokken[sleutel] = (gegevens, grootte)
            self._omvang += grootte
            while self._omvang > self.grens:
                _weg, (_g, n) = self._blokken.popitem(last=False)
                self._omvang -= n

    def legen(self) -> None:
        with self._slot:
            self._blokken.clear()
            self._omvang = 0


GEHEUGEN = Geheugen(int(settings.WERKCOACH_CIJFERGEHEUGEN_MB * 1_000_000))


def blokken(bron, delen: list, *, feestdagen, vandaag: date) -> list[dict]:
    """The block of every piece: stored for the closed ones (computed and stored the first time),
    live for the others."""
    from rapportage.kpi import blok

    pilot, team = bron.pilot, bron.gebiedsteam.pk if bron.gebiedsteam else 0
    sleutel = grondslag(pilot, feestdagen)
    dicht = [d for d in delen if gesloten(d, vandaag)]
    bewaard = _bewaarde(pilot, team, sleutel, dicht[-1].eind) if dicht else {}
    uit, nieuw = [], []
    for deel in delen:
        gegevens = bewaard.get((deel.start, deel.eind))
        if gegevens is None:
            gegevens = blok(bron, deel)
            if deel in dicht:
                nieuw.append(deel)
                bewaard[(deel.start, deel.eind)] = gegevens
        uit.append(gegevens)
    if nieuw:
        _bewaren(pilot, team, sleutel, nieuw, bewaard)
    return uit


def _bewaarde(pilot: Pilot, team: int, sleutel: str, tot: date) -> dict[tuple[date, date], dict]:
    """The stored blocks up to ``tot``: the ones this process has decoded before from memory,
    the others read (a second query only for those)."""
    rijen = Maandcijfers.objects.filter(
        pilot=pilot, gebiedsteam=team, grondslag=sleutel, tot__lte=tot
    ).values_list("van", "tot", "sleutel")
    bewaard: dict[tuple[date, date], dict] = {}
    ontbreekt: dict[uuid.UUID, tuple[date, date]] = {}
    for van, tot_, rij in rijen:
        gegevens = GEHEUGEN.lezen(rij)
        if gegevens is None:
            ontbreekt[rij] = (van, tot_)
        else:
            bewaard[(van, tot_)] = gegevens
    if ontbreekt:
        for rij, gegevens, grootte in Maandcijfers.objects.filter(
            sleutel__in=list(ontbreekt)
        ).values_list("sleutel", "gegevens", "grootte"):
            bewaard[ontbreekt[rij]] = gegevens
            GEHEUGEN.bewaren(rij, gegevens, grootte)
    return bewaard


def _bewaren(pilot: Pilot, team: int, sleutel: str, nieuw: list, bewaard: dict) -> None:
    # Blocks of another grondslag at the same places are out of date: replace them.
    oud = Q()
    for deel in nieuw:
        oud |= Q(van=deel.start, tot=deel.eind)
    Maandcijfers.objects.filter(oud, pilot=pilot, gebiedsteam=team).exclude(
        grondslag=sleutel
    ).delete()
    _dagen_opruimen(Maandcijfers.objects.filter(pilot=pilot, gebiedsteam=team), nieuw[-1].eind)
    rijen = []
    for d in nieuw:
        tekst = json.dumps(bewaard[(d.start, d.eind)], default=str)
        rij = Maandcijfers(
            pilot=pilot,
            gebiedsteam=team,
            van=d.start,
            tot=d.eind,
            grondslag=sleutel,
            gegevens=json.loads(tekst),
            grootte=len(tekst),
        )
        rijen.append(rij)
    # ignore_conflicts: computed at the same time by another request (the same figures; that
    # row's key is then read the next time, this one is never found)
    Maandcijfers.objects.bulk_create(rijen, ignore_conflicts=True)
    for rij in rijen:
        GEHEUGEN.bewaren(rij.sleutel, rij.gegevens, rij.grootte)


def _dagen_opruimen(blokken, tot: date) -> None:
    """The day blocks of months that have closed: the month's own block replaces them."""
    blokken.filter(van=models.F("tot"), tot__lt=tot.replace(day=1)).delete()


def bijwerken(*, vandaag: date) -> int:
    """Compute and store the closed months of every pilot, for the gemeente and each of its
    gebiedsteams; returns how many blocks are stored now."""
    from rapportage.kpi import Periode, kpis
    from werkcoach.models import Gebiedsteam

    for pilot in Pilot.objects.select_related("gemeente").order_by("pk"):
        eind = min(pilot.einddatum, vandaag)
        if eind < pilot.startdatum:
            continue
        periode = Periode(pilot.startdatum, eind)
        for team in [None, *Gebiedsteam.objects.filter(gemeente_id=pilot.gemeente_id)]:
            kpis(pilot, periode, team, peildatum=vandaag)
    _dagen_opruimen(Maandcijfers.objects.all(), vandaag)
    return Maandcijfers.objects.count()


# --- invalidation -------------------------------------------------------------------------

_ONBEKEND = object()

# Per model: the dated fields, the other fields the figures read, and the date a change of one
# of those others reaches back to (the field, or None: see ``_terug_tot``).
GEVOLGD: dict[type[models.Model], tuple[tuple[str, ...], tuple[str, ...], str | None]] = {
    Aanmelding: (
        ("aangemeld_op", "behandeld_op", "toestemming_ingetrokken_op", "eerste_contact_op"),
        ("status", "gebiedsteam_id", "gemeente_id"),
        "aangemeld_op",
    ),
    Traject: (
        ("gestart_op", "gesprek_gehouden_op", "beeindigd_op"),
        ("einde_reden", "pilot_id", "inwoner_id"),
        "gestart_op",
    ),
    Faseovergang: (("op",), ("van_fase", "naar_fase", "traject_id"), "op"),
    Vervolgtraject: (("nugger_ingeschreven_op",), ("route", "sector"), None),
    Overdracht: (("overgedragen_op", "bevestigd_op"), ("naar_organisatie_id",), "overgedragen_op"),
    Nazorgplan: (("startdatum", "afgerond_op"), ("uitkomst",), "startdatum"),
    Participatiemeting: (("datum",), ("trede", "moment"), "datum"),
    Inzet: (("startdatum",), ("kosten_werkelijk", "kosten_gepland", "instrument_id"), "startdatum"),
    Contactmoment: (("datum",), (), "datum"),
}


def _velden(model: type[models.Model]) -> tuple[str, ...]:
    datums, andere, _anker = GEVOLGD[model]
    return datums + andere


def _dag(waarde) -> date | None:
    if waarde is None or waarde is _ONBEKEND:
        return None
    if isinstance(waarde, datetime):
        return timezone.localdate(waarde) if timezone.is_aware(waarde) else waarde.date()
    return waarde if isinstance(waarde, date) else None


def _onthouden(sender, instance, **kwargs) -> None:
    instance._kpi_oud = {f: instance.__dict__.get(f, _ONBEKEND) for f in _velden(sender)}


def _terug_tot(sender, instance, nieuw_of_weg: bool) -> date | None:
    """The earliest day a save or delete of ``instance`` changes in the figures."""
    datums, andere, anker = GEVOLGD[sender]
    oud = getattr(instance, "_kpi_oud", {})
    dagen: list[date | None] = []
    for veld in datums + andere:
        nu, toen = instance.__dict__.get(veld, _ONBEKEND), oud.get(veld, _ONBEKEND)
        if not nieuw_of_weg and nu == toen:
            continue
        if veld in datums:
            dagen += [_dag(nu), _dag(toen)]
        elif anker is not None:
            dagen += [_dag(instance.__dict__.get(anker)), _dag(oud.get(anker))]
        elif not nieuw_of_weg:
            dagen.append(_vervolg_sinds(instance))
    bekend = [d for d in dagen if d is not None]
    return min(bekend) if bekend else None


def _vervolg_sinds(vervolg) -> date | None:
    """A corrected route or sector reaches back to the day the vervolgtraject was agreed."""
    from rapportage.kpi import Fase

    op = (
        Faseovergang.objects.filter(traject_id=vervolg.traject_id, naar_fase=Fase.VERVOLGTRAJECT)
        .order_by("op")
        .values_list("op", flat=True)
        .first()
    )
    return _dag(op)


def _pilots(sender, instance):
    if sender is Aanmelding:
        return Pilot.objects.filter(gemeente_id=instance.gemeente_id)
    if sender is Traject:
        return Pilot.objects.filter(pk=instance.pilot_id)
    return Pilot.objects.filter(trajecten__id=instance.traject_id)


def _gewijzigd(sender, instance, nieuw_of_weg: bool, raw: bool = False) -> None:
    if raw:
        return
    dag = _terug_tot(sender, instance, nieuw_of_weg)
    instance._kpi_oud = {f: instance.__dict__.get(f, _ONBEKEND) for f in _velden(sender)}
    if dag is None or dag >= timezone.localdate():
        return  # only today, which is computed live anyway
    vervallen(_pilots(sender, instance), dag, f"{sender._meta.verbose_name} gewijzigd")


def vervallen(pilots, dag: date, reden: str) -> int:
    """Remove the stored blocks from ``dag`` on for ``pilots``; log it when that reached into a
    closed month (the days of the current month are routine: a contact of yesterday recorded
    today)."""
    weg = Maandcijfers.objects.filter(pilot__in=pilots, tot__gte=dag)
    betrokken = list(Pilot.objects.filter(pk__in=weg.values("pilot_id")))
    if not betrokken:
        return 0
    aantal, _ = Maandcijfers.objects.filter(pilot__in=betrokken, tot__gte=dag).delete()
    if dag >= timezone.localdate().replace(day=1):
        return aantal
    for pilot in betrokken:
        audit_log(
            actie=Actie.VERWIJDEREN,
            doel=Doel.VERANTWOORDING,
            object=pilot,
            omschrijving=(
                f"Opgeslagen cijfers vanaf {dag:%d-%m-%Y} vervallen: {reden} met terugwerkende "
                "kracht; ze worden opnieuw berekend."
            ),
        )
    return aantal


def aansluiten() -> None:
    for model in GEVOLGD:
        uid = f"maandcijfers-{model._meta.label}"
        signals.post_init.connect(_onthouden, sender=model, dispatch_uid=uid + "-init")
        signals.post_save.connect(
            lambda sender, instance, created, raw=False, **kw: _gewijzigd(
                sender, instance, created, raw
            ),
            sender=model,
            weak=False,
            dispatch_uid=uid + "-save",
        )
        signals.post_delete.connect(
            lambda sender, instance, **kw: _gewijzigd(sender, instance, True),
            sender=model,
            weak=False,
            dispatch_uid=uid + "-delete",
        )

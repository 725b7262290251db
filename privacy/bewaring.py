"""Retention (AVG art. 5(1)(e)): a resident's file is kept for a term after the traject ended,
set per outcome by the functioneel beheerder; after that the file is anonymised.

Anonymising keeps what the reports count (dates, fase, route, gebiedsteam, doelgroep,
woonplaats, outcome, instruments and their costs) and wipes what identifies the person: names,
BSN, address, contact details, the birth date (the year stays, stored as 1 January) and every
free text. Nothing is deleted, so the figures of past report periods stay the same.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import cast

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import (
    Case,
    CharField,
    DateTimeField,
    Exists,
    OuterRef,
    Q,
    Value,
    When,
)
from django.db.models.functions import Cast, Coalesce, Concat, TruncYear
from django.utils import timezone

from werkcoach.audit import Actie, Doel, audit_log, audit_log_per_inwoner
from werkcoach.models import Bewaarrun, Bewaartermijn
from werkcoach.werkdagen import plus_maanden

WEGGEHAALD = "[verwijderd na bewaartermijn]"

# The free-text fields of the resident's file that are wiped, and with what. A test checks that
# every free-text field of a model linked to the resident is here or in ``BEWAARD``.
GEWIST: dict[str, dict[str, str]] = {
    "cases.Aanmelding": {
        "signaal": WEGGEHAALD,
        "wens": "",
        "contact_moment_voorkeur": "",
        "status_reden": "",
        "toestemming_omvang": "",
    },
    "trajecten.Traject": {"einde_toelichting": ""},
    "trajecten.Faseovergang": {"toelichting": ""},
    "trajecten.Contactmoment": {"verslag": WEGGEHAALD, "met_wie": ""},
    "trajecten.Inzet": {"toelichting": ""},
    "trajecten.Vervolgtraject": {"toelichting": "", "werkgever": "", "organisatie_naam": ""},
    # The recipient's name says who was handed the resident's file.
    "trajecten.Overdracht": {"toelichting": "", "naar_naam": ""},
    "trajecten.Nazorgplan": {"afspraken": "", "reden_eerder_afgerond": ""},
    "trajecten.Participatiemeting": {"toelichting": ""},
}
# Free text that stays, and why (the person data of ``Inwoner`` itself is wiped separately).
BEWAARD: dict[str, dict[str, str]] = {
    "trajecten.Vervolgtraject": {
        "opleiding": "name of a course (e.g. 'MBO-2 Helpende zorg'): counted in the route report",
    },
    "cases.Notificatie": {"sleutel": "technical key of a sent e-mail"},
}


def uitkomsten() -> list[tuple[str, str]]:
    """Every outcome a term can be set for: each reason a traject ends, and a referral that
    never became a traject (declined, unreachable, consent withdrawn)."""
    from trajecten.models import EindeReden

    return [
        *EindeReden.choices,
        (Bewaartermijn.ZONDER_TRAJECT, "Aanmelding zonder traject (afgewezen, niet bereikbaar)"),
    ]


def termijnen() -> dict[str, int]:
    standaard = settings.WERKCOACH_BEWAARTERMIJN_STANDAARD_MAANDEN
    ingesteld = dict(Bewaartermijn.objects.values_list("uitkomst", "maanden"))
    return {uitkomst: ingesteld.get(uitkomst, standaard) for uitkomst, _ in uitkomsten()}


@transaction.atomic
def bewaartermijnen_opslaan(*, door, termijnen: dict[str, int], request=None) -> None:
    geldig = {u for u, _ in uitkomsten()}
    fouten = {}
    for uitkomst, maanden in termijnen.items():
        if uitkomst not in geldig:
            fouten[uitkomst] = "Onbekende uitkomst."
        elif not isinstance(maanden, int) or not 1 <= maanden <= 240:
            fouten[uitkomst] = "Kies een termijn van 1 tot en met 240 maanden."
    if fouten:
        raise ValidationError(fouten)
    gewijzigd = []
    for uitkomst, maanden in termijnen.items():
        obj, nieuw = Bewaartermijn.objects.get_or_create(
            uitkomst=uitkomst, defaults={"maanden": maanden}
        )
        if nieuw or obj.maanden != maanden:
            if not nieuw:
                obj.maanden = maanden
                obj.save(update_fields=["maanden", "gewijzigd_op"])
            gewijzigd.append(f"{uitkomst}={maanden}")
    if gewijzigd:
        audit_log(
            actie=Actie.WIJZIGEN,
            doel=Doel.BEHEER,
            request=request,
            actor=door,
            omschrijving=("Bewaartermijnen (maanden): " + ", ".join(gewijzigd))[:500],
        )


@dataclass
class Verlopen:
    inwoner_id: int
    uitkomst: str


@dataclass
class Resultaat:
    run: Bewaarrun
    per_uitkomst: dict[str, int] = field(default_factory=dict)


# Residents anonymised per transaction: each batch is a handful of bulk UPDATEs.
BATCH = 500
# A term's bound in SQL is this much later than ``peildatum - term``: a month that has no such
# day ends earlier (31 January plus one month is 28 February), so a few more files are read,
# and the exact rule (``plus_maanden``) decides on them in Python.
_MARGE = timedelta(days=4)


def _kandidaten(peildatum: datetime, termijn: dict[str, int]) -> list[int]:
    """In one query: residents not anonymised, with nothing open, with at least one referral
    or traject, each of whose ends lies before its (generous) bound."""
    from cases.models import Aanmelding, Inwoner
    from trajecten.models import Traject

    def grens(uitkomst: str) -> datetime:
        return cast(datetime, plus_maanden(peildatum, -termijn[uitkomst])) + _MARGE

    standaard = cast(
        datetime, plus_maanden(peildatum, -settings.WERKCOACH_BEWAARTERMIJN_STANDAARD_MAANDEN)
    )
    traject_grens = Case(
        *(When(einde_reden=u, then=Value(grens(u))) for u in termijn),
        default=Value(standaard + _MARGE),
        output_field=DateTimeField(),
    )
    trajecten = Traject.objects.filter(inwoner=OuterRef("pk"))
    aanmeldingen = Aanmelding.objects.filter(inwoner=OuterRef("pk"))
    zonder_traject = aanmeldingen.filter(traject__isnull=True).annotate(
        einde=Coalesce("toestemming_ingetrokken_op", "behandeld_op")
    )
    return list(
        Inwoner.objects.filter(geanonimiseerd_op__isnull=True)
        # Every traject comes from a referral: "has a referral" is "has anything to end".
        .filter(Exists(aanmeldingen))
        .exclude(Exists(trajecten.filter(beeindigd_op__isnull=True)))
        .exclude(Exists(aanmeldingen.filter(status=Aanmelding.Status.NIEUW)))
        .exclude(Exists(trajecten.filter(beeindigd_op__gt=traject_grens)))
        .exclude(
            Exists(
                zonder_traject.filter(
                    Q(einde__isnull=True) | Q(einde__gt=grens(Bewaartermijn.ZONDER_TRAJECT))
                )
            )
        )
        .order_by("pk")
        .values_list("pk", flat=True)
    )


def _einden(ids: list[int]) -> dict[int, list[tuple[datetime | None, str]]]:
    """Every end of these residents' trajecten and of their referrals without one (two queries,
    values only)."""
    from cases.models import Aanmelding
    from trajecten.models import Traject

    einden: dict[int, list[tuple[datetime | None, str]]] = {i: [] for i in ids}
    for inwoner_id, einde, reden in Traject.objects.filter(inwoner_id__in=ids).values_list(
        "inwoner_id", "beeindigd_op", "einde_reden"
    ):
        einden[inwoner_id].append((einde, reden))
    for inwoner_id, ingetrokken, behandeld in Aanmelding.objects.filter(
        inwoner_id__in=ids, traject__isnull=True
    ).values_list("inwoner_id", "toestemming_ingetrokken_op", "behandeld_op"):
        einden[inwoner_id].append((ingetrokken or behandeld, Bewaartermijn.ZONDER_TRAJECT))
    return einden


def verlopen_dossiers(peildatum: datetime) -> list[Verlopen]:
    """Residents whose every referral and traject is finished and past its term.

    SQL selects the candidates (nothing open, every end before a bound a few days generous);
    the exact rule runs on those alone, in batches, so the residents whose file is kept are
    never loaded."""
    termijn = termijnen()
    kandidaten = _kandidaten(peildatum, termijn)
    verlopen = []
    for begin in range(0, len(kandidaten), BATCH):
        for inwoner_id, einden in _einden(kandidaten[begin : begin + BATCH]).items():
            afgelopen = [(e, u) for e, u in einden if e is not None]
            if not einden or len(afgelopen) < len(einden):
                continue  # nothing ended, or something still runs
            if all(plus_maanden(e, termijn.get(u, 0)) <= peildatum for e, u in afgelopen):
                laatste = max(afgelopen)
                verlopen.append(Verlopen(inwoner_id=inwoner_id, uitkomst=laatste[1]))
    return verlopen


def _gewist_per_model() -> dict[str, tuple[type[models.Model], str]]:
    """Each model with free text to wipe, and its path to the resident."""
    from cases.models import Aanmelding
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

    binnen = "traject__inwoner_id__in"
    return {
        "cases.Aanmelding": (Aanmelding, "inwoner_id__in"),
        "trajecten.Traject": (Traject, "inwoner_id__in"),
        "trajecten.Faseovergang": (Faseovergang, binnen),
        "trajecten.Contactmoment": (Contactmoment, binnen),
        "trajecten.Inzet": (Inzet, binnen),
        "trajecten.Vervolgtraject": (Vervolgtraject, binnen),
        "trajecten.Overdracht": (Overdracht, binnen),
        "trajecten.Nazorgplan": (Nazorgplan, binnen),
        "trajecten.Participatiemeting": (Participatiemeting, binnen),
    }


@transaction.atomic
def inwoners_anonimiseren(*, redenen: dict[int, str], op: datetime) -> list[int]:
    """Wipe what identifies these residents (id -> the outcome that ended the file); keep what
    the reports count. One bulk UPDATE per table and one INSERT of log rows, whatever the
    number. Idempotent: a resident anonymised before (or by a second worker, whose lock this
    waits for) is skipped. Returns the ids anonymised now."""
    from cases.models import Inwoner

    ids = list(
        Inwoner.objects.select_for_update()
        .filter(pk__in=list(redenen), geanonimiseerd_op__isnull=True)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    if not ids:
        return []
    Inwoner.objects.filter(pk__in=ids).update(
        voornaam="",
        tussenvoegsel="",
        achternaam=Concat(Value("Geanonimiseerd "), Cast("pk", output_field=CharField())),
        geboortedatum=TruncYear("geboortedatum"),  # the year stays, as 1 January
        bsn="",
        straat="",
        huisnummer="",
        postcode="",
        telefoon="",
        email="",
        geanonimiseerd_op=op,
    )
    for label, (model, pad) in _gewist_per_model().items():
        model._default_manager.filter(**{pad: ids}).update(**GEWIST[label])
    audit_log_per_inwoner(
        actie=Actie.ANONIMISEREN,
        doel=Doel.BEWARING,
        object_type=Inwoner._meta.label,
        omschrijvingen={
            i: f"Bewaartermijn verstreken ({redenen[i]}); dossier geanonimiseerd." for i in ids
        },
    )
    return ids


def inwoner_anonimiseren(*, inwoner_id: int, op: datetime, reden: str = "") -> bool:
    """One resident's file (see ``inwoners_anonimiseren``)."""
    return bool(inwoners_anonimiseren(redenen={inwoner_id: reden}, op=op))


def bewaartermijnen_toepassen(*, peildatum: datetime | None = None) -> Resultaat:
    """Anonymise every file past its term, in batches of ``BATCH`` residents (each its own
    transaction), and record what was done in a ``Bewaarrun``."""
    peildatum = peildatum or timezone.now()
    verlopen = verlopen_dossiers(peildatum)
    per_uitkomst: dict[str, int] = {}
    for begin in range(0, len(verlopen), BATCH):
        redenen = {v.inwoner_id: v.uitkomst for v in verlopen[begin : begin + BATCH]}
        for inwoner_id in inwoners_anonimiseren(redenen=redenen, op=peildatum):
            per_uitkomst[redenen[inwoner_id]] = per_uitkomst.get(redenen[inwoner_id], 0) + 1
    run = Bewaarrun.objects.create(
        peildatum=peildatum,
        geanonimiseerd=sum(per_uitkomst.values()),
        details={"per_uitkomst": per_uitkomst},
    )
    return Resultaat(run=run, per_uitkomst=per_uitkomst)

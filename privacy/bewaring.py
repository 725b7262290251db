"""Retention (AVG art. 5(1)(e)): a resident's file is kept for a term after the traject ended,
set per outcome by the functioneel beheerder; after that the file is anonymised.

Anonymising keeps what the reports count (dates, fase, route, gebiedsteam, doelgroep,
woonplaats, outcome, instruments and their costs) and wipes what identifies the person: names,
BSN, address, contact details, the birth date (the year stays, stored as 1 January) and every
free text. Nothing is deleted, so the figures of past report periods stay the same.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from werkcoach.audit import Actie, Doel, audit_log
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


def verlopen_dossiers(peildatum: datetime) -> list[Verlopen]:
    """Residents whose every referral and traject is finished and past its term."""
    from cases.models import Aanmelding, Inwoner
    from trajecten.models import Traject

    termijn = termijnen()
    kandidaten = (
        Inwoner.objects.filter(geanonimiseerd_op__isnull=True)
        .exclude(pk__in=Traject.objects.open().values("inwoner_id"))
        .exclude(pk__in=Aanmelding.objects.open().values("inwoner_id"))
        .prefetch_related("trajecten", "aanmeldingen__traject")
    )
    verlopen = []
    for inwoner in kandidaten:
        einden: list[tuple[datetime | None, str]] = [
            (t.beeindigd_op, t.einde_reden) for t in inwoner.trajecten.all()
        ]
        for a in inwoner.aanmeldingen.all():
            if not hasattr(a, "traject"):
                einde = a.toestemming_ingetrokken_op or a.behandeld_op
                einden.append((einde, Bewaartermijn.ZONDER_TRAJECT))
        afgelopen = [(e, u) for e, u in einden if e is not None]
        if not einden or len(afgelopen) < len(einden):
            continue  # nothing ended, or something still runs
        if all(plus_maanden(e, termijn[u]) <= peildatum for e, u in afgelopen):
            laatste = max(afgelopen)
            verlopen.append(Verlopen(inwoner_id=inwoner.pk, uitkomst=laatste[1]))
    return verlopen


@transaction.atomic
def inwoner_anonimiseren(*, inwoner_id: int, op: datetime, reden: str = "") -> bool:
    """Wipe what identifies the resident; keep what the reports count. Idempotent."""
    from cases.models import Aanmelding, Inwoner
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

    inwoner = Inwoner.objects.select_for_update().filter(pk=inwoner_id).first()
    if inwoner is None or inwoner.geanonimiseerd_op is not None:
        return False
    geboren = date(inwoner.geboortedatum.year, 1, 1) if inwoner.geboortedatum else None
    Inwoner.objects.filter(pk=inwoner_id).update(
        voornaam="",
        tussenvoegsel="",
        achternaam=f"Geanonimiseerd {inwoner_id}",
        geboortedatum=geboren,
        bsn="",
        straat="",
        huisnummer="",
        postcode="",
        telefoon="",
        email="",
        geanonimiseerd_op=op,
    )
    binnen = Q(traject__inwoner_id=inwoner_id)
    modellen = {
        "cases.Aanmelding": (Aanmelding, Q(inwoner_id=inwoner_id)),
        "trajecten.Traject": (Traject, Q(inwoner_id=inwoner_id)),
        "trajecten.Faseovergang": (Faseovergang, binnen),
        "trajecten.Contactmoment": (Contactmoment, binnen),
        "trajecten.Inzet": (Inzet, binnen),
        "trajecten.Vervolgtraject": (Vervolgtraject, binnen),
        "trajecten.Overdracht": (Overdracht, binnen),
        "trajecten.Nazorgplan": (Nazorgplan, binnen),
        "trajecten.Participatiemeting": (Participatiemeting, binnen),
    }
    for label, (model, filter_q) in modellen.items():
        model._default_manager.filter(filter_q).update(**GEWIST[label])
    audit_log(
        actie=Actie.ANONIMISEREN,
        doel=Doel.BEWARING,
        inwoner_id=inwoner_id,
        object=inwoner,
        omschrijving=f"Bewaartermijn verstreken ({reden}); dossier geanonimiseerd.",
    )
    return True


def bewaartermijnen_toepassen(*, peildatum: datetime | None = None) -> Resultaat:
    """Anonymise every file past its term and record what was done in a ``Bewaarrun``."""
    peildatum = peildatum or timezone.now()
    per_uitkomst: dict[str, int] = {}
    for item in verlopen_dossiers(peildatum):
        if inwoner_anonimiseren(inwoner_id=item.inwoner_id, op=peildatum, reden=item.uitkomst):
            per_uitkomst[item.uitkomst] = per_uitkomst.get(item.uitkomst, 0) + 1
    run = Bewaarrun.objects.create(
        peildatum=peildatum,
        geanonimiseerd=sum(per_uitkomst.values()),
        details={"per_uitkomst": per_uitkomst},
    )
    return Resultaat(run=run, per_uitkomst=per_uitkomst)

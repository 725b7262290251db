"""Nazorg: the plan with its contact dates, reminders, and closing the traject."""

import logging
from datetime import date, datetime, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from trajecten.models import (
    EindeReden,
    Fase,
    Nazorgcontact,
    Nazorgplan,
    Traject,
)
from trajecten.services._basis import _vergrendel
from trajecten.services.meldingen import _link, _mail
from trajecten.services.stappen import _verplaats, traject_beeindigen
from werkcoach.audit import Doel, logt_wijziging
from werkcoach.errors import NietToegestaneOvergang
from werkcoach.models import Gebruiker
from werkcoach.werkdagen import plus_maanden

logger = logging.getLogger(__name__)


def _nazorg_data(startdatum: date, duur_maanden: int, frequentie: str) -> list[date]:
    stap = timedelta(days=Nazorgplan.FREQUENTIE_DAGEN[frequentie])
    eind = plus_maanden(startdatum, duur_maanden)
    data, dag = [], startdatum + stap
    while dag <= eind:
        data.append(dag)
        dag += stap
    return data


@transaction.atomic
@logt_wijziging(doel=Doel.BEGELEIDING, omschrijving="nazorgplan", object_uit="traject")
def nazorgplan_create(
    *,
    traject: Traject,
    door: Gebruiker,
    startdatum: date,
    frequentie: str,
    duur_maanden: int | None = None,
    afspraken: str = "",
    versie: int | None = None,
    op: datetime | None = None,
) -> Nazorgplan:
    """Agree nazorg with the resident, generate the contact dates, move to step nazorg."""
    traject = _vergrendel(traject, versie)
    if traject.fase != Fase.OVERDRACHT:
        raise NietToegestaneOvergang("Nazorg volgt op de overdracht.")
    duur = duur_maanden or traject.pilot.nazorg_maanden
    plan = Nazorgplan(
        traject=traject,
        startdatum=startdatum,
        duur_maanden=duur,
        frequentie=frequentie,
        afspraken=afspraken.strip(),
    )
    plan.full_clean(exclude=["traject"])
    plan.save()
    Nazorgcontact.objects.bulk_create(
        Nazorgcontact(plan=plan, gepland_op=dag)
        for dag in _nazorg_data(startdatum, duur, frequentie)
    )
    _verplaats(traject, naar=Fase.NAZORG, door=door, op=op or timezone.now())
    traject.save()
    return plan


def _waarom_eerder(plan: Nazorgplan, dag: date) -> str:
    """Why closing the nazorg on ``dag`` is early ("" when it is not): before the agreed end,
    or with agreed contacts not held."""
    contacten = list(plan.contacten.values_list("contactmoment", flat=True))
    open_contacten = sum(1 for c in contacten if c is None)
    delen = []
    if dag < plan.einddatum:
        delen.append(f"de nazorg loopt tot {plan.einddatum:%d-%m-%Y}")
    if open_contacten:
        delen.append(
            f"{open_contacten} van de {len(contacten)} afgesproken contacten "
            f"{'is' if open_contacten == 1 else 'zijn'} nog niet gehouden"
        )
    return " en ".join(delen)


def _eerder_afronden_toegestaan(waarom: str, reden: str, bevestigd: bool) -> None:
    fouten = {}
    if not reden.strip():
        fouten["reden_eerder"] = (
            f"U rondt de nazorg eerder af dan afgesproken: {waarom}. "
            "Geef de reden om nu af te ronden."
        )
    if not bevestigd:
        fouten["bevestigd"] = (
            "Bevestig dat u de nazorg nu wilt afronden en het traject wilt sluiten: vink "
            "‘Ja, nu afronden’ aan."
        )
    if fouten:
        raise ValidationError(fouten)


@transaction.atomic
@logt_wijziging(doel=Doel.BEGELEIDING, omschrijving="nazorg_afronden", object_uit="traject")
def nazorg_afronden(
    *,
    traject: Traject,
    door: Gebruiker,
    uitkomst: str,
    versie: int | None = None,
    op: datetime | None = None,
    toelichting: str = "",
    reden_eerder: str = "",
    bevestigd: bool = False,
) -> Traject:
    """Record the outcome of nazorg and close the traject. Closing before the agreed end, or
    with agreed contacts not held, needs a reason (``reden_eerder``, kept on the plan) and an
    explicit confirmation (``bevestigd``): nazorg is not closed silently on its first day."""
    if uitkomst not in Nazorgplan.Uitkomst.values:
        raise ValidationError({"uitkomst": "Kies de uitkomst van de nazorg."})
    op = op or timezone.now()
    # Lock the traject first, as every other service does, then the plan: one lock order.
    traject = _vergrendel(traject, versie)
    if traject.fase != Fase.NAZORG:
        raise NietToegestaneOvergang("De nazorg kan alleen worden afgerond in de stap nazorg.")
    plan = Nazorgplan.objects.select_for_update().filter(traject=traject).first()
    if plan is None:
        raise NietToegestaneOvergang("Leg eerst het nazorgplan vast.")
    dag = timezone.localdate(op)
    if waarom := _waarom_eerder(plan, dag):
        _eerder_afronden_toegestaan(waarom, reden_eerder, bevestigd)
        plan.reden_eerder_afgerond = reden_eerder.strip()
    plan.uitkomst = uitkomst
    plan.afgerond_op = dag
    plan.save()
    return traject_beeindigen(
        traject=traject,
        door=door,
        reden=EindeReden.NAZORG_AFGEROND,
        toelichting=toelichting,
        versie=versie,
        op=op,
        bevestigd=True,  # confirmed above where it was early; closing on time is the plan
    )


def nazorg_herinneringen_versturen(*, vandaag: date | None = None) -> int:
    """Remind each werkcoach of the nazorg contacts due today or earlier that are not logged;
    each planned contact is reminded once. Per werkcoach the contacts are locked, the mail is
    sent and the contacts are marked (one UPDATE) in one transaction: when the mail server
    fails nothing is marked and the next run retries. Returns the number of contacts reminded."""
    from django.urls import reverse

    vandaag = vandaag or timezone.localdate()
    te_doen = Nazorgcontact.objects.filter(
        gepland_op__lte=vandaag,
        herinnering_verstuurd_op__isnull=True,
        contactmoment__isnull=True,
        plan__traject__fase=Fase.NAZORG,
    )
    werkcoaches = sorted(
        set(te_doen.values_list("plan__traject__werkcoach_id", flat=True).distinct())
    )
    herinnerd = 0
    for werkcoach_id in werkcoaches:
        try:
            with transaction.atomic():
                # A second worker running the same beat skips the rows this one holds.
                rijen = list(
                    te_doen.filter(plan__traject__werkcoach_id=werkcoach_id)
                    .select_for_update(skip_locked=True, of=("self",))
                    .values_list("pk", "plan__traject_id", "plan__traject__werkcoach__email")
                )
                if not rijen:
                    continue
                email = rijen[0][2]
                if email:
                    urls = [
                        _link(reverse("trajecten:dossier", kwargs={"pk": t}))
                        for t in sorted({t for _, t, _ in rijen})
                    ]
                    _mail("nazorg_herinnering", email, aantal=len(rijen), urls=urls)
                herinnerd += Nazorgcontact.objects.filter(
                    pk__in=[pk for pk, _, _ in rijen], herinnering_verstuurd_op__isnull=True
                ).update(herinnering_verstuurd_op=timezone.now())
        except Exception:
            logger.exception("Nazorgherinnering voor werkcoach %s niet verstuurd", werkcoach_id)
    return herinnerd

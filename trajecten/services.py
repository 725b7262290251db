"""Writes of the klantreis. The state machine lives here and nowhere else."""

import logging
from datetime import date, datetime, timedelta
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from cases.services import aanmelding_eerste_contact
from trajecten.klantreis import PER_FASE, TOEGESTANE_OVERGANGEN, stap
from trajecten.models import (
    Contactmoment,
    EindeReden,
    Fase,
    Faseovergang,
    Instrument,
    Inzet,
    Nazorgcontact,
    Nazorgplan,
    Overdracht,
    Participatiemeting,
    Route,
    Traject,
    Vervolgtraject,
)
from werkcoach.errors import GelijktijdigeWijziging, NietToegestaneOvergang
from werkcoach.models import Gebruiker, Organisatie
from werkcoach.werkdagen import feestdagen_per_gemeente, plus_maanden

logger = logging.getLogger(__name__)


def _vergrendel(traject: Traject, versie: int | None) -> Traject:
    """Lock the row; refuse when ``versie`` shows the caller read an older state."""
    actueel = Traject.objects.select_for_update().select_related("pilot").get(pk=traject.pk)
    if versie is not None and actueel.versie != versie:
        raise GelijktijdigeWijziging()
    return actueel


def _versie_ophogen(traject: Traject, versie: int) -> Traject:
    """Lock the traject, refuse a stale ``versie`` and count this change. Every action in the
    dossier goes through here, so a second tab or a double submit cannot repeat or overwrite it."""
    traject = _vergrendel(traject, versie)
    traject.versie += 1
    traject.save(update_fields=["versie", "gewijzigd_op"])
    return traject


def _na_commit_melden(overdracht_pk: int) -> None:
    from trajecten.tasks import overdracht_melden

    transaction.on_commit(lambda: overdracht_melden.delay(overdracht_pk))


def _controleer_voorwaarden(traject: Traject, naar: str) -> None:
    if naar in PER_FASE and (weigering := stap(naar).voorwaarde(traject)):
        raise NietToegestaneOvergang(weigering)


def _verplaats(
    traject: Traject, *, naar: str, door: Gebruiker, op: datetime, toelichting: str = ""
) -> Traject:
    if naar not in TOEGESTANE_OVERGANGEN[traject.fase]:
        raise NietToegestaneOvergang(
            f"Van {traject.get_fase_display()} naar {Fase(naar).label} is geen toegestane stap."
        )
    if op < traject.fase_sinds:
        raise ValidationError("Een stap kan niet eerder liggen dan de vorige stap.")
    Faseovergang.objects.create(
        traject=traject,
        van_fase=traject.fase,
        naar_fase=naar,
        op=op,
        door=door,
        toelichting=toelichting,
    )
    traject.fase = naar
    traject.fase_sinds = op
    traject.versie += 1
    return traject


@transaction.atomic
def traject_start(
    *, aanmelding, pilot, werkcoach: Gebruiker, op: datetime | None = None
) -> Traject:
    op = op or timezone.now()
    traject = Traject.objects.create(
        pilot=pilot,
        inwoner=aanmelding.inwoner,
        aanmelding=aanmelding,
        werkcoach=werkcoach,
        fase=Fase.GESPREK,
        fase_sinds=op,
        gestart_op=op,
    )
    Faseovergang.objects.create(
        traject=traject, van_fase="", naar_fase=Fase.GESPREK, op=op, door=werkcoach
    )
    return traject


@transaction.atomic
def gesprek_plannen(
    *,
    traject: Traject,
    door: Gebruiker,
    gepland_op: datetime,
    locatie: str,
    versie: int | None = None,
) -> Traject:
    traject = _vergrendel(traject, versie)
    if traject.fase != Fase.GESPREK:
        raise NietToegestaneOvergang("Het gesprek kan alleen worden gepland in de stap gesprek.")
    traject.gesprek_gepland_op = gepland_op
    traject.gesprek_locatie = locatie
    traject.versie += 1
    traject.save()
    return traject


@transaction.atomic
def gesprek_vastleggen(
    *,
    traject: Traject,
    door: Gebruiker,
    gehouden_op: datetime,
    verslag: str,
    versie: int | None = None,
) -> Traject:
    """Record that the free, no-obligation conversation was held (with a contactmoment)."""
    traject = _vergrendel(traject, versie)
    if traject.fase != Fase.GESPREK:
        raise NietToegestaneOvergang("Het gesprek hoort bij de eerste stap.")
    contactmoment_create(
        traject=traject,
        door=door,
        datum=gehouden_op,
        soort=Contactmoment.Soort.GESPREK,
        verslag=verslag,
        met_wie="Inwoner",
    )
    traject.gesprek_gehouden_op = gehouden_op
    traject.versie += 1
    traject.save()
    return traject


@transaction.atomic
def traject_advance(
    *,
    traject: Traject,
    naar: str,
    door: Gebruiker,
    versie: int | None = None,
    op: datetime | None = None,
    toelichting: str = "",
) -> Traject:
    """Move a traject one step forward; only the moves of ``TOEGESTANE_OVERGANGEN`` are allowed."""
    if naar == Fase.AFGESLOTEN:
        raise NietToegestaneOvergang("Beëindig een traject met een reden.")
    traject = _vergrendel(traject, versie)
    _controleer_voorwaarden(traject, naar)
    _verplaats(traject, naar=naar, door=door, op=op or timezone.now(), toelichting=toelichting)
    traject.save()
    return traject


@transaction.atomic
def traject_beeindigen(
    *,
    traject: Traject,
    door: Gebruiker,
    reden: str,
    toelichting: str = "",
    versie: int | None = None,
    op: datetime | None = None,
) -> Traject:
    """End a traject at any open step, with a reason."""
    if reden not in EindeReden.values:
        raise ValidationError({"reden": "Kies een reden waarom het traject eindigt."})
    if reden == EindeReden.ANDERS and not toelichting.strip():
        raise ValidationError({"toelichting": "Licht de reden 'anders' kort toe."})
    traject = _vergrendel(traject, versie)
    op = op or timezone.now()
    _verplaats(traject, naar=Fase.AFGESLOTEN, door=door, op=op, toelichting=toelichting)
    traject.beeindigd_op = op
    traject.einde_reden = reden
    traject.einde_toelichting = toelichting.strip()
    traject.save()
    return traject


@transaction.atomic
def vervolgtraject_vastleggen(
    *,
    traject: Traject,
    door: Gebruiker,
    route: str,
    afgesproken_op: date,
    versie: int | None = None,
    sector: str = "",
    nugger_ingeschreven_op: date | None = None,
    accountmanager: Gebruiker | None = None,
    onderwijsinstelling: Organisatie | None = None,
    opleiding: str = "",
    bbl: bool = False,
    werkgever: str = "",
    organisatie_naam: str = "",
    toelichting: str = "",
    op: datetime | None = None,
) -> Vervolgtraject:
    """Record the agreed route and move from oriëntatie to vervolgtraject."""
    traject = _vergrendel(traject, versie)
    if traject.fase != Fase.ORIENTATIE:
        raise NietToegestaneOvergang("Een vervolgtraject wordt afgesproken na de oriëntatie.")
    fouten = {}
    if route == Route.OPLEIDING and not (onderwijsinstelling or opleiding):
        fouten["onderwijsinstelling"] = "Kies de school of vul de opleiding in."
    if bbl and not werkgever.strip():
        fouten["werkgever"] = "Vul bij een BBL-traject de werkgever in."
    if route in (Route.VRIJWILLIGERSWERK, Route.ANDER_TRAJECT) and not organisatie_naam.strip():
        fouten["organisatie_naam"] = "Vul de organisatie of instantie in."
    if fouten:
        raise ValidationError(fouten)
    vervolg = Vervolgtraject(
        traject=traject,
        route=route,
        afgesproken_op=afgesproken_op,
        sector=sector,
        nugger_ingeschreven_op=nugger_ingeschreven_op if route == Route.WERK else None,
        accountmanager=accountmanager if route == Route.WERK else None,
        onderwijsinstelling=onderwijsinstelling if route == Route.OPLEIDING else None,
        opleiding=opleiding.strip(),
        bbl=bbl and route == Route.OPLEIDING,
        werkgever=werkgever.strip(),
        organisatie_naam=organisatie_naam.strip(),
        toelichting=toelichting.strip(),
    )
    vervolg.full_clean(exclude=["traject"])
    vervolg.save()
    _verplaats(traject, naar=Fase.VERVOLGTRAJECT, door=door, op=op or timezone.now())
    traject.save()
    return vervolg


@transaction.atomic
def overdracht_create(
    *,
    traject: Traject,
    door: Gebruiker,
    naar_organisatie: Organisatie,
    overgedragen_op: datetime,
    naar_persoon: Gebruiker | None = None,
    naar_naam: str = "",
    toelichting: str = "",
    versie: int | None = None,
) -> Overdracht:
    """Record a warm handover; the first one moves the traject to step overdracht."""
    traject = _vergrendel(traject, versie)
    if traject.fase not in (Fase.VERVOLGTRAJECT, Fase.OVERDRACHT):
        raise NietToegestaneOvergang("Een overdracht volgt op een afgesproken vervolgtraject.")
    if naar_persoon is not None and naar_persoon.organisatie_id != naar_organisatie.pk:
        raise ValidationError(
            {"naar_persoon": "Deze persoon werkt niet bij de gekozen organisatie."}
        )
    gemeente_id = traject.pilot.gemeente_id
    if not naar_organisatie.gemeenten.filter(pk=gemeente_id).exists():
        raise ValidationError(
            {"naar_organisatie": "Deze organisatie werkt niet in de gemeente van dit traject."}
        )
    if naar_persoon is not None and gemeente_id not in naar_persoon.gemeente_ids:
        raise ValidationError(
            {"naar_persoon": "Deze persoon werkt niet in de gemeente van dit traject."}
        )
    overdracht = Overdracht.objects.create(
        traject=traject,
        naar_organisatie=naar_organisatie,
        naar_persoon=naar_persoon,
        naar_naam=naar_naam.strip() or (str(naar_persoon) if naar_persoon else ""),
        overgedragen_op=overgedragen_op,
        toelichting=toelichting.strip(),
        vastgelegd_door=door,
    )
    _na_commit_melden(overdracht.pk)
    if traject.fase == Fase.VERVOLGTRAJECT:
        _verplaats(traject, naar=Fase.OVERDRACHT, door=door, op=overgedragen_op)
    else:
        traject.versie += 1
    traject.save()
    return overdracht


@transaction.atomic
def overdracht_bevestigen(
    *, overdracht: Overdracht, door: Gebruiker, op: datetime | None = None
) -> Overdracht:
    """The receiver confirms the handover; confirming twice keeps the first confirmation."""
    overdracht = Overdracht.objects.select_for_update().get(pk=overdracht.pk)
    if overdracht.bevestigd_op:
        return overdracht
    op = op or timezone.now()
    if op < overdracht.overgedragen_op:
        raise ValidationError("De bevestiging kan niet vóór de overdracht liggen.")
    overdracht.bevestigd_op = op
    overdracht.bevestigd_door = door
    overdracht.save(update_fields=["bevestigd_op", "bevestigd_door", "gewijzigd_op"])
    return overdracht


def _nazorg_data(startdatum: date, duur_maanden: int, frequentie: str) -> list[date]:
    stap = timedelta(days=Nazorgplan.FREQUENTIE_DAGEN[frequentie])
    eind = plus_maanden(startdatum, duur_maanden)
    data, dag = [], startdatum + stap
    while dag <= eind:
        data.append(dag)
        dag += stap
    return data


@transaction.atomic
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


@transaction.atomic
def nazorg_afronden(
    *,
    traject: Traject,
    door: Gebruiker,
    uitkomst: str,
    versie: int | None = None,
    op: datetime | None = None,
    toelichting: str = "",
) -> Traject:
    """Record the outcome of nazorg and close the traject."""
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
    plan.uitkomst = uitkomst
    plan.afgerond_op = timezone.localdate(op)
    plan.save()
    return traject_beeindigen(
        traject=traject,
        door=door,
        reden=EindeReden.NAZORG_AFGEROND,
        toelichting=toelichting,
        versie=versie,
        op=op,
    )


@transaction.atomic
def inzet_create(
    *,
    traject: Traject,
    door: Gebruiker,
    instrument: Instrument,
    status: str = Inzet.Status.GEPLAND,
    startdatum: date | None = None,
    einddatum: date | None = None,
    kosten_gepland: Decimal | None = None,
    kosten_werkelijk: Decimal | None = None,
    toelichting: str = "",
    versie: int | None = None,
) -> Inzet:
    if versie is not None:
        traject = _versie_ophogen(traject, versie)
    if not traject.is_open:
        raise ValidationError("Dit traject is afgesloten.")
    if instrument.gemeente_id and instrument.gemeente_id != traject.pilot.gemeente_id:
        raise ValidationError(
            {"instrument": "Dit instrument is niet beschikbaar in deze gemeente."}
        )
    inzet = Inzet(
        traject=traject,
        instrument=instrument,
        status=status,
        startdatum=startdatum,
        einddatum=einddatum,
        kosten_gepland=kosten_gepland
        if kosten_gepland is not None
        else (instrument.kosten_indicatie or 0),
        kosten_werkelijk=kosten_werkelijk,
        toelichting=toelichting.strip(),
        vastgelegd_door=door,
    )
    inzet.full_clean(exclude=["traject", "instrument", "vastgelegd_door"])
    inzet.save()
    return inzet


@transaction.atomic
def inzet_update(*, inzet: Inzet, door: Gebruiker, versie: int | None = None, **velden) -> Inzet:
    toegestaan = {
        "status",
        "startdatum",
        "einddatum",
        "kosten_gepland",
        "kosten_werkelijk",
        "toelichting",
    }
    onbekend = set(velden) - toegestaan
    if onbekend:
        raise ValueError(f"Onbekende velden: {sorted(onbekend)}")
    if versie is not None:
        _versie_ophogen(inzet.traject, versie)
    inzet = Inzet.objects.select_for_update().get(pk=inzet.pk)
    for key, value in velden.items():
        setattr(inzet, key, value)
    inzet.full_clean(exclude=["traject", "instrument", "vastgelegd_door"])
    inzet.save()
    return inzet


@transaction.atomic
def participatiemeting_create(
    *,
    traject: Traject,
    door: Gebruiker,
    datum: date,
    trede: int,
    moment: str,
    toelichting: str = "",
    versie: int | None = None,
) -> Participatiemeting:
    if versie is not None:
        traject = _versie_ophogen(traject, versie)
    meting = Participatiemeting(
        traject=traject,
        datum=datum,
        trede=trede,
        moment=moment,
        toelichting=toelichting.strip(),
        vastgelegd_door=door,
    )
    meting.full_clean(exclude=["traject", "vastgelegd_door"])
    meting.save()
    return meting


@transaction.atomic
def instrument_opslaan(
    *,
    door: Gebruiker | None,
    instrument: Instrument | None = None,
    regionaal_laden: bool = False,
    **velden,
) -> Instrument:
    """Create or change an entry of the instrumentenwaaier; who changed it is kept. A user who
    is not a superuser keeps only entries of their own gemeenten: regional entries (no gemeente)
    are shared by every gemeente and are changed by a superuser. ``regionaal_laden`` is only for
    ``catalogus_laden`` (loading the project plan's annex from a command or the demo data)."""
    instrument = instrument or Instrument()
    if door is not None and not door.is_superuser and not regionaal_laden:
        eigen = door.gemeente_ids
        # The stored gemeente counts (a bound form may already have changed the instance).
        opgeslagen = Instrument.objects.filter(pk=instrument.pk).values_list("gemeente_id")
        if instrument.pk and opgeslagen.get()[0] not in eigen:
            raise ValidationError(
                "Dit instrument geldt voor de hele regio of een andere gemeente; "
                "alleen de applicatiebeheerder kan het wijzigen."
            )
        nieuwe = velden.get("gemeente", instrument.gemeente if instrument.pk else None)
        if nieuwe is None or nieuwe.pk not in eigen:
            raise ValidationError({"gemeente": "Kies een gemeente waarvoor u werkt."})
    for key, value in velden.items():
        setattr(instrument, key, value)
    instrument.gewijzigd_door = door
    instrument.full_clean()
    instrument.save()
    return instrument


@transaction.atomic
def catalogus_laden(*, door: Gebruiker | None = None) -> int:
    """Fill the instrumentenwaaier from the project plan's annex. Idempotent: returns the number
    of instruments added."""
    from trajecten.catalogus import AANBIEDERS, INSTRUMENTEN
    from trajecten.models import Aanbieder

    aanbieders = {}
    for naam, (organisatie_naam, email) in AANBIEDERS.items():
        organisatie = (
            Organisatie.objects.filter(naam=organisatie_naam).first() if organisatie_naam else None
        )
        aanbieders[naam], _ = Aanbieder.objects.get_or_create(
            naam=naam, defaults={"organisatie": organisatie, "email": email}
        )
    toegevoegd = 0
    for naam, aanbieder, categorie, sector, kosten, omschrijving, geschikt_voor in INSTRUMENTEN:
        if Instrument.objects.filter(naam=naam, aanbieder=aanbieders[aanbieder]).exists():
            continue
        instrument_opslaan(
            door=door,
            regionaal_laden=True,
            naam=naam,
            aanbieder=aanbieders[aanbieder],
            categorie=categorie,
            sector=sector,
            kosten_indicatie=kosten,
            omschrijving=omschrijving,
            geschikt_voor=geschikt_voor,
        )
        toegevoegd += 1
    return toegevoegd


@transaction.atomic
def contactmoment_create(
    *,
    traject: Traject,
    door: Gebruiker,
    datum: datetime,
    soort: str,
    verslag: str,
    met_wie: str = "",
    nazorgcontact: Nazorgcontact | None = None,
) -> Contactmoment:
    if not verslag.strip():
        raise ValidationError({"verslag": "Schrijf een kort verslag van het contact."})
    if datum > timezone.now() + timedelta(minutes=5):
        raise ValidationError({"datum": "Een contactmoment kan niet in de toekomst liggen."})
    contactmoment = Contactmoment(
        traject=traject,
        datum=datum,
        soort=soort,
        met_wie=met_wie.strip(),
        verslag=verslag.strip(),
        vastgelegd_door=door,
        nazorgcontact=nazorgcontact,
    )
    contactmoment.full_clean(exclude=["traject", "vastgelegd_door", "nazorgcontact"])
    contactmoment.save()
    aanmelding_eerste_contact(aanmelding=traject.aanmelding, op=datum)
    return contactmoment


@transaction.atomic
def contactmoment_vastleggen(
    *,
    traject: Traject,
    door: Gebruiker,
    versie: int,
    datum: datetime,
    soort: str,
    verslag: str,
    met_wie: str = "",
    nazorgcontact: Nazorgcontact | None = None,
):
    """Log a contactmoment from the dossier; optionally as one of the planned nazorg contacts."""
    traject = _versie_ophogen(traject, versie)
    if not traject.is_open:
        raise ValidationError("Dit traject is afgesloten; er kan geen contact meer bij.")
    if nazorgcontact is not None:
        if nazorgcontact.plan.traject_id != traject.pk:
            raise ValidationError({"nazorgcontact": "Dit nazorgcontact hoort bij een ander plan."})
        if Contactmoment.objects.filter(nazorgcontact=nazorgcontact).exists():
            raise ValidationError(
                {"nazorgcontact": "Voor dit geplande nazorgcontact is al een contact vastgelegd."}
            )
    return contactmoment_create(
        traject=traject,
        door=door,
        datum=datum,
        soort=soort,
        verslag=verslag,
        met_wie=met_wie,
        nazorgcontact=nazorgcontact,
    )


# --- Notifications (called by the Celery tasks in ``trajecten.tasks``) ---------------------------


def _link(pad: str) -> str:
    from django.conf import settings

    return settings.SITE_URL.rstrip("/") + pad


def _mail(sjabloon: str, ontvanger: str, **context) -> None:
    """Send ``templates/emails/<sjabloon>.txt`` with its ``_onderwerp.txt``; raises when the mail
    server refuses, so the caller's transaction (and its "sent" mark) is rolled back."""
    from django.core.mail import send_mail
    from django.template.loader import render_to_string

    onderwerp = render_to_string(f"emails/{sjabloon}_onderwerp.txt", context).strip()
    tekst = render_to_string(f"emails/{sjabloon}.txt", context)
    send_mail(onderwerp, tekst, None, [ontvanger])


def overdracht_melding_versturen(*, overdracht_pk: int) -> bool:
    """E-mail the receiver of a new handover once. The mail names no resident: the receiver
    logs in to read it. Sending and marking it sent are one transaction: a mail server failure
    leaves it unmarked for the next try. Returns whether a mail was sent."""
    from django.urls import reverse

    with transaction.atomic():
        overdracht = (
            # Lock only the handover row: PostgreSQL cannot lock the nullable side of a join.
            Overdracht.objects.select_for_update(of=("self",))
            .select_related("naar_persoon", "naar_organisatie")
            .get(pk=overdracht_pk)
        )
        if overdracht.melding_verstuurd_op or overdracht.bevestigd_op:
            return False
        ontvanger = (overdracht.naar_persoon and overdracht.naar_persoon.email) or (
            overdracht.naar_organisatie.email
        )
        if not ontvanger:
            return False
        _mail("overdracht_melding", ontvanger, url=_link(reverse("trajecten:overdrachten")))
        overdracht.melding_verstuurd_op = timezone.now()
        overdracht.save(update_fields=["melding_verstuurd_op"])
    return True


def overdracht_te_laat(overdracht: Overdracht, vandaag: date, feestdagen=()) -> bool:
    """Unconfirmed for more than the pilot's number of working days."""
    from werkcoach.werkdagen import werkdagen_tussen

    if overdracht.bevestigd_op:
        return False
    termijn = overdracht.traject.pilot.reactietijd_overdracht_bevestiging
    begin = timezone.localdate(overdracht.overgedragen_op)
    return werkdagen_tussen(begin, vandaag, feestdagen) > termijn


def overdracht_herinneringen_versturen(*, vandaag: date | None = None) -> int:
    """Remind the werkcoach of each handover that is still unconfirmed after the configured
    working days; once per handover. Each reminder is claimed, sent and marked in its own
    transaction: when the mail server fails, that handover stays unmarked and the next run
    retries it; the others are still sent. Returns the number of reminders sent."""
    from django.urls import reverse

    vandaag = vandaag or timezone.localdate()
    open_ = list(
        Overdracht.objects.filter(
            bevestigd_op__isnull=True,
            herinnering_verstuurd_op__isnull=True,
            traject__beeindigd_op__isnull=True,
        ).select_related("traject__pilot", "traject__werkcoach")
    )
    # Each handover is judged with the feestdagen of its own traject's gemeente (one query).
    feestdagen = feestdagen_per_gemeente({o.traject.pilot.gemeente_id for o in open_})
    verstuurd = 0
    for overdracht in open_:
        gemeente_id = overdracht.traject.pilot.gemeente_id
        if not overdracht_te_laat(overdracht, vandaag, feestdagen[gemeente_id]):
            continue
        try:
            with transaction.atomic():
                geclaimd = Overdracht.objects.filter(
                    pk=overdracht.pk, herinnering_verstuurd_op__isnull=True
                ).update(herinnering_verstuurd_op=timezone.now())
                if not geclaimd:
                    continue
                werkcoach = overdracht.traject.werkcoach
                if werkcoach.email:
                    pad = reverse("trajecten:dossier", kwargs={"pk": overdracht.traject_id})
                    _mail("overdracht_herinnering", werkcoach.email, url=_link(pad))
        except Exception:
            logger.exception("Herinnering overdracht %s niet verstuurd", overdracht.pk)
            continue
        verstuurd += 1
    return verstuurd


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

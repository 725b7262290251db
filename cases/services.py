"""Writes of inwoners, aanmeldingen and contactmomenten. Every entry point calls these."""

import uuid
from datetime import date, datetime, timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from cases.models import Aanmelding, Inwoner
from cases.selectors import inwoner_dubbelen
from werkcoach.audit import Actie, Doel, logt_wijziging
from werkcoach.errors import GelijktijdigeWijziging
from werkcoach.models import Gebiedsteam, Gebruiker, Rol
from werkcoach.templatetags.opmaak import duur
from werkcoach.validators import normaliseer_bsn, normaliseer_postcode

INWONER_VELDEN = (
    "voornaam",
    "tussenvoegsel",
    "achternaam",
    "geboortedatum",
    "bsn",
    "straat",
    "huisnummer",
    "postcode",
    "woonplaats",
    "telefoon",
    "email",
    "doelgroep",
    "uitkeringssituatie",
)


class DubbeleInwoner(ValidationError):
    """The resident seems to exist already in this gemeente."""

    def __init__(self, bestaande: list[Inwoner]):
        self.bestaande = bestaande
        super().__init__(
            "Deze inwoner lijkt al bekend te zijn in deze gemeente (zelfde BSN, of zelfde naam "
            "en geboortedatum). Kies de bestaande inwoner in plaats van een nieuwe aan te maken.",
            code="dubbele_inwoner",
        )


class TeVaakGecontroleerd(ValidationError):
    """The referrer ran the duplicate check too often in a short time."""

    def __init__(self, venster: timedelta):
        super().__init__(
            "U heeft in korte tijd erg veel aanmeldingen gecontroleerd. Om misbruik van "
            f"BSN-nummers te voorkomen kunt u over {duur(venster)} weer een aanmelding "
            "versturen. Er is niets opgeslagen.",
            code="te_vaak",
        )


def dubbelcontrole_tellen(*, gebruiker: Gebruiker) -> None:
    """Count one duplicate check of ``gebruiker`` (a fixed window in Django's cache); raise
    ``TeVaakGecontroleerd`` beyond ``WERKCOACH_DUBBELCONTROLE_LIMIET`` per window. Without
    a limit the check would tell, BSN after BSN, which residents the gemeente knows."""
    from django.conf import settings
    from django.core.cache import cache

    venster = settings.WERKCOACH_DUBBELCONTROLE_VENSTER
    sleutel = f"werkcoach:dubbelcontrole:{gebruiker.pk}"
    cache.add(sleutel, 0, timeout=venster)
    try:
        aantal = cache.incr(sleutel)
    except ValueError:  # expired between add and incr
        cache.set(sleutel, 1, timeout=venster)
        aantal = 1
    if aantal > settings.WERKCOACH_DUBBELCONTROLE_LIMIET:
        raise TeVaakGecontroleerd(timedelta(seconds=venster))


class AanmeldingAlBehandeld(ValidationError):
    def __init__(self, aanmelding: Aanmelding):
        super().__init__(
            f"Deze aanmelding is al {aanmelding.get_status_display().lower()} door "
            f"{aanmelding.behandeld_door or 'een collega'}. Er is niets gewijzigd.",
            code="al_behandeld",
        )


def _normaliseer_inwoner(gegevens: dict[str, Any]) -> dict[str, Any]:
    schoon = {k: v for k, v in gegevens.items() if k in INWONER_VELDEN}
    for key in ("voornaam", "tussenvoegsel", "achternaam", "straat", "huisnummer", "woonplaats"):
        if key in schoon and isinstance(schoon[key], str):
            schoon[key] = schoon[key].strip()
    if "bsn" in schoon:
        schoon["bsn"] = normaliseer_bsn(schoon["bsn"] or "")
    if "postcode" in schoon:
        schoon["postcode"] = normaliseer_postcode(schoon["postcode"] or "")
    return schoon


@transaction.atomic
def inwoner_create(
    *, gemeente_id: int, gegevens: dict[str, Any], controleer_dubbel: bool = True
) -> Inwoner:
    schoon = _normaliseer_inwoner(gegevens)
    if controleer_dubbel:
        bestaande = list(
            inwoner_dubbelen(
                gemeente=gemeente_id,
                bsn=schoon.get("bsn", ""),
                voornaam=schoon.get("voornaam", ""),
                achternaam=schoon.get("achternaam", ""),
                geboortedatum=schoon.get("geboortedatum"),
            )[:5]
        )
        if bestaande:
            raise DubbeleInwoner(bestaande)
    inwoner = Inwoner(gemeente_id=gemeente_id, **schoon)
    inwoner.full_clean()
    inwoner.save()
    return inwoner


@transaction.atomic
@logt_wijziging(doel=Doel.BEGELEIDING, omschrijving="persoon", object_uit="inwoner")
def inwoner_update(
    *, inwoner: Inwoner, versie: int, gegevens: dict[str, Any], door: Gebruiker | None = None
) -> Inwoner:
    """Update person data; refused when someone else saved after ``versie`` was read."""
    schoon = _normaliseer_inwoner(gegevens)
    bijgewerkt = Inwoner.objects.filter(pk=inwoner.pk, versie=versie).update(
        versie=F("versie") + 1, gewijzigd_op=timezone.now(), **schoon
    )
    if not bijgewerkt:
        raise GelijktijdigeWijziging()
    inwoner.refresh_from_db()
    return inwoner


def _mag_aanmelden(
    door: Gebruiker,
    gebiedsteam: Gebiedsteam,
    inwoner: Inwoner | None,
    *,
    toestemming_gegeven: bool,
    via_import: bool = False,
) -> None:
    """Consent first; then only for one's own gebiedsteam (an import of earlier registrations:
    by a werkcoach or projectleider of the team's gemeente), and a resident of its gemeente."""
    if not toestemming_gegeven:
        raise ValidationError(
            {
                "toestemming_gegeven": "Zonder toestemming van de inwoner kan er geen aanmelding "
                "worden gedaan. Vraag eerst of de inwoner het goed vindt dat de werkcoach contact "
                "opneemt en dat u de gegevens deelt."
            }
        )
    if via_import:
        if gebiedsteam.gemeente_id not in door.gemeente_ids or not door.heeft_rol(
            Rol.WERKCOACH, Rol.PROJECTLEIDER
        ):
            raise ValidationError({"gebiedsteam": "Dit gebiedsteam hoort niet bij uw gemeente."})
    elif gebiedsteam.pk not in door.gebiedsteam_ids and not door.is_superuser:
        raise ValidationError("U kunt alleen aanmelden voor uw eigen gebiedsteam.")
    if inwoner is not None and inwoner.gemeente_id != gebiedsteam.gemeente_id:
        raise ValidationError("Deze inwoner hoort bij een andere gemeente.")


@transaction.atomic
@logt_wijziging(doel=Doel.VERWIJZING, actie=Actie.AANMAKEN)
def aanmelding_create(
    *,
    door: Gebruiker,
    gebiedsteam: Gebiedsteam,
    signaal: str,
    toestemming_gegeven: bool,
    toestemming_datum: date,
    toestemming_wijze: str,
    toestemming_omvang: str = "",
    inwoner: Inwoner | None = None,
    inwoner_gegevens: dict[str, Any] | None = None,
    wens: str = "",
    contactvoorkeur: str = Aanmelding.Contactvoorkeur.TELEFOON,
    contact_moment_voorkeur: str = "",
    indieningssleutel: uuid.UUID | None = None,
    op: datetime | None = None,
    via_import: bool = False,
) -> Aanmelding:
    """Refer a resident. Without consent there is no referral. A repeated submit with the same
    ``indieningssleutel`` returns the first referral. ``via_import``: an earlier registration."""
    if indieningssleutel:
        bestaand = Aanmelding.objects.filter(indieningssleutel=indieningssleutel).first()
        if bestaand:
            return bestaand
    _mag_aanmelden(
        door, gebiedsteam, inwoner, toestemming_gegeven=toestemming_gegeven, via_import=via_import
    )
    try:
        with transaction.atomic():
            if inwoner is None:
                inwoner = inwoner_create(
                    gemeente_id=gebiedsteam.gemeente_id, gegevens=inwoner_gegevens or {}
                )
            aanmelding = Aanmelding(
                gemeente_id=gebiedsteam.gemeente_id,
                gebiedsteam=gebiedsteam,
                inwoner=inwoner,
                aangemeld_door=door,
                aangemeld_op=op or timezone.now(),
                signaal=signaal.strip(),
                wens=wens.strip(),
                contactvoorkeur=contactvoorkeur,
                contact_moment_voorkeur=contact_moment_voorkeur.strip(),
                toestemming_gegeven=True,
                toestemming_datum=toestemming_datum,
                toestemming_wijze=toestemming_wijze,
                toestemming_omvang=toestemming_omvang.strip()
                or Aanmelding._meta.get_field("toestemming_omvang").get_default(),
                indieningssleutel=indieningssleutel or uuid.uuid4(),
            )
            aanmelding.full_clean(exclude=["inwoner", "aangemeld_door", "gebiedsteam", "gemeente"])
            aanmelding.save()
    except IntegrityError:
        # A concurrent submit with the same key won the race: return its referral.
        if indieningssleutel:
            bestaand = Aanmelding.objects.filter(indieningssleutel=indieningssleutel).first()
            if bestaand:
                return bestaand
        raise
    return aanmelding


def aanmelding_ter_behandeling(aanmelding_pk: int) -> Aanmelding:
    """Lock a new referral for handling; ``AanmeldingAlBehandeld`` if someone was first."""
    aanmelding = Aanmelding.objects.select_for_update().get(pk=aanmelding_pk)
    if aanmelding.status != Aanmelding.Status.NIEUW:
        raise AanmeldingAlBehandeld(aanmelding)
    return aanmelding


@transaction.atomic
@logt_wijziging(doel=Doel.BEGELEIDING, omschrijving="Aanmelding afgewezen of onbereikbaar")
def aanmelding_afwijzen(
    *,
    aanmelding: Aanmelding,
    door: Gebruiker,
    status: str,
    reden: str,
    op: datetime | None = None,
) -> Aanmelding:
    """Decline a referral, or mark the resident unreachable, with a reason the referrer sees."""
    if status not in (Aanmelding.Status.AFGEWEZEN, Aanmelding.Status.ONBEREIKBAAR):
        raise ValidationError({"status": "Kies afwijzen of niet bereikbaar."})
    if not reden.strip():
        raise ValidationError({"reden": "Geef een reden op; de sociaal werker ziet deze."})
    aanmelding = aanmelding_ter_behandeling(aanmelding.pk)
    aanmelding.status = status
    aanmelding.status_reden = reden.strip()
    aanmelding.behandeld_door = door
    aanmelding.behandeld_op = op or timezone.now()
    aanmelding.save()
    return aanmelding


@transaction.atomic
@logt_wijziging(doel=Doel.BEGELEIDING, omschrijving="Eerste contact vastgelegd")
def aanmelding_eerste_contact(
    *, aanmelding: Aanmelding, op: datetime | None = None, door: Gebruiker | None = None
) -> Aanmelding:
    """Record the first contact with the resident (once; later calls keep the first time)."""
    Aanmelding.objects.filter(pk=aanmelding.pk, eerste_contact_op__isnull=True).update(
        eerste_contact_op=op or timezone.now()
    )
    aanmelding.refresh_from_db()
    return aanmelding


@transaction.atomic
@logt_wijziging(doel=Doel.VERWIJZING, omschrijving="Gegevens aangevuld bij een nieuwe aanmelding")
def inwoner_aanvullen(
    *, inwoner: Inwoner, gegevens: dict[str, Any], door: Gebruiker | None = None
) -> Inwoner:
    """Fill the empty fields of an existing resident with newly given data (a new referral of a
    known person); never overwrite what is already there."""
    schoon = _normaliseer_inwoner(gegevens)
    actueel = Inwoner.objects.select_for_update().get(pk=inwoner.pk)
    aanvulling = {
        k: v
        for k, v in schoon.items()
        if v not in ("", None)
        and getattr(actueel, k) in ("", None, "anders", "onbekend")
        and getattr(actueel, k) != v
    }
    if not aanvulling:
        return actueel
    return inwoner_update(inwoner=actueel, versie=actueel.versie, gegevens=aanvulling, door=door)

"""Reads of inwoners and aanmeldingen."""

from datetime import date

from django.db.models import CharField, F, Func, Q, QuerySet
from django.db.models.lookups import IContains

from cases.models import Aanmelding, Inwoner
from werkcoach.models import Gebruiker, Gemeente, Pilot, Rol

# The name fields a resident is searched by, in the order of the full name.
NAAMVELDEN = ("voornaam", "tussenvoegsel", "achternaam")


class Zoeknaam(Func):
    """A resident's names joined by spaces, as the name search reads them. The SQL is fixed
    (no parameters) because the trigram index ``cases_inwoner_zoeknaam_trgm`` (cases migration
    0007) is built on exactly this expression, in ``UPPER((...)::text)`` as ``icontains``
    wraps it on PostgreSQL; change both together."""

    template = "(%(expressions)s)"
    arg_joiner = " || ' ' || "
    output_field = CharField()

    def __init__(self, pad: str = ""):
        super().__init__(*(F(f"{pad}{veld}") for veld in NAAMVELDEN))


def zoek_inwoner_q(zoek: str, user: Gebruiker, pad: str = "") -> Q:
    """Residents matching every word of ``zoek`` in their full name (case-insensitive,
    anywhere in it); for a werkcoach a nine-digit word also matches the BSN exactly. ``pad``
    leads from the searched model to the resident ("inwoner__"). An empty search matches
    everyone. On PostgreSQL each word is one ``LIKE`` on the full name, which its trigram
    index answers (one bitmap per word instead of three)."""
    q = Q()
    werkcoach = user.heeft_rol(Rol.WERKCOACH)
    for deel in zoek.split():
        woord = Q(IContains(Zoeknaam(pad), deel))
        if werkcoach and deel.isdigit() and len(deel) == 9:
            woord |= Q(**{f"{pad}bsn": deel})
        q &= woord
    return q


def actieve_pilot(*, gemeente: Gemeente | int, dag: date) -> Pilot | None:
    gemeente_id = gemeente if isinstance(gemeente, int) else gemeente.pk
    return (
        Pilot.objects.filter(gemeente_id=gemeente_id, startdatum__lte=dag, einddatum__gte=dag)
        .order_by("-startdatum")
        .first()
    )


def inwoner_dubbelen(
    *,
    gemeente: Gemeente | int,
    bsn: str = "",
    voornaam: str = "",
    achternaam: str = "",
    geboortedatum: date | None = None,
) -> QuerySet[Inwoner]:
    """Residents of the gemeente that are probably this person: same BSN, or same name and birth
    date (case-insensitive)."""
    gemeente_id = gemeente if isinstance(gemeente, int) else gemeente.pk
    q = Q(pk__in=[])
    if bsn:
        q |= Q(bsn=bsn)
    if voornaam and achternaam and geboortedatum:
        q |= Q(
            voornaam__iexact=voornaam.strip(),
            achternaam__iexact=achternaam.strip(),
            geboortedatum=geboortedatum,
        )
    return Inwoner.objects.filter(q, gemeente_id=gemeente_id, geanonimiseerd_op__isnull=True)


def dubbelen_te_tonen(
    user,
    *,
    kandidaten: list[Inwoner],
    bsn: str = "",
    voornaam: str = "",
    achternaam: str = "",
    geboortedatum: date | None = None,
) -> list[Inwoner]:
    """Of the probable duplicates, those whose details the referrer may see (and refer again):
    residents already within the user's scope, or whose BSN, name and birth date all match what
    was typed. Anyone else stays hidden: a BSN alone must not reveal who it belongs to."""
    from werkcoach.validators import normaliseer_bsn

    if not kandidaten:
        return []
    eigen = set(
        Inwoner.objects.voor_gebruiker(user)
        .filter(pk__in=[i.pk for i in kandidaten])
        .values_list("pk", flat=True)
    )
    bsn = normaliseer_bsn(bsn or "")

    def volledig(i: Inwoner) -> bool:
        return bool(
            bsn
            and geboortedatum
            and i.bsn == bsn
            and i.voornaam.strip().lower() == voornaam.strip().lower()
            and i.achternaam.strip().lower() == achternaam.strip().lower()
            and i.geboortedatum == geboortedatum
        )

    return [i for i in kandidaten if i.pk in eigen or volledig(i)]


def aanmeldingen_voor_gebruiker(user) -> QuerySet[Aanmelding]:
    return Aanmelding.objects.voor_gebruiker(user).select_related(
        "inwoner", "gebiedsteam", "aangemeld_door"
    )


# --- What became of a referral: the feedback to the referrer -----------------------------------


# --- Response times (reactietijden) -------------------------------------------------------------


def actieve_pilots(gemeente_ids, dag: date) -> dict[int, Pilot]:
    """The running pilot per gemeente, in one query."""
    pilots: dict[int, Pilot] = {}
    for pilot in Pilot.objects.filter(
        gemeente_id__in=gemeente_ids, startdatum__lte=dag, einddatum__gte=dag
    ).order_by("startdatum"):
        pilots[pilot.gemeente_id] = pilot  # the latest start wins, as in actieve_pilot()
    return pilots

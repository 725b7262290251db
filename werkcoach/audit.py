"""The processing log (Logboek dataverwerkingen): who did what with which data, when, from where
and for which purpose. Append-only: see ``Logregel``.

Changes are logged by the services that make them (``@logt_wijziging``), so a view, the admin, a
task, an import and the demo leave the same trace; views log what they show (``audit_log``,
``audit_log_many``), as do report downloads, exports and logins. Never pass a BSN, password or
token in ``omschrijving``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from functools import wraps
from typing import Any, TypeVar

from django.db import models
from django.db.models import Subquery
from django.http import HttpRequest


class Actie(models.TextChoices):
    BEKIJKEN = "bekijken", "Bekeken"
    AANMAKEN = "aanmaken", "Aangemaakt"
    WIJZIGEN = "wijzigen", "Gewijzigd"
    VERWIJDEREN = "verwijderen", "Verwijderd"
    ANONIMISEREN = "anonimiseren", "Geanonimiseerd"
    EXPORTEREN = "exporteren", "Geëxporteerd"
    DOWNLOADEN = "downloaden", "Gedownload"
    INLOGGEN = "inloggen", "Ingelogd"
    INLOGGEN_MISLUKT = "inloggen_mislukt", "Inloggen mislukt"
    UITLOGGEN = "uitloggen", "Uitgelogd"
    RECHTEN = "rechten", "Rechten gewijzigd"
    # A referral matched a resident the referrer may not see: nothing shown, but recorded.
    DUBBELCONTROLE = "dubbelcontrole", "Dubbele inwoner gecontroleerd (niet getoond)"


class Resultaat(models.TextChoices):
    GELUKT = "gelukt", "Gelukt"
    GEWEIGERD = "geweigerd", "Geweigerd"
    MISLUKT = "mislukt", "Mislukt"


class Doel(models.TextChoices):
    """Processing purposes (verwerkingsdoelen) of the pilot."""

    VERWIJZING = "verwijzing", "Aanmelding en terugkoppeling aan de verwijzer"
    BEGELEIDING = "begeleiding", "Begeleiding naar werk of opleiding"
    OVERDRACHT = "overdracht", "Warme overdracht aan een partner"
    VERANTWOORDING = "verantwoording", "Monitoring en verantwoording (geaggregeerd)"
    BEHEER = "beheer", "Functioneel beheer"
    BEVEILIGING = "beveiliging", "Beveiliging en toegang"
    RECHTEN_BETROKKENE = "rechten_betrokkene", "Rechten van de betrokkene (AVG)"
    BEWARING = "bewaring", "Bewaartermijnen"
    IMPORT = "import", "Import van eerdere registraties"


def _herkomst(request: HttpRequest | None) -> tuple[str, str]:
    if request is None:
        # A service called while a request is handled logs that request's origin.
        from werkcoach.middleware import huidig_verzoek

        request = huidig_verzoek()
    if request is None:
        return "", ""
    ip = request.META.get("REMOTE_ADDR", "")
    agent = request.META.get("HTTP_USER_AGENT", "")[:300]
    return ip, agent


# The resident model, registered by its app (``cases``) when it is ready: the base knows no
# domain app, so it learns here where a resident's gemeente is read from.
_inwonermodel: type[models.Model] | None = None


def inwonermodel_registreren(model: type[models.Model]) -> None:
    global _inwonermodel
    _inwonermodel = model


def _gemeente(object: models.Model | None, inwoner_id: int | None) -> Any:  # noqa: A002
    """The gemeente a row is about, as a value or as a subquery inside its INSERT (so logging
    costs no extra query): the object's own gemeente (a resident, a referral, an instrument), the
    resident's, or the pilot's of a pilot's object (a report, a budget line). None for a row
    about no gemeente: a user and their rights, a login."""
    from werkcoach.models import Pilot

    if (
        object is not None
        and object._meta.model_name != "gebruiker"
        and hasattr(object, "gemeente_id")
    ):
        return object.gemeente_id
    if inwoner_id is not None and _inwonermodel is not None:
        inwoners = _inwonermodel._default_manager.filter(pk=inwoner_id)
        return Subquery(inwoners.values("gemeente_id")[:1])
    if isinstance(object, Pilot):
        return object.gemeente_id
    pilot_id = getattr(object, "pilot_id", None)
    if pilot_id is not None:
        return Subquery(Pilot.objects.filter(pk=pilot_id).values("gemeente_id")[:1])
    return None


def audit_log(
    *,
    actie: str,
    doel: str,
    request: HttpRequest | None = None,
    actor=None,
    object: models.Model | None = None,  # noqa: A002 - the logged object
    inwoner_id: int | None = None,
    resultaat: str = Resultaat.GELUKT,
    omschrijving: str = "",
):
    """Write one log record. ``actor`` defaults to the request's user."""
    from werkcoach.models import Logregel

    if actor is None and request is not None and request.user.is_authenticated:
        actor = request.user
    ip, agent = _herkomst(request)
    regel = Logregel.objects.create(
        actie=actie,
        doel=doel,
        resultaat=resultaat,
        actor=actor,
        actor_naam=(actor.get_username() if actor is not None else ""),
        object_type=object._meta.label if object is not None else "",
        object_id=str(object.pk) if object is not None else "",
        inwoner_id=inwoner_id,
        gemeente_id=_gemeente(object, inwoner_id),
        ip_adres=ip or None,
        user_agent=agent,
        omschrijving=omschrijving[:500],
    )
    return _gemeente_uitgesteld(regel)


def _gemeente_uitgesteld(regel):
    """A gemeente written as a subquery is read back only when asked for (deferred)."""
    if hasattr(regel.__dict__.get("gemeente_id"), "resolve_expression"):
        del regel.__dict__["gemeente_id"]
    return regel


def audit_log_many(
    *,
    actie: str,
    doel: str,
    request: HttpRequest | None,
    inwoner_ids: Iterable[int | None],
    omschrijving: str = "",
    gemeente_van: Mapping[int, int] | None = None,
):
    """Write one log record per resident shown (a list page), in one ``bulk_create``: "who saw
    this resident" must also find list reads. Each resident once, in the order given. An empty
    list still writes one record (without resident), so the page view itself is logged and the
    number of queries does not depend on the data. ``gemeente_van`` gives the residents'
    gemeenten when the page has them loaded: the INSERT then carries values instead of a
    subquery per row (a 50-row page: about 3 ms instead of 20 at 100,000 residents)."""
    from werkcoach.models import Logregel

    actor = request.user if request is not None and request.user.is_authenticated else None
    ip, agent = _herkomst(request)
    uniek: list[int | None] = list(dict.fromkeys(i for i in inwoner_ids if i is not None))
    regels = Logregel.objects.bulk_create(
        Logregel(
            actie=actie,
            doel=doel,
            resultaat=Resultaat.GELUKT,
            actor=actor,
            actor_naam=(actor.get_username() if actor is not None else ""),
            inwoner_id=inwoner_id,
            gemeente_id=(
                gemeente_van[inwoner_id]
                if gemeente_van is not None
                and inwoner_id is not None
                and inwoner_id in gemeente_van
                else _gemeente(None, inwoner_id)
            ),
            ip_adres=ip or None,
            user_agent=agent,
            omschrijving=omschrijving[:500],
        )
        for inwoner_id in uniek or [None]
    )
    return [_gemeente_uitgesteld(r) for r in regels]


def audit_log_per_inwoner(
    *, actie: str, doel: str, object_type: str, omschrijvingen: dict[int, str]
) -> list:
    """One record per resident about that resident itself (resident id -> description), in
    one ``bulk_create``: for a change a task makes to many files at once (retention), without
    actor or origin. The gemeenten are read first, in one query (a subquery per row costs more
    to build than to run)."""
    from werkcoach.models import Logregel

    gemeenten: dict[int, int] = {}
    if _inwonermodel is not None and omschrijvingen:
        gemeenten = dict(
            _inwonermodel._default_manager.filter(pk__in=list(omschrijvingen)).values_list(
                "pk", "gemeente_id"
            )
        )
    return Logregel.objects.bulk_create(
        Logregel(
            actie=actie,
            doel=doel,
            resultaat=Resultaat.GELUKT,
            object_type=object_type,
            object_id=str(inwoner_id),
            inwoner_id=inwoner_id,
            gemeente_id=gemeenten.get(inwoner_id),
            omschrijving=omschrijving[:500],
        )
        for inwoner_id, omschrijving in omschrijvingen.items()
    )


F = TypeVar("F", bound=Callable[..., Any])
_in_wijziging: ContextVar[bool] = ContextVar("in_wijziging", default=False)
_doel_van_import: ContextVar[str | None] = ContextVar("doel_van_import", default=None)


@contextmanager
def met_doel(doel: str) -> Iterator[None]:
    """Log every change made inside with ``doel`` instead of the service's own purpose: an
    import goes through the same services as the interface, but its purpose is the import."""
    token = _doel_van_import.set(doel)
    try:
        yield
    finally:
        _doel_van_import.reset(token)


def logt_wijziging(
    *,
    doel: str,
    omschrijving: str | Callable[[dict[str, Any]], str] = "",
    actie: str = Actie.WIJZIGEN,
    object_uit: str | None = None,
) -> Callable[[F], F]:
    """Service decorator: a successful change writes one log row, in the service's transaction
    (put it below ``@transaction.atomic``). The actor is the ``door`` argument; the object is
    the ``object_uit`` argument (default: what the service returns); the resident follows from
    it. A service called by another logs nothing of its own: the outer one tells the change."""

    def decorator(functie: F) -> F:
        @wraps(functie)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            if _in_wijziging.get():
                return functie(*args, **kwargs)
            token = _in_wijziging.set(True)
            try:
                uitkomst = functie(*args, **kwargs)
            finally:
                _in_wijziging.reset(token)
            obj = kwargs.get(object_uit) if object_uit else uitkomst
            audit_log(
                actie=actie,
                doel=_doel_van_import.get() or doel,
                actor=kwargs.get("door"),
                object=obj if isinstance(obj, models.Model) else None,
                inwoner_id=_inwoner_van(obj),
                omschrijving=omschrijving(kwargs) if callable(omschrijving) else omschrijving,
            )
            return uitkomst

        return wrapper  # type: ignore[return-value]

    return decorator


def _inwoner_van(obj: Any) -> int | None:
    """The resident a changed object belongs to: itself, or through its traject or referral."""
    if obj is None or not isinstance(obj, models.Model):
        return None
    if obj._meta.model_name == "inwoner":
        return obj.pk
    for pad in ("inwoner_id", "traject", "aanmelding", "plan"):
        waarde = getattr(obj, pad, None)
        if isinstance(waarde, int):
            return waarde
        if waarde is not None:
            return _inwoner_van(waarde)
    return None

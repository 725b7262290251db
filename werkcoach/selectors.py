"""Reads for the role-specific start page."""

from django.db.models import Count, Q, QuerySet

from werkcoach.models import Gebruiker, Pilot, Rol


def startpagina_context(user: Gebruiker) -> dict:
    from cases.models import Aanmelding
    from trajecten.models import Fase, Overdracht, Traject

    context: dict = {"rollen": sorted(Rol(r).label for r in user.rollen if r in Rol.values)}
    if user.heeft_rol(Rol.SOCIAAL_WERKER):
        eigen = Aanmelding.objects.voor_gebruiker(user).filter(aangemeld_door=user)
        context["sw_per_status"] = [
            {"status": Aanmelding.Status(r["status"]).label, "aantal": r["n"]}
            for r in eigen.values("status").annotate(n=Count("pk")).order_by("status")
        ]
    if user.heeft_rol(Rol.WERKCOACH):
        context["wc_nieuwe_aanmeldingen"] = (
            Aanmelding.objects.voor_gebruiker(user).filter(status=Aanmelding.Status.NIEUW).count()
        )
        per_fase = dict(
            Traject.objects.voor_gebruiker(user).open().values_list("fase").annotate(n=Count("pk"))
        )
        context["wc_per_fase"] = [
            {"fase": label, "aantal": per_fase.get(value, 0)}
            for value, label in Fase.choices
            if value != Fase.AFGESLOTEN
        ]
    if user.heeft_rol(Rol.PARTNER):
        context["partner_onbevestigd"] = (
            Overdracht.objects.voor_gebruiker(user).filter(bevestigd_op__isnull=True).count()
        )
    if user.heeft_rol(Rol.PROJECTLEIDER, Rol.MANAGER):
        context["pilots"] = list(
            Pilot.objects.filter(gemeente_id__in=user.gemeente_ids).select_related("gemeente")
        )
    if user.heeft_rol(Rol.BEHEERDER):
        context["beheer_gebruikers"] = Gebruiker.objects.filter(is_active=True).count()
    return context


# The processing log: search for functioneel beheer and "who looked at this file".

WIE_KEEK_ACTIES = ("bekijken", "exporteren", "downloaden")


def logregels_zoeken(filterset, *, user: Gebruiker) -> QuerySet:
    """The log rows matching a valid ``LogregelFilter``; none for an invalid one.

    A beheerder sees only the rows of their own gemeenten: the resident belongs to one of them,
    or the actor shares one with them. Subqueries, so the number of queries stays the same."""
    from cases.models import Inwoner
    from werkcoach.models import Gemeente, Logregel

    if filterset.is_bound and not filterset.is_valid():
        return Logregel.objects.none()
    qs = filterset.qs
    if not user.is_superuser:
        eigen = Gemeente.objects.filter(gebruikers=user).values("pk")
        qs = qs.filter(
            Q(inwoner_id__in=Inwoner.objects.filter(gemeente__in=eigen).values("pk"))
            | Q(actor__in=Gebruiker.objects.filter(gemeenten__in=eigen).values("pk"))
        )
    return qs.only(
        "tijdstip",
        "actie",
        "doel",
        "resultaat",
        "actor_naam",
        "object_type",
        "object_id",
        "inwoner_id",
        "ip_adres",
        "omschrijving",
    )


def mag_wie_keek_zien(user: Gebruiker, inwoner) -> bool:
    """The werkcoach of the resident's gemeente and the functioneel beheerder of that gemeente
    may see who looked at a file; the referrer and partners may not."""
    return (
        user.is_authenticated
        and user.heeft_rol(Rol.WERKCOACH, Rol.BEHEERDER)
        and inwoner.gemeente_id in user.gemeente_ids
    )


def wie_keek(*, inwoner_id: int, aantal: int = 25) -> list:
    """The latest views, exports and downloads of one resident's file (one query)."""
    from werkcoach.models import Logregel

    return list(
        Logregel.objects.filter(inwoner_id=inwoner_id, actie__in=WIE_KEEK_ACTIES).only(
            "tijdstip", "actie", "doel", "actor_naam"
        )[:aantal]
    )

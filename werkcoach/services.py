"""Writes of the cross-cutting parts: roles, users, gemeenten and pilots."""

from collections.abc import Iterable
from datetime import date

from django.contrib.auth.models import Group, Permission
from django.db import transaction

from werkcoach.models import (
    Gebiedsteam,
    Gebruiker,
    Gemeente,
    Organisatie,
    Pilot,
    PilotJaardoel,
    Rol,
)

# What the functioneel beheerder may maintain in the admin.
BEHEER_MODELLEN = {
    "werkcoach": [
        "gemeente",
        "organisatie",
        "gebiedsteam",
        "gebruiker",
        "pilot",
        "pilotjaardoel",
        "feestdag",
    ],
    "trajecten": ["aanbieder", "instrument"],
    # To unlink a lost phone (the user then enrols a new one at the next login).
    "otp_totp": ["totpdevice"],
    "otp_static": ["staticdevice"],
}
# Viewed only: changing a group's rights (or adding a group) would be a privilege escalation.
BEHEER_ALLEEN_BEKIJKEN = {"auth": ["group"]}


@transaction.atomic
def rollen_inrichten() -> None:
    """Create a group per role and give the functioneel beheerder exactly the admin permissions.
    Idempotent: runs after every migrate."""
    for rol in Rol.values:
        Group.objects.get_or_create(name=rol)
    beheer = Group.objects.get(name=Rol.BEHEERDER)
    perms = Permission.objects.none()
    for app_label, models in BEHEER_MODELLEN.items():
        perms |= Permission.objects.filter(
            content_type__app_label=app_label, content_type__model__in=models
        )
    for app_label, models in BEHEER_ALLEEN_BEKIJKEN.items():
        perms |= Permission.objects.filter(
            content_type__app_label=app_label,
            content_type__model__in=models,
            codename__startswith="view_",
        )
    # ``set``: rights granted by an earlier version (change/delete of groups) are taken back.
    beheer.permissions.set(perms)


@transaction.atomic
def gebruiker_create(
    *,
    username: str,
    password: str | None,
    first_name: str,
    last_name: str,
    email: str,
    organisatie: Organisatie | None,
    rollen: Iterable[str],
    gemeenten: Iterable[Gemeente] = (),
    gebiedsteams: Iterable[Gebiedsteam] = (),
) -> Gebruiker:
    """Create a personal staff account with its roles and scope (no shared accounts)."""
    gebruiker = Gebruiker(
        username=username,
        first_name=first_name,
        last_name=last_name,
        email=email,
        organisatie=organisatie,
        is_staff=Rol.BEHEERDER in rollen,
    )
    if password:
        gebruiker.set_password(password)
    else:
        gebruiker.set_unusable_password()
    gebruiker.full_clean(exclude=["password"])
    gebruiker.save()
    gebruiker.groups.set(Group.objects.filter(name__in=list(rollen)))
    gebruiker.gemeenten.set(gemeenten)
    gebruiker.gebiedsteams.set(gebiedsteams)
    return gebruiker


@transaction.atomic
def pilot_create(
    *,
    gemeente: Gemeente,
    naam: str,
    startdatum: date,
    einddatum: date,
    jaardoelen: dict[int, int] | None = None,
    **instellingen,
) -> Pilot:
    pilot = Pilot(
        gemeente=gemeente, naam=naam, startdatum=startdatum, einddatum=einddatum, **instellingen
    )
    pilot.full_clean()
    pilot.save()
    for jaar, doel in (jaardoelen or {}).items():
        PilotJaardoel.objects.create(pilot=pilot, jaar=jaar, doel_orientatie=doel)
    return pilot

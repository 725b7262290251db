"""Reads of the processing log for "who looked at this file"."""

from werkcoach.models import Gebruiker, Logregel, Rol

# The processing log: search for functioneel beheer and "who looked at this file".

WIE_KEEK_ACTIES = ("bekijken", "exporteren", "downloaden")


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
    return list(
        Logregel.objects.filter(inwoner_id=inwoner_id, actie__in=WIE_KEEK_ACTIES).only(
            "tijdstip", "actie", "doel", "actor_naam"
        )[:aantal]
    )

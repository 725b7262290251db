"""Reads for the API: the token of a call, and what that token may see."""

from api.models import Partnertoken, sleutel_hash
from werkcoach.models import Pilot


def partnertoken_voor_sleutel(sleutel: str) -> Partnertoken | None:
    """The valid token ``sleutel`` belongs to (compared by its hash), with its organisation
    and koppelaccount; None for an unknown or revoked token."""
    if not sleutel:
        return None
    return (
        Partnertoken.objects.geldig()
        .select_related("organisatie", "gebruiker")
        .filter(sleutel_hash=sleutel_hash(sleutel), gebruiker__is_active=True)
        .first()
    )


def pilots_voor_token(token: Partnertoken):
    """The pilots of the gemeenten the token's organisation works in."""
    return Pilot.objects.filter(gemeente__organisaties=token.organisatie).distinct()

"""Writes of partner tokens: made and revoked by the functioneel beheerder (a command)."""

import secrets

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from api.models import Partnertoken, sleutel_hash
from werkcoach.audit import Actie, Doel, logt_wijziging
from werkcoach.models import Gebruiker, Organisatie


@transaction.atomic
@logt_wijziging(
    doel=Doel.BEVEILIGING,
    actie=Actie.RECHTEN,
    omschrijving=lambda kw: f"API-token aangemaakt voor {kw['organisatie']}",
)
def partnertoken_create(
    *, organisatie: Organisatie, gebruiker: Gebruiker, naam: str, door: Gebruiker | None = None
) -> tuple[Partnertoken, str]:
    """Make a token for ``organisatie``'s system acting as ``gebruiker``; return it with the
    token itself, which is not stored and cannot be shown again."""
    if gebruiker.organisatie_id != organisatie.pk:
        raise ValidationError(
            {"gebruiker": "Het koppelaccount moet bij dezelfde organisatie horen als de token."}
        )
    if not gebruiker.is_active:
        raise ValidationError({"gebruiker": "Het koppelaccount is niet actief."})
    if not naam.strip():
        raise ValidationError({"naam": "Geef de token een naam, bijvoorbeeld het systeem."})
    sleutel = secrets.token_urlsafe(32)
    token = Partnertoken.objects.create(
        organisatie=organisatie,
        gebruiker=gebruiker,
        naam=naam.strip(),
        sleutel_hash=sleutel_hash(sleutel),
        voorvoegsel=sleutel[:8],
    )
    return token, sleutel


@transaction.atomic
@logt_wijziging(
    doel=Doel.BEVEILIGING,
    actie=Actie.RECHTEN,
    omschrijving="API-token ingetrokken",
    object_uit="token",
)
def partnertoken_intrekken(*, token: Partnertoken, door: Gebruiker | None = None) -> Partnertoken:
    """Revoke ``token``: every later call with it is refused. Revoking twice changes nothing."""
    if token.ingetrokken_op is None:
        token.ingetrokken_op = timezone.now()
        token.save(update_fields=["ingetrokken_op", "gewijzigd_op"])
    return token

"""Partner systems' access tokens. Only a hash of a token is stored: the token itself is shown
once, when it is made, and cannot be read back."""

import hashlib

from django.db import models

from werkcoach.models import Gebruiker, Organisatie, TimeStampedModel


def sleutel_hash(sleutel: str) -> str:
    """SHA-256 of a token: a token is 256 random bits, so a fast hash suffices (no password)."""
    return hashlib.sha256(sleutel.encode()).hexdigest()


class PartnertokenQuerySet(models.QuerySet):
    def geldig(self):
        return self.filter(ingetrokken_op__isnull=True)


class Partnertoken(TimeStampedModel):
    """A partner organisation's system calls the API with this token. It acts as ``gebruiker``
    (the organisation's koppelaccount: referrals are made in that account's name and for its
    gebiedsteams) and sees the figures of the organisation's gemeenten only."""

    organisatie = models.ForeignKey(
        Organisatie, on_delete=models.PROTECT, related_name="partnertokens"
    )
    gebruiker = models.ForeignKey(
        Gebruiker,
        on_delete=models.PROTECT,
        related_name="partnertokens",
        help_text="Het koppelaccount van de organisatie waarmee het systeem werkt.",
    )
    naam = models.CharField(max_length=100, help_text="Bijvoorbeeld: registratiesysteem Carrefour")
    # ``sleutel_hash(token)``: the token itself is never stored.
    sleutel_hash = models.CharField(max_length=64, unique=True)
    # The first characters of the token, to recognise it in a list without revealing it.
    voorvoegsel = models.CharField(max_length=8)
    ingetrokken_op = models.DateTimeField(null=True, blank=True)

    objects = PartnertokenQuerySet.as_manager()

    class Meta:
        verbose_name = "partnertoken"
        verbose_name_plural = "partnertokens"
        ordering = ["organisatie__naam", "naam"]

    def __str__(self) -> str:
        return f"{self.naam} ({self.organisatie}, {self.voorvoegsel}…)"

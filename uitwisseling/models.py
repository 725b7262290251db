"""An uploaded file of earlier registrations: previewed first, imported once."""

from django.conf import settings
from django.db import models
from django.db.models import Q

from werkcoach.models import Gemeente


class ImportbestandQuerySet(models.QuerySet):
    def voor_gebruiker(self, user):
        """The files of the gemeenten the user works for, uploaded by the user."""
        if not user.is_authenticated or not user.is_active:
            return self.none()
        return self.filter(gemeente_id__in=user.gemeente_ids, geupload_door=user)


class Importbestand(models.Model):
    class Status(models.TextChoices):
        VOORBEELD = "voorbeeld", "Voorbeeld (nog niet geïmporteerd)"
        GEIMPORTEERD = "geimporteerd", "Geïmporteerd"

    gemeente = models.ForeignKey(Gemeente, on_delete=models.PROTECT, related_name="+")
    geupload_door = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    bestandsnaam = models.CharField(max_length=200)
    sha256 = models.CharField("controlegetal (SHA-256)", max_length=64)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.VOORBEELD)
    aangemaakt_op = models.DateTimeField(auto_now_add=True)
    geimporteerd_op = models.DateTimeField(null=True, blank=True)
    # The rows as read (cleared once imported) and the preview's outcome per row.
    rijen = models.JSONField(default=list, blank=True)
    uitkomst = models.JSONField(default=list, blank=True)

    objects = ImportbestandQuerySet.as_manager()

    class Meta:
        verbose_name = "importbestand"
        verbose_name_plural = "importbestanden"
        ordering = ["-aangemaakt_op"]
        constraints = [
            models.UniqueConstraint(
                fields=["gemeente", "sha256"],
                condition=Q(status="geimporteerd"),
                name="importbestand_eenmaal_geimporteerd",
            )
        ]

    def __str__(self) -> str:
        return f"{self.bestandsnaam} ({self.get_status_display()})"

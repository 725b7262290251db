"""Budget (begroting, its history, manual expenses) and the archive of generated reports."""

import uuid
from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q

from werkcoach.models import Pilot, TimeStampedModel


class Post(models.TextChoices):
    """Budget posts. The project plan (2023/2024) had separate posts for the werkcoach and the
    projectleider; the 2024 year plan budgets them together as personeel. They are one post now
    (``personeel``); the two old codes stay only so that the budget history reads as it was."""

    PERSONEEL = "personeel", "Personeel (werkcoach en projectleider)"
    COMMUNICATIE = "communicatie", "Communicatiematerialen"
    TRAININGEN = "trainingen", "Korte trainingen, sporttrajecten en testen"
    ONVOORZIEN = "onvoorzien", "Onvoorzien"
    OVERIGE = "overige", "Overige kosten"
    WERKCOACH = "werkcoach", "Werkcoach (nu: personeel)"
    PROJECTLEIDER = "projectleider", "Projectleider (nu: personeel)"


# Posts that can be budgeted and spent on; the rest live on only in the history.
ACTIEVE_POSTEN = [p for p in Post if p not in (Post.WERKCOACH, Post.PROJECTLEIDER)]
SAMENGEVOEGD = {Post.WERKCOACH: Post.PERSONEEL, Post.PROJECTLEIDER: Post.PERSONEEL}


class Begroting(TimeStampedModel):
    """The budgeted amount of one post in one year of a pilot."""

    pilot = models.ForeignKey(Pilot, on_delete=models.CASCADE, related_name="begrotingsposten")
    jaar = models.PositiveIntegerField()
    post = models.CharField(max_length=20, choices=Post.choices)
    bedrag = models.DecimalField(
        "begroot (€)", max_digits=12, decimal_places=2, validators=[MinValueValidator(0)]
    )

    class Meta:
        verbose_name = "begrotingspost"
        verbose_name_plural = "begroting"
        ordering = ["pilot", "jaar", "post"]
        constraints = [
            models.UniqueConstraint(fields=["pilot", "jaar", "post"], name="begroting_uniek"),
            models.CheckConstraint(condition=Q(bedrag__gte=0), name="begroting_niet_negatief"),
        ]

    def __str__(self) -> str:
        return f"{self.jaar} {self.get_post_display()}: {self.bedrag}"


class Begrotingswijziging(models.Model):
    """History of a budget line: who changed it, when, from what to what, and why."""

    begroting = models.ForeignKey(Begroting, on_delete=models.CASCADE, related_name="wijzigingen")
    op = models.DateTimeField(auto_now_add=True)
    door = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    oud_bedrag = models.DecimalField(max_digits=12, decimal_places=2, null=True, blank=True)
    nieuw_bedrag = models.DecimalField(max_digits=12, decimal_places=2)
    toelichting = models.CharField(max_length=300, blank=True)

    class Meta:
        verbose_name = "wijziging van de begroting"
        verbose_name_plural = "wijzigingen van de begroting"
        ordering = ["-op", "-pk"]

    def __str__(self) -> str:
        return f"{self.begroting}: {self.oud_bedrag} → {self.nieuw_bedrag}"


class Uitgave(TimeStampedModel):
    """A manually entered expense on a budget post (everything that is not an Inzet)."""

    pilot = models.ForeignKey(Pilot, on_delete=models.CASCADE, related_name="uitgaven")
    datum = models.DateField()
    post = models.CharField(max_length=20, choices=Post.choices)
    omschrijving = models.CharField(max_length=200)
    bedrag = models.DecimalField(
        "bedrag (€)",
        max_digits=12,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0.01"))],
    )
    vastgelegd_door = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    # Idempotency key of the submitted form: a double submit finds the first expense.
    indieningssleutel = models.UUIDField(default=uuid.uuid4, unique=True)

    class Meta:
        verbose_name = "uitgave"
        verbose_name_plural = "uitgaven"
        ordering = ["-datum", "-pk"]
        constraints = [
            models.CheckConstraint(condition=Q(bedrag__gt=0), name="uitgave_positief"),
        ]

    def __str__(self) -> str:
        return f"{self.datum:%d-%m-%Y} {self.omschrijving}"


class RapportQuerySet(models.QuerySet):
    def voor_gebruiker(self, user):
        from werkcoach.access import pilots_q

        return self.filter(pilot__in=Pilot.objects.filter(pilots_q(user)))


class Rapport(models.Model):
    """A generated report. Once ``klaar`` its files and checksum never change; asking again for
    the same period gives a new version, the earlier ones stay as they are.

    The lifecycle (``rapportage.services``): queued (``wachtrij``) with a lease by which a
    worker should have started it; running (``bezig``) under a lease that the worker renews
    while rendering (``geclaimd_tot``, ``claim`` names the holder); a beat sweep enqueues a
    report again whose lease ran out, and marks it failed after ``WERKCOACH_RAPPORT_POGINGEN``
    interrupted attempts (``pogingen`` counts the starts)."""

    class Soort(models.TextChoices):
        MAANDRAPPORTAGE = "maandrapportage", "Maandrapportage"
        VERANTWOORDING = "verantwoording", "Verantwoording RWF"

    class Status(models.TextChoices):
        WACHTRIJ = "wachtrij", "In de wachtrij"
        BEZIG = "bezig", "Wordt gemaakt"
        KLAAR = "klaar", "Klaar"
        MISLUKT = "mislukt", "Mislukt"
        VERVANGEN = "vervangen", "Vervangen door een nieuwe versie"

    pilot = models.ForeignKey(Pilot, on_delete=models.PROTECT, related_name="rapporten")
    soort = models.CharField(max_length=20, choices=Soort.choices)
    periode_start = models.DateField()
    periode_eind = models.DateField()
    # A generated report never changes; new highlights give a new version of the same period.
    versie = models.PositiveSmallIntegerField(default=1)
    # Idempotency key of the form that asked for a new version: a double submit finds it.
    aanvraagsleutel = models.UUIDField(null=True, blank=True, unique=True, editable=False)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.WACHTRIJ)
    # The lease: until when the report is the current worker's (bezig) or should have been
    # started (wachtrij); past it, the sweep enqueues it again.
    geclaimd_tot = models.DateTimeField(null=True, blank=True)
    claim = models.UUIDField(null=True, blank=True, editable=False)
    pogingen = models.PositiveSmallIntegerField(default=0)
    # A report of a period that had not ended when it was asked for: its figures are as of
    # ``peildatum``; it is never the final version of its period.
    voorlopig = models.BooleanField(default=False)
    peildatum = models.DateField(null=True, blank=True)
    voortgang = models.PositiveSmallIntegerField("voortgang (%)", default=0)
    foutmelding = models.CharField(max_length=300, blank=True)
    toelichting = models.TextField("hoogtepunten en toelichting van de projectleider", blank=True)
    aangevraagd_op = models.DateTimeField(auto_now_add=True)
    aangevraagd_door = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    gestart_op = models.DateTimeField(null=True, blank=True)
    gegenereerd_op = models.DateTimeField(null=True, blank=True)
    pdf_bestand = models.CharField(max_length=200, blank=True)
    xlsx_bestand = models.CharField(max_length=200, blank=True)
    pdf_sha256 = models.CharField(max_length=64, blank=True)
    xlsx_sha256 = models.CharField(max_length=64, blank=True)

    objects = RapportQuerySet.as_manager()

    class Meta:
        verbose_name = "rapport"
        verbose_name_plural = "rapporten"
        ordering = ["-periode_start", "soort", "-versie", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["pilot", "soort", "periode_start", "periode_eind", "versie"],
                name="rapport_uniek_per_periode_en_versie",
            ),
            models.CheckConstraint(
                condition=Q(periode_eind__gte=models.F("periode_start")),
                name="rapport_periode_geldig",
            ),
            models.CheckConstraint(
                condition=~Q(status="klaar") | ~Q(pdf_sha256=""),
                name="rapport_klaar_heeft_checksum",
            ),
        ]

    def __str__(self) -> str:
        versie = f" (versie {self.versie})" if self.versie > 1 else ""
        return f"{self.get_soort_display()} {self.periode_label}{versie}"

    @property
    def periode_label(self) -> str:
        return f"{self.periode_start:%d-%m-%Y} t/m {self.periode_eind:%d-%m-%Y}"

    @property
    def is_bezig(self) -> bool:
        return self.status in (self.Status.WACHTRIJ, self.Status.BEZIG)

    @property
    def lease_verlopen(self) -> bool:
        from django.utils import timezone

        return self.geclaimd_tot is not None and self.geclaimd_tot < timezone.now()

    @property
    def toestand(self) -> str:
        """What the user reads about the state, true to what is happening."""
        from django.conf import settings

        if self.status == self.Status.BEZIG and self.lease_verlopen:
            return "Onderbroken door een storing; wordt automatisch opnieuw gestart"
        if self.status == self.Status.BEZIG:
            return f"Wordt gemaakt: {self.voortgang}%"
        if self.status == self.Status.WACHTRIJ and self.pogingen:
            return (
                "Opnieuw in de wachtrij na een storing (poging "
                f"{self.pogingen + 1} van {settings.WERKCOACH_RAPPORT_POGINGEN})"
            )
        if self.status == self.Status.WACHTRIJ and self.lease_verlopen:
            return "In de wachtrij; de takenserver heeft het nog niet opgepakt"
        return self.get_status_display()


class Maandcijfers(models.Model):
    """The building material of the figures of one closed piece of history (a calendar month
    that has ended, or everything before the first month), for the gemeente of a pilot or one of
    its gebiedsteams: computed once and combined by the dashboard and the reports. A change that
    reaches back into a closed month removes the pieces it touches (``rapportage.maandcijfers``)."""

    pilot = models.ForeignKey(Pilot, on_delete=models.CASCADE, related_name="+")
    gebiedsteam = models.PositiveIntegerField(default=0, help_text="0: de hele gemeente.")
    van = models.DateField()
    tot = models.DateField()
    grondslag = models.CharField(max_length=64)
    gegevens = models.JSONField()
    # A stored block never changes (a change removes it and a new one is made): this key names
    # its content, so a process may keep the decoded block (``maandcijfers.GEHEUGEN``).
    sleutel = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    grootte = models.PositiveIntegerField(default=0, help_text="Tekens JSON.")
    berekend_op = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "opgeslagen maandcijfers"
        verbose_name_plural = "opgeslagen maandcijfers"
        constraints = [
            models.UniqueConstraint(
                fields=["pilot", "gebiedsteam", "van", "tot"], name="maandcijfers_uniek"
            )
        ]
        indexes = [models.Index(fields=["pilot", "gebiedsteam", "tot"], name="maandcijfers_tot")]

    def __str__(self) -> str:
        return f"{self.pilot_id}/{self.gebiedsteam}: {self.van} t/m {self.tot}"

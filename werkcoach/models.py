"""Cross-cutting models: gemeenten, organisaties, gebiedsteams, users and roles, the pilot."""

from datetime import date
from decimal import Decimal

from django.contrib.auth.models import AbstractUser
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models.functions import Upper
from django.utils.functional import cached_property

from werkcoach.audit import Actie, Doel, Resultaat


class TimeStampedModel(models.Model):
    aangemaakt_op = models.DateTimeField("aangemaakt op", auto_now_add=True)
    gewijzigd_op = models.DateTimeField("gewijzigd op", auto_now=True)

    class Meta:
        abstract = True


class Rol(models.TextChoices):
    SOCIAAL_WERKER = "sociaal_werker", "Sociaal werker"
    WERKCOACH = "werkcoach", "Werkcoach"
    PROJECTLEIDER = "projectleider", "Projectleider"
    MANAGER = "manager", "Manager"
    PARTNER = "partner", "Partnercontact"
    BEHEERDER = "beheerder", "Functioneel beheerder"


class Gemeente(TimeStampedModel):
    naam = models.CharField(max_length=100, unique=True)
    cbs_code = models.CharField("CBS-code", max_length=6, blank=True)
    dorpen = models.JSONField(
        "woonplaatsen en dorpen", default=list, blank=True, help_text="Lijst van woonplaatsen."
    )

    class Meta:
        verbose_name = "gemeente"
        verbose_name_plural = "gemeenten"
        ordering = ["naam"]

    def __str__(self) -> str:
        return self.naam


class Organisatie(TimeStampedModel):
    class Soort(models.TextChoices):
        WELZIJN = "welzijn", "Welzijn"
        WERKBEDRIJF = "werkbedrijf", "Werkbedrijf"
        ONDERWIJS = "onderwijs", "Onderwijs"
        GEMEENTE = "gemeente", "Gemeente"
        UWV = "uwv", "UWV"
        WERKGEVER = "werkgever", "Werkgever"
        ANDERS = "anders", "Anders"

    naam = models.CharField(max_length=150, unique=True)
    soort = models.CharField(max_length=20, choices=Soort.choices)
    gemeenten = models.ManyToManyField(Gemeente, related_name="organisaties", blank=True)
    email = models.EmailField(blank=True)
    telefoon = models.CharField(max_length=30, blank=True)

    class Meta:
        verbose_name = "organisatie"
        verbose_name_plural = "organisaties"
        ordering = ["naam"]

    def __str__(self) -> str:
        return self.naam


class Gebiedsteam(TimeStampedModel):
    naam = models.CharField(max_length=150)
    organisatie = models.ForeignKey(
        Organisatie, on_delete=models.PROTECT, related_name="gebiedsteams"
    )
    gemeente = models.ForeignKey(Gemeente, on_delete=models.PROTECT, related_name="gebiedsteams")
    dorpen = models.JSONField("wijken en dorpen", default=list, blank=True)

    class Meta:
        verbose_name = "gebiedsteam"
        verbose_name_plural = "gebiedsteams"
        ordering = ["gemeente__naam", "naam"]
        constraints = [
            models.UniqueConstraint(
                fields=["gemeente", "naam"], name="gebiedsteam_uniek_per_gemeente"
            )
        ]

    def __str__(self) -> str:
        return self.naam


class Gebruiker(AbstractUser):
    """A staff member. Roles are Django groups named after ``Rol`` values."""

    organisatie = models.ForeignKey(
        Organisatie, on_delete=models.PROTECT, null=True, blank=True, related_name="medewerkers"
    )
    gemeenten = models.ManyToManyField(Gemeente, related_name="gebruikers", blank=True)
    gebiedsteams = models.ManyToManyField(Gebiedsteam, related_name="leden", blank=True)
    telefoon = models.CharField(max_length=30, blank=True)

    class Meta:
        verbose_name = "gebruiker"
        verbose_name_plural = "gebruikers"
        ordering = ["last_name", "first_name"]

    def __str__(self) -> str:
        return self.get_full_name() or self.username

    @cached_property
    def rollen(self) -> frozenset[str]:
        if not self.is_authenticated or not self.is_active:
            return frozenset()
        return frozenset(self.groups.values_list("name", flat=True))

    def heeft_rol(self, *rollen: str) -> bool:
        return bool(self.rollen.intersection(rollen))

    @cached_property
    def gemeente_ids(self) -> frozenset[int]:
        return frozenset(self.gemeenten.values_list("pk", flat=True))

    @cached_property
    def gebiedsteam_ids(self) -> frozenset[int]:
        return frozenset(self.gebiedsteams.values_list("pk", flat=True))


class Pilot(TimeStampedModel):
    """A gemeente's run of the programme, with its targets, response times and settings."""

    gemeente = models.ForeignKey(Gemeente, on_delete=models.PROTECT, related_name="pilots")
    naam = models.CharField(max_length=150)
    startdatum = models.DateField()
    einddatum = models.DateField()
    doel_orientatie_totaal = models.PositiveIntegerField(
        "doel oriëntatietrajecten totaal", default=50
    )
    doel_conversie_procent = models.PositiveIntegerField(
        "doel conversie oriëntatie → vervolgtraject (%)",
        default=80,
        validators=[MaxValueValidator(100)],
    )
    subsidie_bedrag = models.DecimalField(
        "subsidie (€)", max_digits=12, decimal_places=2, default=Decimal("155000.00")
    )
    subsidieverstrekker = models.CharField(
        max_length=150, default="Regionaal Werkbedrijf Flevoland (via centrumgemeente Almere)"
    )
    reactietijd_eerste_contact = models.PositiveIntegerField(
        "reactietijd eerste contact (werkdagen)", default=5, validators=[MinValueValidator(1)]
    )
    reactietijd_gesprek = models.PositiveIntegerField(
        "gesprek gehouden binnen (werkdagen na aanmelding)",
        default=15,
        validators=[MinValueValidator(1)],
    )
    reactietijd_orientatie = models.PositiveIntegerField(
        "oriëntatie afgerond binnen (werkdagen)", default=60, validators=[MinValueValidator(1)]
    )
    reactietijd_overdracht_bevestiging = models.PositiveIntegerField(
        "overdracht bevestigd binnen (werkdagen)", default=5, validators=[MinValueValidator(1)]
    )
    doorlooptijd_dagen = models.PositiveIntegerField(
        "streefdoorlooptijd tot vervolgtraject (dagen)", default=120
    )
    max_begeleiding_dagen = models.PositiveIntegerField(
        "maximale begeleidingstermijn (dagen)", default=365
    )
    nazorg_maanden = models.PositiveIntegerField("standaardduur nazorg (maanden)", default=6)
    drempel_kleine_aantallen = models.PositiveIntegerField(
        "drempel kleine aantallen in externe rapportages", default=5
    )

    class Meta:
        verbose_name = "pilot"
        verbose_name_plural = "pilots"
        ordering = ["gemeente__naam", "-startdatum"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(einddatum__gt=models.F("startdatum")),
                name="pilot_einddatum_na_startdatum",
            )
        ]

    def __str__(self) -> str:
        return f"{self.naam} ({self.gemeente})"

    def is_actief_op(self, dag: date) -> bool:
        return self.startdatum <= dag <= self.einddatum


class PilotJaardoel(models.Model):
    pilot = models.ForeignKey(Pilot, on_delete=models.CASCADE, related_name="jaardoelen")
    jaar = models.PositiveIntegerField()
    doel_orientatie = models.PositiveIntegerField("doel oriëntatietrajecten")

    class Meta:
        verbose_name = "jaardoel"
        verbose_name_plural = "jaardoelen"
        ordering = ["jaar"]
        constraints = [
            models.UniqueConstraint(fields=["pilot", "jaar"], name="jaardoel_uniek_per_jaar")
        ]

    def __str__(self) -> str:
        return f"{self.jaar}: {self.doel_orientatie}"


class Feestdag(models.Model):
    """A configured day off; working-day arithmetic skips weekends and these days."""

    gemeente = models.ForeignKey(
        Gemeente,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="feestdagen",
        help_text="Leeg: geldt voor alle gemeenten.",
    )
    datum = models.DateField()
    naam = models.CharField(max_length=100)

    class Meta:
        verbose_name = "feestdag"
        verbose_name_plural = "feestdagen"
        ordering = ["datum"]
        constraints = [models.UniqueConstraint(fields=["gemeente", "datum"], name="feestdag_uniek")]

    def __str__(self) -> str:
        return f"{self.naam} ({self.datum:%d-%m-%Y})"


class Inschrijving(models.Model):
    """A one-time link to enrol a second factor, sent only to the user's own e-mail address:
    for a new account, after a reset by beheer, and after a password set by someone else. Only
    the SHA-256 hash of the token is stored; a link is used once and is valid for
    ``WERKCOACH_INSCHRIJFLINK_GELDIG`` minutes."""

    class Reden(models.TextChoices):
        NIEUW = "nieuw", "Nieuw account"
        AANGEVRAAGD = "aangevraagd", "Aangevraagd door de gebruiker"
        RESET = "reset", "Tweede factor gereset door beheer"
        WACHTWOORD = "wachtwoord", "Wachtwoord ingesteld door beheer"

    gebruiker = models.ForeignKey(
        "werkcoach.Gebruiker", on_delete=models.CASCADE, related_name="inschrijvingen"
    )
    token_hash = models.CharField(max_length=64, unique=True)
    reden = models.CharField(max_length=20, choices=Reden.choices)
    aangemaakt_op = models.DateTimeField(auto_now_add=True)
    aangemaakt_door = models.ForeignKey(
        "werkcoach.Gebruiker", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    verloopt_op = models.DateTimeField()
    gebruikt_op = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "inschrijflink tweede factor"
        verbose_name_plural = "inschrijflinks tweede factor"
        ordering = ["-aangemaakt_op"]

    def __str__(self) -> str:
        return f"{self.gebruiker} ({self.get_reden_display()})"


class LogregelQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise PermissionError("Het verwerkingslog kan niet worden gewijzigd.")

    def delete(self):
        raise PermissionError("Het verwerkingslog kan niet worden verwijderd.")


class Logregel(models.Model):
    """One record of the processing log. Append-only: the application offers no update or
    delete, and on PostgreSQL a trigger refuses them in the database as well."""

    tijdstip = models.DateTimeField(auto_now_add=True, db_index=True)
    actie = models.CharField(max_length=30, choices=Actie.choices)
    doel = models.CharField("verwerkingsdoel", max_length=30, choices=Doel.choices)
    resultaat = models.CharField(max_length=20, choices=Resultaat.choices)
    actor = models.ForeignKey(
        "werkcoach.Gebruiker",
        on_delete=models.DO_NOTHING,
        null=True,
        blank=True,
        db_constraint=False,
        related_name="+",
    )
    actor_naam = models.CharField(max_length=150, blank=True)
    object_type = models.CharField(max_length=100, blank=True)
    object_id = models.CharField(max_length=64, blank=True)
    inwoner_id = models.BigIntegerField(null=True, blank=True, db_index=True)
    # The gemeente the row is about, stored when it is written (from the resident or the object,
    # see ``werkcoach.audit``); empty for a row about no gemeente (a login, a user's rights). A
    # beheerder's search is scoped on it without joining the residents.
    gemeente = models.ForeignKey(
        Gemeente,
        on_delete=models.DO_NOTHING,
        null=True,
        blank=True,
        db_constraint=False,
        db_index=False,
        related_name="+",
    )
    ip_adres = models.GenericIPAddressField(null=True, blank=True)
    user_agent = models.CharField(max_length=300, blank=True)
    omschrijving = models.CharField(max_length=500, blank=True)

    objects = LogregelQuerySet.as_manager()

    class Meta:
        verbose_name = "logregel"
        verbose_name_plural = "verwerkingslog"
        ordering = ["-tijdstip", "-pk"]
        default_permissions = ("view",)
        # The search reads one gemeente at a time (or the rows of none), newest first, from a
        # position in (tijdstip, id): it walks one of these in that order and stops after a
        # page (no sort, no count), also when a filter matches few rows of a gemeente: the
        # action filter, and the user filter (``iexact``: UPPER).
        indexes = [
            models.Index(fields=["gemeente", "tijdstip", "id"], name="logregel_gemeente_tijdstip"),
            models.Index(
                fields=["gemeente", "actie", "tijdstip", "id"], name="logregel_gemeente_actie_tijd"
            ),
            models.Index(
                "gemeente",
                Upper("actor_naam"),
                "tijdstip",
                "id",
                name="logregel_gemeente_actor_tijd",
            ),
        ]

    def __str__(self) -> str:
        from django.utils import timezone  # local date in __str__ (Amsterdam, not UTC)

        return f"{timezone.localtime(self.tijdstip):%d-%m-%Y %H:%M} {self.actor_naam} {self.actie}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise PermissionError("Het verwerkingslog kan niet worden gewijzigd.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionError("Het verwerkingslog kan niet worden verwijderd.")


class Bewaartermijn(TimeStampedModel):
    """How long a resident's file is kept after its traject ended, per outcome (set by the
    functioneel beheerder, advised by the records manager)."""

    ZONDER_TRAJECT = "aanmelding_zonder_traject"

    uitkomst = models.CharField(max_length=40, unique=True)
    maanden = models.PositiveIntegerField(
        "bewaartermijn (maanden)", validators=[MinValueValidator(1), MaxValueValidator(240)]
    )

    class Meta:
        verbose_name = "bewaartermijn"
        verbose_name_plural = "bewaartermijnen"
        ordering = ["uitkomst"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(maanden__gte=1) & models.Q(maanden__lte=240),
                name="bewaartermijn_1_tot_240_maanden",
            )
        ]

    def __str__(self) -> str:
        return f"{self.uitkomst}: {self.maanden} maanden"


class Bewaarrun(models.Model):
    """One run of the retention task: what it did, for the functioneel beheerder."""

    gestart_op = models.DateTimeField(auto_now_add=True)
    peildatum = models.DateTimeField()
    geanonimiseerd = models.PositiveIntegerField(default=0)
    details = models.JSONField(default=dict, blank=True)

    class Meta:
        verbose_name = "uitvoering bewaartermijnen"
        verbose_name_plural = "uitvoeringen bewaartermijnen"
        ordering = ["-gestart_op"]

    def __str__(self) -> str:
        from django.utils import timezone  # local date in __str__ (Amsterdam, not UTC)

        return f"{timezone.localtime(self.gestart_op):%d-%m-%Y %H:%M}: {self.geanonimiseerd} geanonimiseerd"


class Taakbericht(models.Model):
    """The outbox: a task to enqueue, written in the same transaction as the change that needs
    it and published to the broker after the commit (``werkcoach.wachtrij``). A row without
    ``gepubliceerd_op`` is published again by the beat sweep, so a broker that is down or hung
    during the request loses nothing and blocks nobody."""

    taak = models.CharField(max_length=200)
    argumenten = models.JSONField(default=list)
    aangemaakt_op = models.DateTimeField(auto_now_add=True, db_index=True)
    gepubliceerd_op = models.DateTimeField(null=True, blank=True)
    pogingen = models.PositiveIntegerField(default=0)
    laatste_fout = models.CharField(max_length=300, blank=True)

    class Meta:
        verbose_name = "taakbericht"
        verbose_name_plural = "taakberichten (outbox)"
        ordering = ["pk"]
        indexes = [
            models.Index(
                fields=["aangemaakt_op"],
                condition=models.Q(gepubliceerd_op__isnull=True),
                name="taakbericht_open",
            )
        ]

    def __str__(self) -> str:
        return f"{self.taak}{tuple(self.argumenten)!r}"


class Hartslag(models.Model):
    """The last sign of life of a background component ("worker", "beat"), for the health
    endpoint."""

    naam = models.CharField(max_length=50, unique=True)
    op = models.DateTimeField()
    door = models.CharField(max_length=200, blank=True)

    class Meta:
        verbose_name = "hartslag"
        verbose_name_plural = "hartslagen"

    def __str__(self) -> str:
        return f"{self.naam} {self.op:%d-%m-%Y %H:%M:%S}"


class Bestand(models.Model):
    """A stored file (a report's PDF or workbook, an export) in the database, so every web node
    sees what any worker made and one backup covers everything (``werkcoach.opslag``)."""

    naam = models.CharField(max_length=255, unique=True)
    inhoud = models.BinaryField()
    grootte = models.PositiveBigIntegerField()
    opgeslagen_op = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "opgeslagen bestand"
        verbose_name_plural = "opgeslagen bestanden"

    def __str__(self) -> str:
        return self.naam

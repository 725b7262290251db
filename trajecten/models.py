"""The klantreis (Traject and its steps), the instrumentenwaaier, overdracht and nazorg."""

from datetime import date, timedelta

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone

from trajecten.klantreis import Fase
from werkcoach import access
from werkcoach.models import Gemeente, Organisatie, Pilot, TimeStampedModel
from werkcoach.werkdagen import plus_maanden


class EindeReden(models.TextChoices):
    NAZORG_AFGEROND = "nazorg_afgerond", "Nazorg afgerond: doel bereikt"
    GEEN_INTERESSE = "geen_interesse", "Inwoner wil (nu) niet verder"
    NIET_BEREIKBAAR = "niet_bereikbaar", "Inwoner niet meer bereikbaar"
    GEEN_VERVOLG = "geen_vervolg", "Geen passend vervolgtraject gevonden"
    ANDERE_HULP = "andere_hulp", "Andere hulp gaat nu voor (zorg, schulden, gezondheid)"
    ZELF_WERK = "zelf_werk", "Zelf werk of opleiding gevonden"
    VERHUISD = "verhuisd", "Verhuisd buiten de gemeente"
    MAXIMALE_TERMIJN = "maximale_termijn", "Maximale begeleidingstermijn bereikt"
    TOESTEMMING_INGETROKKEN = "toestemming_ingetrokken", "Toestemming ingetrokken"
    ANDERS = "anders", "Anders"


class Route(models.TextChoices):
    WERK = "werk", "Werk (via WerkCorporatie)"
    OPLEIDING = "opleiding", "Opleiding"
    VRIJWILLIGERSWERK = "vrijwilligerswerk", "Vrijwilligerswerk"
    ANDER_TRAJECT = "ander_traject", "Ander traject bij een andere instantie"


class Sector(models.TextChoices):
    ZORG = "zorg", "Zorg"
    LOGISTIEK = "logistiek", "Logistiek"
    TECHNIEK = "techniek", "Techniek"
    OVERIG = "overig", "Overige sector"


class GesprekLocatie(models.TextChoices):
    THUIS = "thuis", "Bij de inwoner thuis"
    CARREFOUR = "carrefour", "Bij Carrefour"
    WERKCORPORATIE = "werkcorporatie", "Bij de WerkCorporatie"
    TELEFONISCH = "telefonisch", "Telefonisch"


class TrajectQuerySet(models.QuerySet):
    def voor_gebruiker(self, user):
        return self.filter(access.trajecten_q(user, self.model))

    def open(self):
        return self.filter(beeindigd_op__isnull=True)


class Traject(TimeStampedModel):
    """One resident's klantreis in a pilot."""

    pilot = models.ForeignKey(Pilot, on_delete=models.PROTECT, related_name="trajecten")
    inwoner = models.ForeignKey("cases.Inwoner", on_delete=models.PROTECT, related_name="trajecten")
    aanmelding = models.OneToOneField(
        "cases.Aanmelding", on_delete=models.PROTECT, related_name="traject"
    )
    werkcoach = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="trajecten"
    )
    fase = models.CharField(max_length=20, choices=Fase.choices, default=Fase.GESPREK)
    fase_sinds = models.DateTimeField()
    gestart_op = models.DateTimeField()
    gesprek_gepland_op = models.DateTimeField("gesprek gepland op", null=True, blank=True)
    gesprek_locatie = models.CharField(max_length=20, choices=GesprekLocatie.choices, blank=True)
    gesprek_gehouden_op = models.DateTimeField("gesprek gehouden op", null=True, blank=True)
    beeindigd_op = models.DateTimeField(null=True, blank=True)
    einde_reden = models.CharField(max_length=30, choices=EindeReden.choices, blank=True)
    einde_toelichting = models.TextField(blank=True)
    versie = models.PositiveIntegerField(default=1)

    objects = TrajectQuerySet.as_manager()

    class Meta:
        verbose_name = "traject"
        verbose_name_plural = "trajecten"
        ordering = ["-gestart_op"]
        constraints = [
            models.UniqueConstraint(
                fields=["inwoner", "pilot"],
                condition=Q(beeindigd_op__isnull=True),
                name="een_open_traject_per_inwoner_per_pilot",
            ),
            models.CheckConstraint(
                condition=(
                    Q(fase="afgesloten") & Q(beeindigd_op__isnull=False) & ~Q(einde_reden="")
                )
                | (~Q(fase="afgesloten") & Q(beeindigd_op__isnull=True) & Q(einde_reden="")),
                name="traject_afgesloten_heeft_einddatum_en_reden",
            ),
        ]
        indexes = [
            models.Index(fields=["pilot", "fase"]),
            # The caseload: a werkcoach's open trajecten by step.
            models.Index(fields=["werkcoach", "fase", "fase_sinds"], name="traject_caseload"),
            # The inbox's accepted referrals waiting for their gesprek: a small part of all.
            models.Index(
                fields=["aanmelding"],
                condition=Q(fase="gesprek", gesprek_gehouden_op__isnull=True),
                name="traject_wacht_op_gesprek",
            ),
            # A pilot's trajecten as ids alone (index-only): the joins of the handover list's
            # count and the budget's realisation start here instead of at the table.
            models.Index(fields=["pilot", "id"], name="traject_pilot_id"),
            # The figures: the trajecten that ended on a day.
            models.Index(fields=["beeindigd_op"], name="traject_beeindigd_op"),
        ]

    def __str__(self) -> str:
        return f"Traject {self.pk} ({self.get_fase_display()})"

    @property
    def is_open(self) -> bool:
        return self.beeindigd_op is None

    @property
    def maximale_einddatum(self) -> date:
        """The one-year maximum guidance term (a pilot setting, default 365 days)."""
        return timezone.localdate(self.gestart_op) + timedelta(
            days=self.pilot.max_begeleiding_dagen
        )


class Faseovergang(models.Model):
    """Every move in the klantreis, so the time spent in each step can be computed."""

    traject = models.ForeignKey(Traject, on_delete=models.CASCADE, related_name="overgangen")
    van_fase = models.CharField(max_length=20, choices=Fase.choices, blank=True)
    naar_fase = models.CharField(max_length=20, choices=Fase.choices)
    op = models.DateTimeField()
    door = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    toelichting = models.TextField(blank=True)

    class Meta:
        verbose_name = "faseovergang"
        verbose_name_plural = "faseovergangen"
        ordering = ["op", "pk"]
        indexes = [
            models.Index(fields=["naar_fase", "op"]),
            # The KPI engine: a traject's moves in order (LAG/LEAD, the window's semi-join) and
            # the moves of a period.
            models.Index(fields=["traject", "op", "id"], name="overgang_traject_op"),
            models.Index(fields=["op", "traject"], name="overgang_op_traject"),
        ]

    def __str__(self) -> str:
        return f"{self.van_fase or '—'} → {self.naar_fase} ({timezone.localdate(self.op):%d-%m-%Y})"


class Aanbieder(TimeStampedModel):
    naam = models.CharField(max_length=150, unique=True)
    organisatie = models.ForeignKey(
        Organisatie, on_delete=models.SET_NULL, null=True, blank=True, related_name="aanbieders"
    )
    contactpersoon = models.CharField(max_length=150, blank=True)
    email = models.EmailField(blank=True)
    telefoon = models.CharField(max_length=30, blank=True)
    website = models.URLField(blank=True)

    class Meta:
        verbose_name = "aanbieder"
        verbose_name_plural = "aanbieders"
        ordering = ["naam"]

    def __str__(self) -> str:
        return self.naam


class Instrument(TimeStampedModel):
    """An entry of the instrumentenwaaier."""

    class Categorie(models.TextChoices):
        INTERN = "intern", "Intern traject WerkCorporatie"
        EXTERN = "extern", "Extern traject"
        TEST = "test", "Test of diagnose"
        REGELING = "regeling", "Voorziening of regeling"
        ORIENTATIE = "orientatie", "Oriëntatie bij een instelling"

    naam = models.CharField(max_length=150)
    aanbieder = models.ForeignKey(Aanbieder, on_delete=models.PROTECT, related_name="instrumenten")
    categorie = models.CharField(max_length=20, choices=Categorie.choices)
    omschrijving = models.TextField()
    geschikt_voor = models.TextField("voor wie", blank=True)
    sector = models.CharField(max_length=20, choices=Sector.choices, blank=True)
    kosten_indicatie = models.DecimalField(
        "kostenindicatie (€)", max_digits=10, decimal_places=2, null=True, blank=True
    )
    gemeente = models.ForeignKey(
        Gemeente,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="instrumenten",
        help_text="Leeg: beschikbaar in de hele regio.",
    )
    actief = models.BooleanField(default=True)
    gewijzigd_door = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = "instrument"
        verbose_name_plural = "instrumenten"
        ordering = ["naam"]
        constraints = [
            models.UniqueConstraint(
                fields=["naam", "aanbieder"], name="instrument_uniek_per_aanbieder"
            )
        ]

    def __str__(self) -> str:
        return self.naam


class Inzet(TimeStampedModel):
    """An instrument used in a traject, with planned and actual cost."""

    class Status(models.TextChoices):
        GEPLAND = "gepland", "Gepland"
        LOPEND = "lopend", "Lopend"
        AFGEROND = "afgerond", "Afgerond"
        GESTOPT = "gestopt", "Gestopt"

    traject = models.ForeignKey(Traject, on_delete=models.CASCADE, related_name="inzetten")
    instrument = models.ForeignKey(Instrument, on_delete=models.PROTECT, related_name="inzetten")
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.GEPLAND)
    startdatum = models.DateField(null=True, blank=True)
    einddatum = models.DateField(null=True, blank=True)
    kosten_gepland = models.DecimalField(
        "geplande kosten (€)",
        max_digits=10,
        decimal_places=2,
        default=0,
        validators=[MinValueValidator(0)],
    )
    kosten_werkelijk = models.DecimalField(
        "werkelijke kosten (€)",
        max_digits=10,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    toelichting = models.TextField(blank=True)
    vastgelegd_door = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = "inzet van een instrument"
        verbose_name_plural = "inzet van instrumenten"
        ordering = ["-startdatum", "-pk"]
        # The budget's realisation: the year's inzetten with their traject and actual costs,
        # read from the index alone (no scan of every inzet).
        indexes = [
            models.Index(
                fields=["startdatum", "traject", "kosten_werkelijk"],
                name="inzet_start_traject_kosten",
            )
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(einddatum__isnull=True)
                | Q(startdatum__isnull=True)
                | Q(einddatum__gte=models.F("startdatum")),
                name="inzet_einddatum_na_startdatum",
            ),
            models.CheckConstraint(
                condition=Q(kosten_gepland__gte=0), name="inzet_kosten_positief"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.instrument} ({self.get_status_display()})"


class Vervolgtraject(TimeStampedModel):
    traject = models.OneToOneField(Traject, on_delete=models.CASCADE, related_name="vervolgtraject")
    route = models.CharField(max_length=30, choices=Route.choices)
    afgesproken_op = models.DateField()
    sector = models.CharField(
        "sector",
        max_length=20,
        choices=Sector.choices,
        blank=True,
        help_text="Voor de tekortsectoren zorg, logistiek en techniek.",
    )
    # werk
    nugger_ingeschreven_op = models.DateField("ingeschreven als Nugger op", null=True, blank=True)
    accountmanager = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # opleiding
    onderwijsinstelling = models.ForeignKey(
        Organisatie, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    opleiding = models.CharField(max_length=200, blank=True)
    bbl = models.BooleanField("BBL (leren en werken)", default=False)
    werkgever = models.CharField("werkgever (BBL)", max_length=200, blank=True)
    # vrijwilligerswerk / ander traject
    organisatie_naam = models.CharField("organisatie of instantie", max_length=200, blank=True)
    toelichting = models.TextField(blank=True)

    class Meta:
        verbose_name = "vervolgtraject"
        verbose_name_plural = "vervolgtrajecten"

    def __str__(self) -> str:
        return self.get_route_display()


class OverdrachtQuerySet(models.QuerySet):
    def voor_gebruiker(self, user):
        return self.filter(access.overdrachten_q(user))


class Overdracht(TimeStampedModel):
    """A warm handover to the receiving organisation, confirmed by the receiver."""

    traject = models.ForeignKey(Traject, on_delete=models.CASCADE, related_name="overdrachten")
    naar_organisatie = models.ForeignKey(
        Organisatie, on_delete=models.PROTECT, related_name="ontvangen_overdrachten"
    )
    naar_persoon = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="ontvangen_overdrachten",
    )
    naar_naam = models.CharField("naam ontvanger", max_length=150, blank=True)
    overgedragen_op = models.DateTimeField()
    toelichting = models.TextField("afspraken bij de overdracht", blank=True)
    bevestigd_op = models.DateTimeField(null=True, blank=True)
    bevestigd_door = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    vastgelegd_door = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    # Set once by the tasks, so a retried task sends its e-mail only once.
    melding_verstuurd_op = models.DateTimeField(
        "melding aan de ontvanger verstuurd op", null=True, blank=True
    )
    herinnering_verstuurd_op = models.DateTimeField(
        "herinnering niet bevestigd verstuurd op", null=True, blank=True
    )

    objects = OverdrachtQuerySet.as_manager()

    class Meta:
        verbose_name = "overdracht"
        verbose_name_plural = "overdrachten"
        ordering = ["-overgedragen_op"]
        # The handover list's order (open first, newest first): read along it, page by page.
        # On PostgreSQL the first column is NULLS FIRST (migration 0005): SQLite sorts NULL
        # first by itself and refuses the modifier in an index.
        indexes = [
            models.Index(
                models.F("bevestigd_op").asc(),
                models.F("overgedragen_op").desc(),
                models.F("id").desc(),
                name="overdracht_open_eerst_nieuwste",
            ),
            # The figures: the handovers made on a day.
            models.Index(fields=["overgedragen_op"], name="overdracht_overgedragen_op"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(bevestigd_op__isnull=True)
                | Q(bevestigd_op__gte=models.F("overgedragen_op")),
                name="overdracht_bevestiging_na_overdracht",
            )
        ]

    def __str__(self) -> str:
        return f"Overdracht aan {self.naar_organisatie}"


class Nazorgplan(TimeStampedModel):
    class Frequentie(models.TextChoices):
        WEKELIJKS = "wekelijks", "Elke week"
        TWEEWEKELIJKS = "tweewekelijks", "Elke twee weken"
        MAANDELIJKS = "maandelijks", "Elke maand"
        ZESWEKELIJKS = "zeswekelijks", "Elke zes weken"
        KWARTAAL = "kwartaal", "Elk kwartaal"

    class Uitkomst(models.TextChoices):
        AAN_HET_WERK = "werk", "Aan het werk"
        IN_OPLEIDING = "opleiding", "In opleiding"
        VRIJWILLIGERSWERK = "vrijwilligerswerk", "Vrijwilligerswerk"
        ANDER_TRAJECT = "ander_traject", "In een ander traject"
        UITGEVALLEN = "uitgevallen", "Uitgevallen"

    FREQUENTIE_DAGEN = {
        "wekelijks": 7,
        "tweewekelijks": 14,
        "maandelijks": 30,
        "zeswekelijks": 42,
        "kwartaal": 91,
    }

    traject = models.OneToOneField(Traject, on_delete=models.CASCADE, related_name="nazorgplan")
    startdatum = models.DateField()
    duur_maanden = models.PositiveIntegerField(
        "duur (maanden)", default=6, validators=[MinValueValidator(1), MaxValueValidator(24)]
    )
    frequentie = models.CharField(max_length=20, choices=Frequentie.choices)
    afspraken = models.TextField("afspraken met de inwoner", blank=True)
    uitkomst = models.CharField(max_length=20, choices=Uitkomst.choices, blank=True)
    afgerond_op = models.DateField(null=True, blank=True)
    reden_eerder_afgerond = models.TextField(
        "reden van eerder afronden",
        blank=True,
        help_text="Waarom de nazorg vóór de einddatum of zonder alle afgesproken contacten is "
        "afgerond.",
    )

    class Meta:
        verbose_name = "nazorgplan"
        verbose_name_plural = "nazorgplannen"
        indexes = [
            # The figures: the plans that started or were completed on a day.
            models.Index(fields=["startdatum"], name="nazorg_startdatum"),
            models.Index(fields=["afgerond_op"], name="nazorg_afgerond_op"),
        ]

    def __str__(self) -> str:
        return f"Nazorg {self.duur_maanden} maanden, {self.get_frequentie_display().lower()}"

    @property
    def einddatum(self) -> date:
        """The agreed end: ``duur_maanden`` months after the start."""
        return plus_maanden(self.startdatum, self.duur_maanden)


class Nazorgcontact(models.Model):
    """A planned nazorg contact, generated from the plan; logged by a Contactmoment."""

    plan = models.ForeignKey(Nazorgplan, on_delete=models.CASCADE, related_name="contacten")
    gepland_op = models.DateField()
    herinnering_verstuurd_op = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "nazorgcontact"
        verbose_name_plural = "nazorgcontacten"
        ordering = ["gepland_op"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "gepland_op"], name="nazorgcontact_uniek")
        ]

    def __str__(self) -> str:
        return f"Nazorgcontact {self.gepland_op:%d-%m-%Y}"


class Participatietrede(models.IntegerChoices):
    GEISOLEERD = 1, "1. Geïsoleerd"
    SOCIALE_CONTACTEN = 2, "2. Sociale contacten buiten de deur"
    GEORGANISEERDE_ACTIVITEITEN = 3, "3. Deelname georganiseerde activiteiten"
    ONBETAALD_WERK = 4, "4. Onbetaald werk"
    BETAALD_MET_ONDERSTEUNING = 5, "5. Betaald werk met ondersteuning"
    BETAALD_WERK = 6, "6. Betaald werk"


class Participatiemeting(models.Model):
    class Moment(models.TextChoices):
        START = "start", "Start"
        TUSSENTIJDS = "tussentijds", "Tussentijds"
        EINDE = "einde", "Einde"

    traject = models.ForeignKey(Traject, on_delete=models.CASCADE, related_name="metingen")
    datum = models.DateField()
    moment = models.CharField(max_length=20, choices=Moment.choices)
    trede = models.PositiveSmallIntegerField(choices=Participatietrede.choices)
    toelichting = models.TextField(blank=True)
    vastgelegd_door = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = "meting participatieladder"
        verbose_name_plural = "metingen participatieladder"
        ordering = ["datum", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(trede__gte=1) & Q(trede__lte=6), name="trede_1_tot_6"
            ),
        ]

    def __str__(self) -> str:
        return f"Trede {self.trede} ({self.get_moment_display()})"


class ContactmomentQuerySet(models.QuerySet):
    def voor_gebruiker(self, user):
        return self.filter(access.contactmomenten_q(user))


class Contactmoment(TimeStampedModel):
    """A contact of the werkcoach with (or about) the resident during the traject: the
    werkcoach's notes, which no other role reads. The table keeps its first name."""

    class Soort(models.TextChoices):
        GESPREK = "gesprek", "Gesprek op locatie"
        HUISBEZOEK = "huisbezoek", "Huisbezoek"
        TELEFOON = "telefoon", "Telefonisch"
        BEELDBELLEN = "beeldbellen", "Beeldbellen"
        EMAIL = "email", "E-mail of bericht"
        MEELOPEN = "meelopen", "Samen op bezoek bij een instelling"
        OVERLEG = "overleg", "Overleg met een partner"
        NAZORG = "nazorg", "Nazorgcontact"

    traject = models.ForeignKey(Traject, on_delete=models.CASCADE, related_name="contactmomenten")
    datum = models.DateTimeField()
    soort = models.CharField(max_length=20, choices=Soort.choices)
    met_wie = models.CharField("met wie", max_length=200, blank=True)
    verslag = models.TextField("kort verslag")
    vastgelegd_door = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="contactmomenten"
    )
    nazorgcontact = models.OneToOneField(
        Nazorgcontact,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="contactmoment",
    )
    # Idempotency key of the submitted form: a double submit finds the first contact.
    indieningssleutel = models.UUIDField(null=True, blank=True, unique=True, editable=False)

    objects = ContactmomentQuerySet.as_manager()

    class Meta:
        db_table = "cases_contactmoment"
        verbose_name = "contactmoment"
        verbose_name_plural = "contactmomenten"
        ordering = ["-datum"]

    def __str__(self) -> str:
        from django.utils import timezone  # local date in __str__ (Amsterdam, not UTC)

        return f"{self.get_soort_display()} op {timezone.localdate(self.datum):%d-%m-%Y}"

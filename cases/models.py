"""Inwoners, aanmeldingen (referrals with consent) and contactmomenten."""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q

from werkcoach import access
from werkcoach.models import Gebiedsteam, Gemeente, TimeStampedModel
from werkcoach.validators import validate_bsn, validate_postcode


class Doelgroep(models.TextChoices):
    JONGERE = "jongere", "Jongere"
    PARTNER_VAN_WERKENDE = "partner", "Partner van een werkende"
    ALLEENSTAANDE_OUDER = "alleenstaande_ouder", "Alleenstaande ouder"
    OUDERE = "oudere", "Oudere"
    ANDERS = "anders", "Anders"


class Uitkeringssituatie(models.TextChoices):
    GEEN = "geen", "Geen uitkering (Nugger)"
    BIJSTAND = "bijstand", "Bijstand (Participatiewet)"
    WW = "ww", "WW"
    ARBEIDSONGESCHIKT = "arbeidsongeschikt", "WIA, WAO of Wajong"
    ANDERS = "anders", "Anders"
    ONBEKEND = "onbekend", "Onbekend"


class InwonerQuerySet(models.QuerySet):
    def voor_gebruiker(self, user):
        return self.filter(access.inwoners_q(user, self.model))


class Inwoner(TimeStampedModel):
    gemeente = models.ForeignKey(Gemeente, on_delete=models.PROTECT, related_name="inwoners")
    voornaam = models.CharField(max_length=100)
    tussenvoegsel = models.CharField(max_length=20, blank=True)
    achternaam = models.CharField(max_length=150)
    geboortedatum = models.DateField(null=True, blank=True)
    bsn = models.CharField("BSN", max_length=9, blank=True, validators=[validate_bsn])
    straat = models.CharField(max_length=150, blank=True)
    huisnummer = models.CharField(max_length=15, blank=True)
    postcode = models.CharField(max_length=7, blank=True, validators=[validate_postcode])
    woonplaats = models.CharField("woonplaats of dorp", max_length=100, blank=True)
    telefoon = models.CharField(max_length=30, blank=True)
    email = models.EmailField("e-mailadres", blank=True)
    doelgroep = models.CharField(max_length=30, choices=Doelgroep.choices, default=Doelgroep.ANDERS)
    uitkeringssituatie = models.CharField(
        max_length=30, choices=Uitkeringssituatie.choices, default=Uitkeringssituatie.ONBEKEND
    )
    versie = models.PositiveIntegerField(default=1)
    geanonimiseerd_op = models.DateTimeField(null=True, blank=True)

    objects = InwonerQuerySet.as_manager()

    class Meta:
        verbose_name = "inwoner"
        verbose_name_plural = "inwoners"
        ordering = ["achternaam", "voornaam"]
        constraints = [
            models.UniqueConstraint(
                fields=["gemeente", "bsn"],
                condition=~Q(bsn=""),
                name="inwoner_bsn_uniek_per_gemeente",
            )
        ]
        # The name search (``UPPER(name) LIKE``) also has trigram indexes on PostgreSQL, made
        # by migration 0005 only there (``werkcoach.migraties.TrigramIndexen``).
        indexes = [models.Index(fields=["gemeente", "achternaam", "geboortedatum"])]

    def __str__(self) -> str:
        return self.volledige_naam

    @property
    def volledige_naam(self) -> str:
        return " ".join(p for p in (self.voornaam, self.tussenvoegsel, self.achternaam) if p)


class AanmeldingQuerySet(models.QuerySet):
    def voor_gebruiker(self, user):
        return self.filter(access.aanmeldingen_q(user))

    def open(self):
        return self.filter(status=Aanmelding.Status.NIEUW)


class Aanmelding(TimeStampedModel):
    """A referral by a sociaal werker, made with the resident's consent."""

    class Status(models.TextChoices):
        NIEUW = "nieuw", "Nieuw"
        GEACCEPTEERD = "geaccepteerd", "Geaccepteerd"
        AFGEWEZEN = "afgewezen", "Afgewezen"
        ONBEREIKBAAR = "onbereikbaar", "Inwoner niet bereikbaar"
        INGETROKKEN = "ingetrokken", "Toestemming ingetrokken"

    class Contactvoorkeur(models.TextChoices):
        TELEFOON = "telefoon", "Telefonisch"
        EMAIL = "email", "Per e-mail"
        HUISBEZOEK = "huisbezoek", "Huisbezoek"
        VIA_SOCIAAL_WERKER = "via_sociaal_werker", "Via de sociaal werker (samen)"

    class Toestemmingswijze(models.TextChoices):
        MONDELING = "mondeling", "Mondeling, vastgelegd door de sociaal werker"
        SCHRIFTELIJK = "schriftelijk", "Schriftelijk (getekend formulier)"
        DIGITAAL = "digitaal", "Digitaal (e-mail of bericht van de inwoner)"

    gemeente = models.ForeignKey(Gemeente, on_delete=models.PROTECT, related_name="aanmeldingen")
    gebiedsteam = models.ForeignKey(
        Gebiedsteam, on_delete=models.PROTECT, related_name="aanmeldingen"
    )
    inwoner = models.ForeignKey(Inwoner, on_delete=models.PROTECT, related_name="aanmeldingen")
    aangemeld_door = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="aanmeldingen"
    )
    aangemeld_op = models.DateTimeField()
    signaal = models.TextField(
        "signaal", help_text="Waarom deze inwoner? Wat wil of zorgt de inwoner?"
    )
    wens = models.TextField("wens van de inwoner", blank=True)
    contactvoorkeur = models.CharField(
        max_length=30, choices=Contactvoorkeur.choices, default=Contactvoorkeur.TELEFOON
    )
    contact_moment_voorkeur = models.CharField(
        "voorkeur dag en tijd voor contact", max_length=200, blank=True
    )

    toestemming_gegeven = models.BooleanField("toestemming gegeven", default=False)
    toestemming_datum = models.DateField("datum toestemming")
    toestemming_wijze = models.CharField(
        "hoe is toestemming gegeven", max_length=20, choices=Toestemmingswijze.choices
    )
    toestemming_omvang = models.TextField(
        "waarvoor is toestemming gegeven",
        default="Gegevens delen met de werkcoach van de WerkCorporatie voor begeleiding naar "
        "werk of opleiding, en terugkoppeling aan de sociaal werker.",
    )
    toestemming_ingetrokken_op = models.DateTimeField(null=True, blank=True)
    toestemming_ingetrokken_door = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    status = models.CharField(max_length=20, choices=Status.choices, default=Status.NIEUW)
    status_reden = models.TextField("reden", blank=True)
    behandeld_door = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    behandeld_op = models.DateTimeField(null=True, blank=True)
    eerste_contact_op = models.DateTimeField("eerste contact met de inwoner", null=True, blank=True)
    # Idempotency key of the submitted form: a double submit finds the first referral.
    indieningssleutel = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)

    objects = AanmeldingQuerySet.as_manager()

    class Meta:
        verbose_name = "aanmelding"
        verbose_name_plural = "aanmeldingen"
        ordering = ["-aangemeld_op"]
        constraints = [
            models.CheckConstraint(
                condition=Q(toestemming_gegeven=True), name="aanmelding_alleen_met_toestemming"
            ),
            models.CheckConstraint(
                condition=Q(status="nieuw") | Q(behandeld_op__isnull=False),
                name="aanmelding_behandeld_heeft_datum",
            ),
        ]
        indexes = [
            models.Index(fields=["gemeente", "status", "aangemeld_op"]),
            # Mijn aanmeldingen: the team's or the referrer's own, newest first.
            models.Index(fields=["gebiedsteam", "-aangemeld_op"], name="aanmelding_team_recent"),
            models.Index(fields=["aangemeld_door", "-aangemeld_op"], name="aanmelding_door_recent"),
            # The figures: a gemeente's referrals of some days, and the declines and withdrawals
            # recorded on a day.
            models.Index(fields=["gemeente", "aangemeld_op"], name="aanmelding_gemeente_op"),
            models.Index(fields=["behandeld_op"], name="aanmelding_behandeld_op"),
            models.Index(fields=["toestemming_ingetrokken_op"], name="aanmelding_ingetrokken_op"),
        ]

    def __str__(self) -> str:
        from django.utils import timezone  # local date in __str__ (Amsterdam, not UTC)

        return f"Aanmelding {self.pk} ({timezone.localdate(self.aangemeld_op):%d-%m-%Y})"


class Notificatie(models.Model):
    """An e-mail that was sent about a referral. The unique key makes the e-mail tasks idempotent:
    a retry, a second worker or a second beat run finds the record and sends nothing."""

    class Soort(models.TextChoices):
        NIEUWE_AANMELDING = "nieuwe_aanmelding", "Nieuwe aanmelding (aan de werkcoach)"
        STATUS = "status", "Statuswijziging (aan de verwijzer)"
        REACTIETIJD_BIJNA = "reactietijd_bijna", "Reactietijd bijna verstreken (werkcoach)"
        REACTIETIJD_VERLOPEN = "reactietijd_verlopen", "Reactietijd verstreken (werkcoach)"

    aanmelding = models.ForeignKey(
        Aanmelding, on_delete=models.CASCADE, related_name="notificaties"
    )
    soort = models.CharField(max_length=30, choices=Soort.choices)
    # What the e-mail was about within its kind: the status code, or the response-time step.
    sleutel = models.CharField(max_length=50, blank=True)
    aantal_ontvangers = models.PositiveSmallIntegerField(default=0)
    verzonden_op = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "verzonden e-mail"
        verbose_name_plural = "verzonden e-mails"
        ordering = ["-verzonden_op"]
        constraints = [
            models.UniqueConstraint(
                fields=["aanmelding", "soort", "sleutel"], name="notificatie_eenmalig"
            )
        ]

    def __str__(self) -> str:
        from django.utils import timezone  # local date in __str__ (Amsterdam, not UTC)

        return f"{self.get_soort_display()} {self.sleutel} ({timezone.localdate(self.verzonden_op):%d-%m-%Y})"

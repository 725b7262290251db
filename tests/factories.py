"""Factories for the core models. Where a service holds the rules (a user's roles and scope, a
pilot's year targets, an inwoner's normalised details, a referral's consent) the factory creates
through that service, so a test object is one the application could have made.

    GebruikerFactory(werkcoach=True, organisatie=wc, gemeenten=[nop])
    AanmeldingFactory(gebiedsteam=team, door=sw, inwoner_gegevens__doelgroep="oudere", op=...)
"""

from datetime import date

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from cases.models import Aanmelding, Inwoner
from cases.services import aanmelding_create, inwoner_create
from werkcoach.models import Gebiedsteam, Gebruiker, Gemeente, Organisatie, Pilot, Rol
from werkcoach.services import gebruiker_create, pilot_create

WACHTWOORD = "test-wachtwoord-lang-genoeg"


def geldig_bsn(n: int) -> str:
    """The ``n``-th of a series of distinct BSNs that pass the 11-proef. Two prefixes one apart
    differ by 2 in the weighted sum, so at most one of them needs the impossible check digit 10."""
    for prefix in (10_000_000 + 2 * n, 10_000_000 + 2 * n + 1):
        cijfers = str(prefix)
        rest = sum(int(c) * w for c, w in zip(cijfers, range(9, 1, -1), strict=True)) % 11
        if rest < 10:
            return cijfers + str(rest)
    raise AssertionError("unreachable: one of two neighbouring prefixes has a check digit")


class GemeenteFactory(DjangoModelFactory):
    class Meta:
        model = Gemeente
        django_get_or_create = ("naam",)

    naam = factory.Sequence(lambda n: f"Gemeente {n}")
    dorpen = factory.LazyAttribute(lambda o: [o.naam])


class OrganisatieFactory(DjangoModelFactory):
    """``gemeenten=[...]``: the gemeenten the organisation serves."""

    class Meta:
        model = Organisatie
        skip_postgeneration_save = True

    naam = factory.Sequence(lambda n: f"Organisatie {n}")
    soort = Organisatie.Soort.WELZIJN

    @factory.post_generation
    def gemeenten(self, create, gemeenten, **kwargs):
        if create and gemeenten:
            self.gemeenten.set(gemeenten)


class GebiedsteamFactory(DjangoModelFactory):
    """A team of an organisation that serves the team's gemeente."""

    class Meta:
        model = Gebiedsteam
        skip_postgeneration_save = True

    naam = factory.Sequence(lambda n: f"Team {n}")
    gemeente = factory.SubFactory(GemeenteFactory)
    organisatie = factory.SubFactory(OrganisatieFactory)
    dorpen = factory.LazyAttribute(lambda o: list(o.gemeente.dorpen[:1]))

    @factory.post_generation
    def werkgebied(self, create, extracted, **kwargs):
        if create:
            self.organisatie.gemeenten.add(self.gemeente)


class GebruikerFactory(DjangoModelFactory):
    """A personal account made by ``gebruiker_create``; a role as a trait: ``werkcoach=True``."""

    class Meta:
        model = Gebruiker

    class Params:
        sociaal_werker = factory.Trait(rollen=[Rol.SOCIAAL_WERKER])
        werkcoach = factory.Trait(rollen=[Rol.WERKCOACH])
        projectleider = factory.Trait(rollen=[Rol.PROJECTLEIDER])
        manager = factory.Trait(rollen=[Rol.MANAGER])
        partner = factory.Trait(rollen=[Rol.PARTNER])
        beheerder = factory.Trait(rollen=[Rol.BEHEERDER])

    username = factory.Sequence(lambda n: f"gebruiker{n}")
    password = WACHTWOORD
    first_name = factory.LazyAttribute(lambda o: o.username.capitalize())
    last_name = "Test"
    email = factory.LazyAttribute(lambda o: f"{o.username}@example.org")
    organisatie = factory.SubFactory(OrganisatieFactory)
    rollen: list[str] = []
    gemeenten: list[Gemeente] = []
    gebiedsteams: list[Gebiedsteam] = []

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        return gebruiker_create(**kwargs)


class PilotFactory(DjangoModelFactory):
    """A pilot made by ``pilot_create``; ``jaardoelen={2024: 30}`` gives its year targets."""

    class Meta:
        model = Pilot

    gemeente = factory.SubFactory(GemeenteFactory)
    naam = factory.LazyAttribute(lambda o: f"Pilot {o.gemeente.naam}")
    startdatum = date(2023, 1, 1)
    einddatum = date(2030, 12, 31)
    jaardoelen = None

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        return pilot_create(**kwargs)


class InwonerGegevensFactory(factory.DictFactory):
    """The details a referral form gives for a resident (``inwoner_gegevens``)."""

    voornaam = factory.Sequence(lambda n: f"Inwoner{n + 1}")
    achternaam = "Test"
    geboortedatum = factory.Sequence(lambda n: date(1990, 1, 1 + (n + 1) % 27))
    postcode = "8302 AB"
    woonplaats = "Emmeloord"
    doelgroep = "jongere"


class InwonerFactory(DjangoModelFactory):
    """A resident with a valid BSN, made by ``inwoner_create`` (which normalises and checks for
    a double)."""

    class Meta:
        model = Inwoner

    gemeente = factory.SubFactory(GemeenteFactory)
    voornaam = factory.Sequence(lambda n: f"Inwoner{n + 1}")
    achternaam = "Test"
    geboortedatum = date(1990, 1, 1)
    bsn = factory.Sequence(geldig_bsn)
    postcode = "8302 AB"
    woonplaats = factory.LazyAttribute(lambda o: o.gemeente.dorpen[0] if o.gemeente.dorpen else "")
    doelgroep = "jongere"

    @classmethod
    def _create(cls, model_class, *args, gemeente, **gegevens):
        return inwoner_create(gemeente_id=gemeente.pk, gegevens=gegevens)


class AanmeldingFactory(DjangoModelFactory):
    """A referral with consent, made by ``aanmelding_create`` at ``op`` (default: now). The
    resident lives in the team's first village; ``inwoner_gegevens__<veld>`` sets a detail."""

    class Meta:
        model = Aanmelding

    gebiedsteam = factory.SubFactory(GebiedsteamFactory)
    door = factory.SubFactory(
        GebruikerFactory,
        sociaal_werker=True,
        organisatie=factory.SelfAttribute("..gebiedsteam.organisatie"),
        gemeenten=factory.LazyAttribute(lambda o: [o.factory_parent.gebiedsteam.gemeente]),
        gebiedsteams=factory.LazyAttribute(lambda o: [o.factory_parent.gebiedsteam]),
    )
    inwoner_gegevens = factory.SubFactory(
        InwonerGegevensFactory,
        woonplaats=factory.LazyAttribute(
            lambda o: (o.factory_parent.gebiedsteam.dorpen or ["Urk"])[0]
        ),
    )
    signaal = "Wil graag aan het werk."
    toestemming_gegeven = True
    op = None
    toestemming_datum = factory.LazyAttribute(lambda o: (o.op or timezone.now()).date())
    toestemming_wijze = "mondeling"

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        return aanmelding_create(**kwargs)

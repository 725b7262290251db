"""Writes of the cross-cutting parts: roles, users, gemeenten and pilots, and the account
security that beheer acts on (passwords set by someone else, second-factor resets and the
one-time enrolment links)."""

import hashlib
import secrets
from collections.abc import Iterable
from datetime import date, timedelta

from django.conf import settings
from django.contrib.auth.models import Group, Permission
from django.contrib.sessions.models import Session
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage
from django.db import transaction
from django.http import HttpRequest
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from werkcoach import access
from werkcoach.audit import Actie, Doel, audit_log
from werkcoach.models import (
    Feestdag,
    Gebiedsteam,
    Gebruiker,
    Gemeente,
    Inschrijving,
    Organisatie,
    Pilot,
    PilotJaardoel,
    Rol,
)
from werkcoach.templatetags.opmaak import duur_minuten

# What the functioneel beheerder may maintain in the admin.
BEHEER_MODELLEN = {
    "werkcoach": [
        "gemeente",
        "organisatie",
        "gebiedsteam",
        "gebruiker",
        "pilot",
        "pilotjaardoel",
        "feestdag",
    ],
    "trajecten": ["instrument"],
}
# Second factors are not in the list: no role manages devices (a secret would be readable and a
# key of one's own could be planted); beheer resets them with ``tweede_factor_resetten``.
# Viewed only: changing a group's rights (or adding a group) would be a privilege escalation;
# providers serve the whole region and are changed by a superuser.
BEHEER_ALLEEN_BEKIJKEN = {"auth": ["group"], "trajecten": ["aanbieder"]}


@transaction.atomic
def rollen_inrichten() -> None:
    """Create a group per role and give the functioneel beheerder exactly the admin permissions.
    Idempotent: runs after every migrate."""
    for rol in Rol.values:
        Group.objects.get_or_create(name=rol)
    beheer = Group.objects.get(name=Rol.BEHEERDER)
    perms = Permission.objects.none()
    for app_label, models in BEHEER_MODELLEN.items():
        perms |= Permission.objects.filter(
            content_type__app_label=app_label, content_type__model__in=models
        )
    for app_label, models in BEHEER_ALLEEN_BEKIJKEN.items():
        perms |= Permission.objects.filter(
            content_type__app_label=app_label,
            content_type__model__in=models,
            codename__startswith="view_",
        )
    # ``set``: rights granted by an earlier version (change/delete of groups) are taken back.
    beheer.permissions.set(perms)


@transaction.atomic
def gebruiker_create(
    *,
    username: str,
    password: str | None,
    first_name: str,
    last_name: str,
    email: str,
    organisatie: Organisatie | None,
    rollen: Iterable[str],
    gemeenten: Iterable[Gemeente] = (),
    gebiedsteams: Iterable[Gebiedsteam] = (),
) -> Gebruiker:
    """Create a personal staff account with its roles and scope (no shared accounts)."""
    gebruiker = Gebruiker(
        username=username,
        first_name=first_name,
        last_name=last_name,
        email=email,
        organisatie=organisatie,
        is_staff=Rol.BEHEERDER in rollen,
    )
    if password:
        gebruiker.set_password(password)
    else:
        gebruiker.set_unusable_password()
    gebruiker.full_clean(exclude=["password"])
    gebruiker.save()
    gebruiker.groups.set(Group.objects.filter(name__in=list(rollen)))
    gebruiker.gemeenten.set(gemeenten)
    gebruiker.gebiedsteams.set(gebiedsteams)
    return gebruiker


@transaction.atomic
def pilot_create(
    *,
    gemeente: Gemeente,
    naam: str,
    startdatum: date,
    einddatum: date,
    jaardoelen: dict[int, int] | None = None,
    **instellingen,
) -> Pilot:
    pilot = Pilot(
        gemeente=gemeente, naam=naam, startdatum=startdatum, einddatum=einddatum, **instellingen
    )
    pilot.full_clean()
    pilot.save()
    for jaar, doel in (jaardoelen or {}).items():
        PilotJaardoel.objects.create(pilot=pilot, jaar=jaar, doel_orientatie=doel)
    return pilot


# --- Account security: sessions, passwords, second factors, enrolment links ---------------------


def sessies_beeindigen(user: Gebruiker) -> int:
    """Delete every live session of ``user``; returns how many. Sessions last 15 minutes, so
    the live ones are few and decoding them is cheap."""
    sleutels = [
        s.session_key
        for s in Session.objects.filter(expire_date__gt=timezone.now()).only(
            "session_key", "session_data"
        )
        if s.get_decoded().get("_auth_user_id") == str(user.pk)
    ]
    Session.objects.filter(session_key__in=sleutels).delete()
    return len(sleutels)


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _inschrijflink_mailen(gebruiker: Gebruiker, token: str, geldig: int) -> None:
    context = {
        "gebruiker": gebruiker,
        "url": settings.SITE_URL.rstrip("/") + reverse("tweefactor:inschrijven", args=[token]),
        "geldig": duur_minuten(geldig),
    }
    onderwerp = render_to_string("emails/inschrijflink_onderwerp.txt", context).strip()
    tekst = render_to_string("emails/inschrijflink.txt", context)
    EmailMessage(onderwerp, tekst, settings.DEFAULT_FROM_EMAIL, [gebruiker.email]).send()


@transaction.atomic
def inschrijving_versturen(
    *,
    gebruiker: Gebruiker,
    reden: str,
    door: Gebruiker | None = None,
    request: HttpRequest | None = None,
) -> Inschrijving:
    """Send ``gebruiker`` a one-time link to enrol a second factor, to their own e-mail address
    only. Earlier unused links stop working. The token exists only in the e-mail: the database
    keeps its hash. The e-mail is sent in-process once the transaction commits, not through a
    Celery task: the token must not travel through or rest in the broker."""
    if not gebruiker.email:
        raise ValidationError(
            "Dit account heeft geen e-mailadres, dus er kan geen inschrijflink worden "
            "verstuurd. Laat eerst een e-mailadres vastleggen."
        )
    Inschrijving.objects.filter(gebruiker=gebruiker, gebruikt_op__isnull=True).delete()
    token = secrets.token_urlsafe(32)
    geldig = settings.WERKCOACH_INSCHRIJFLINK_GELDIG
    inschrijving = Inschrijving.objects.create(
        gebruiker=gebruiker,
        token_hash=token_hash(token),
        reden=reden,
        aangemaakt_door=door,
        verloopt_op=timezone.now() + timedelta(minutes=geldig),
    )
    audit_log(
        actie=Actie.RECHTEN,
        doel=Doel.BEVEILIGING,
        request=request,
        actor=door,
        object=gebruiker,
        omschrijving=f"Inschrijflink tweede factor verstuurd ({Inschrijving.Reden(reden).label}).",
    )
    transaction.on_commit(lambda: _inschrijflink_mailen(gebruiker, token, geldig))
    return inschrijving


@transaction.atomic
def inschrijving_inwisselen(*, gebruiker: Gebruiker, token: str) -> Inschrijving:
    """Use an enrolment link once: it must be the user's own, unused and not expired. Unconfirmed
    devices from before are removed, so the key shown next is new."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    inschrijving = (
        Inschrijving.objects.select_for_update()
        .filter(
            token_hash=token_hash(token),
            gebruiker=gebruiker,
            gebruikt_op__isnull=True,
            verloopt_op__gt=timezone.now(),
        )
        .first()
    )
    if inschrijving is None:
        raise ValidationError(
            "Deze inschrijflink is verlopen, al gebruikt of niet voor dit account. Vraag een "
            "nieuwe link aan."
        )
    inschrijving.gebruikt_op = timezone.now()
    inschrijving.save(update_fields=["gebruikt_op"])
    TOTPDevice.objects.filter(user=gebruiker, confirmed=False).delete()
    return inschrijving


def _tweede_factoren_verwijderen(gebruiker: Gebruiker) -> int:
    from django_otp import devices_for_user

    devices = list(devices_for_user(gebruiker, confirmed=None))
    for device in devices:
        device.delete()  # one by one: the post_delete signal logs each
    return len(devices)


@transaction.atomic
def tweede_factor_resetten(
    *, gebruiker: Gebruiker, door: Gebruiker, request: HttpRequest | None = None
) -> int:
    """For a lost phone: remove the user's second factors and backup codes, end their sessions
    and e-mail them a one-time enrolment link. Only for an account entirely within the
    beheerder's gemeenten, never another beheerder or a superuser. Returns the number of sessions
    ended."""
    if not access.mag_tweede_factor_resetten(door, gebruiker):
        raise ValidationError(
            "U mag de tweede factor van dit account niet resetten: het is een beheerder, een "
            "applicatiebeheerder, uw eigen account of het hoort (ook) bij een gemeente die u "
            "niet beheert."
        )
    verwijderd, sessies = _opnieuw_inschrijven(
        gebruiker, reden=Inschrijving.Reden.RESET, door=door, request=request
    )
    audit_log(
        actie=Actie.RECHTEN,
        doel=Doel.BEVEILIGING,
        request=request,
        actor=door,
        object=gebruiker,
        omschrijving=f"Tweede factor gereset door {door.get_username()} voor "
        f"{gebruiker.get_username()} ({verwijderd} verwijderd, {sessies} sessies beëindigd).",
    )
    return sessies


def _opnieuw_inschrijven(
    gebruiker: Gebruiker, *, reden: str, door: Gebruiker | None, request: HttpRequest | None
) -> tuple[int, int]:
    """Someone else can now act as the user: e-mail the user an enrolment link, remove their
    second factors and end their sessions. Returns (factors removed, sessions ended)."""
    inschrijving_versturen(gebruiker=gebruiker, reden=reden, door=door, request=request)
    return _tweede_factoren_verwijderen(gebruiker), sessies_beeindigen(gebruiker)


@transaction.atomic
def wachtwoord_instellen(
    *,
    gebruiker: Gebruiker,
    wachtwoord: str | None,
    door: Gebruiker | None,
    request: HttpRequest | None = None,
) -> Gebruiker:
    """Set (or, with ``None``, disable) a password, logged with who did it for whom. A password
    set by someone else is known to them: the user's second factor is reset, their sessions end
    and they enrol again through a link that only they receive."""
    door_ander = door is not None and door.pk != gebruiker.pk
    if door is not None and not access.mag_wachtwoord_zetten(door, gebruiker):
        raise ValidationError(
            "U mag het wachtwoord van dit account niet instellen: het is een beheerder, een "
            "applicatiebeheerder of het hoort (ook) bij een gemeente die u niet beheert."
        )
    if wachtwoord:
        gebruiker.set_password(wachtwoord)
    else:
        gebruiker.set_unusable_password()
    gebruiker.save(update_fields=["password"])
    audit_log(
        actie=Actie.RECHTEN,
        doel=Doel.BEVEILIGING,
        request=request,
        actor=door,
        object=gebruiker,
        omschrijving=(
            f"Wachtwoord {'ingesteld' if wachtwoord else 'uitgeschakeld'} door "
            f"{door.get_username() if door is not None else 'het systeem'} voor "
            f"{gebruiker.get_username()}"
            + (" (beheer: de gebruiker stelt de tweede factor opnieuw in)." if door_ander else ".")
        ),
    )
    if door_ander:
        _opnieuw_inschrijven(
            gebruiker, reden=Inschrijving.Reden.WACHTWOORD, door=door, request=request
        )
    return gebruiker


@transaction.atomic
def gebruiker_in_beheer_aangemaakt(
    *, gebruiker: Gebruiker, door: Gebruiker, request: HttpRequest | None = None
) -> Inschrijving | None:
    """A beheerder created an account (with a password they chose): log the password and send
    the user their enrolment link. Without an e-mail address the user asks for a link later,
    on the enrolment page, once an address is recorded."""
    audit_log(
        actie=Actie.RECHTEN,
        doel=Doel.BEVEILIGING,
        request=request,
        actor=door,
        object=gebruiker,
        omschrijving=f"Wachtwoord ingesteld door {door.get_username()} bij het aanmaken van "
        f"{gebruiker.get_username()} (beheer).",
    )
    if not gebruiker.email:
        return None
    return inschrijving_versturen(
        gebruiker=gebruiker, reden=Inschrijving.Reden.NIEUW, door=door, request=request
    )


# --- Setting up a gemeente: each is looked up before it is made, so running again adds nothing --


@transaction.atomic
def gemeente_inrichten(*, naam: str, cbs_code: str = "", dorpen: Iterable[str] = ()) -> Gemeente:
    """The gemeente named ``naam``; made with its CBS code and villages if it does not exist.
    An existing gemeente is left as it is (beheer may have changed it)."""
    naam = naam.strip()
    bestaand = Gemeente.objects.filter(naam=naam).first()
    if bestaand is not None:
        return bestaand
    gemeente = Gemeente(naam=naam, cbs_code=cbs_code.strip(), dorpen=[d.strip() for d in dorpen])
    gemeente.full_clean()
    gemeente.save()
    return gemeente


@transaction.atomic
def organisatie_inrichten(*, naam: str, soort: str, gemeente: Gemeente) -> Organisatie:
    """The organisation named ``naam`` (made with ``soort`` if new), serving ``gemeente`` too.
    Organisations are shared by gemeenten (ROC, UWV): an existing one keeps its other gemeenten."""
    naam = naam.strip()
    organisatie = Organisatie.objects.filter(naam=naam).first()
    if organisatie is None:
        organisatie = Organisatie(naam=naam, soort=soort)
        organisatie.full_clean()
        organisatie.save()
    organisatie.gemeenten.add(gemeente)
    return organisatie


@transaction.atomic
def gebiedsteam_inrichten(
    *, gemeente: Gemeente, naam: str, organisatie: Organisatie, dorpen: Iterable[str] = ()
) -> Gebiedsteam:
    """The gemeente's gebiedsteam named ``naam``; an existing one is left as it is."""
    naam = naam.strip()
    bestaand = Gebiedsteam.objects.filter(gemeente=gemeente, naam=naam).first()
    if bestaand is not None:
        return bestaand
    team = Gebiedsteam(
        gemeente=gemeente, naam=naam, organisatie=organisatie, dorpen=[d.strip() for d in dorpen]
    )
    team.full_clean()
    team.save()
    return team


@transaction.atomic
def feestdagen_aanvullen(*, gemeente: Gemeente | None, jaren: Iterable[int]) -> int:
    """Add the Dutch public holidays (the ``holidays`` package's calendar) of ``jaren`` to
    ``gemeente`` (``None``: the days that apply to every gemeente). A date that is there already
    is left alone, also when beheer renamed it; a day beheer deleted stays deleted only until the
    next run. Returns the number of days added."""
    import holidays

    toegevoegd = 0
    for jaar in sorted(set(jaren)):
        bestaand = set(
            Feestdag.objects.filter(gemeente=gemeente, datum__year=jaar).values_list(
                "datum", flat=True
            )
        )
        nieuw = [
            Feestdag(gemeente=gemeente, datum=dag, naam=naam[:100])
            for dag, naam in sorted(
                holidays.country_holidays("NL", years=jaar, language="nl").items()
            )
            if dag not in bestaand
        ]
        Feestdag.objects.bulk_create(nieuw, ignore_conflicts=True)
        toegevoegd += len(nieuw)
    return toegevoegd


def feestdagen_volgend_jaar(*, vandaag: date | None = None) -> int:
    """Next year's public holidays for every gemeente (the yearly job). Idempotent."""
    jaar = (vandaag or timezone.localdate()).year + 1
    return sum(
        feestdagen_aanvullen(gemeente=gemeente, jaren=[jaar]) for gemeente in Gemeente.objects.all()
    )


@transaction.atomic
def pilot_inrichten(
    *,
    gemeente: Gemeente,
    naam: str,
    startdatum: date,
    einddatum: date,
    jaardoelen: dict[int, int] | None = None,
    **instellingen,
) -> tuple[Pilot, bool]:
    """The gemeente's pilot named ``naam``, made with ``pilot_create`` if it does not exist.
    Returns the pilot and whether it was made."""
    bestaand = Pilot.objects.filter(gemeente=gemeente, naam=naam.strip()).first()
    if bestaand is not None:
        return bestaand, False
    pilot = pilot_create(
        gemeente=gemeente,
        naam=naam.strip(),
        startdatum=startdatum,
        einddatum=einddatum,
        jaardoelen=jaardoelen,
        **instellingen,
    )
    return pilot, True


@transaction.atomic
def eerste_beheerder_inrichten(
    *,
    gemeente: Gemeente,
    organisatie: Organisatie,
    username: str,
    first_name: str,
    last_name: str,
    email: str,
    wachtwoord: str,
    door: Gebruiker | None = None,
) -> tuple[Gebruiker, bool]:
    """The gemeente's first functioneel beheerder, with a first password that whoever set up
    the gemeente hands over; the owner enrols their second factor through the one-time link
    e-mailed to them only (``inschrijving_versturen``), as for every account made by someone
    else. An existing account is left alone (no second link). Returns the account and whether
    it was made."""
    bestaand = Gebruiker.objects.filter(username=username).first()
    if bestaand is not None:
        if not bestaand.gemeenten.filter(pk=gemeente.pk).exists():
            raise ValidationError(
                {"username": "Deze gebruikersnaam is al in gebruik bij een andere gemeente."}
            )
        return bestaand, False
    if not email.strip():
        raise ValidationError({"email": "Vul het e-mailadres van de beheerder in."})
    gebruiker = gebruiker_create(
        username=username,
        password=wachtwoord,
        first_name=first_name,
        last_name=last_name,
        email=email.strip(),
        organisatie=organisatie,
        rollen=[Rol.BEHEERDER],
        gemeenten=[gemeente],
    )
    audit_log(
        actie=Actie.RECHTEN,
        doel=Doel.BEVEILIGING,
        actor=door,
        object=gebruiker,
        omschrijving=f"Eerste beheerder {gebruiker.get_username()} van {gemeente} aangemaakt "
        f"door {door.get_username() if door is not None else 'het systeem'}.",
    )
    inschrijving_versturen(gebruiker=gebruiker, reden=Inschrijving.Reden.NIEUW, door=door)
    return gebruiker, True

"""Audit records for logins and for changes of users, groups and rights (BIO2 8.15)."""

from __future__ import annotations

from django.contrib.auth.models import Group
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.db.models.signals import m2m_changed, post_delete

from werkcoach.audit import Actie, Doel, Resultaat, audit_log
from werkcoach.middleware import huidig_verzoek


def _ingelogd(sender, request, user, **kwargs):
    audit_log(
        actie=Actie.INLOGGEN,
        doel=Doel.BEVEILIGING,
        request=request,
        actor=user,
        object=user,
        omschrijving="Ingelogd met wachtwoord.",
    )


ONBEKEND = "onbekende gebruikersnaam"


def _bekende_naam(naam) -> str:
    """The typed user name only if it is an existing account: a password typed into the user
    name field must not end up in the append-only log."""
    from werkcoach.models import Gebruiker

    naam = str(naam or "")[:150]
    if naam and Gebruiker.objects.filter(**{f"{Gebruiker.USERNAME_FIELD}__iexact": naam}).exists():
        return naam
    return ONBEKEND


def _mislukt(sender, credentials, request=None, **kwargs):
    # ``credentials`` is already scrubbed of the password by Django; the name is kept only
    # when it belongs to an account.
    naam = _bekende_naam(credentials.get("username"))
    audit_log(
        actie=Actie.INLOGGEN_MISLUKT,
        doel=Doel.BEVEILIGING,
        request=request,
        resultaat=Resultaat.GEWEIGERD,
        omschrijving=f"Inloggen mislukt voor gebruikersnaam '{naam}'.",
    )


def _uitgelogd(sender, request, user, **kwargs):
    if user is not None:
        audit_log(
            actie=Actie.UITLOGGEN, doel=Doel.BEVEILIGING, request=request, actor=user, object=user
        )


def _geblokkeerd(sender, request, username=None, ip_address=None, **kwargs):
    audit_log(
        actie=Actie.INLOGGEN_MISLUKT,
        doel=Doel.BEVEILIGING,
        request=request,
        resultaat=Resultaat.GEWEIGERD,
        omschrijving="Account tijdelijk geblokkeerd na te veel pogingen "
        f"('{_bekende_naam(username)}').",
    )


_KOPPELING = {
    "groups": "rollen",
    "gemeenten": "gemeenten",
    "gebiedsteams": "gebiedsteams",
    "user_permissions": "losse rechten",
}


def _rechten_gewijzigd(sender, instance, action, pk_set, model, **kwargs):
    """Roles, gemeenten, gebiedsteams or permissions of a user (or a group's permissions)
    changed. Who did it comes from the current request (the admin), if any."""
    if action not in ("post_add", "post_remove", "post_clear"):
        return
    if action != "post_clear" and not pk_set:
        return  # Django signals an add of nothing new too
    from werkcoach.models import Gebruiker

    veld = next((n for n in _KOPPELING if getattr(Gebruiker, n).through is sender), "")
    soort = {"post_add": "toegevoegd", "post_remove": "verwijderd", "post_clear": "gewist"}[action]
    ids = ", ".join(str(pk) for pk in sorted(pk_set or []))
    audit_log(
        actie=Actie.RECHTEN,
        doel=Doel.BEHEER,
        request=huidig_verzoek(),
        object=instance,
        omschrijving=f"{_KOPPELING.get(veld, 'groepsrechten')} {soort}: "
        f"{model._meta.verbose_name} {ids}".strip(),
    )


def _tweede_factor_verwijderd(sender, instance, **kwargs):
    audit_log(
        actie=Actie.RECHTEN,
        doel=Doel.BEVEILIGING,
        request=huidig_verzoek(),
        object=instance.user,
        omschrijving=f"Tweede factor verwijderd ({instance.name}).",
    )


def verbinden() -> None:
    from axes.signals import user_locked_out

    from werkcoach.models import Gebruiker

    user_logged_in.connect(_ingelogd, dispatch_uid="audit_ingelogd")
    user_login_failed.connect(_mislukt, dispatch_uid="audit_mislukt")
    user_logged_out.connect(_uitgelogd, dispatch_uid="audit_uitgelogd")
    user_locked_out.connect(_geblokkeerd, dispatch_uid="audit_geblokkeerd")
    for naam in _KOPPELING:
        m2m_changed.connect(
            _rechten_gewijzigd,
            sender=getattr(Gebruiker, naam).through,
            dispatch_uid=f"audit_rechten_{naam}",
        )
    m2m_changed.connect(
        _rechten_gewijzigd, sender=Group.permissions.through, dispatch_uid="audit_groep_rechten"
    )
    from django_otp.plugins.otp_static.models import StaticDevice
    from django_otp.plugins.otp_totp.models import TOTPDevice

    for model in (TOTPDevice, StaticDevice):
        post_delete.connect(
            _tweede_factor_verwijderd, sender=model, dispatch_uid=f"audit_{model.__name__}"
        )

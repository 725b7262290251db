"""The access policy: who may see which residents, referrals and trajecten.

This is the one place where visibility is decided. Every queryset that a view, export, report
or task shows to a user goes through ``<Model>.objects.voor_gebruiker(user)``, which applies the
``*_q(user)`` filters below; views are gated by role with ``rol_vereist``.

Rules:
- nobody sees anything of a gemeente they are not scoped to;
- a werkcoach sees the residents, referrals and trajecten of their gemeente(n);
- a sociaal werker sees the referrals of their own gebiedsteam(s) and the status of what became
  of them, never the werkcoach's notes (contactmomenten);
- a partner contact sees only the trajecten handed over to them or their organisation;
- projectleider and manager see their pilots' aggregate figures, not individual files;
- the functioneel beheerder manages users, organisations and the catalogue, not resident files.

The base knows no domain app: a model's ``voor_gebruiker`` passes its own model in, and a rule
reaches related models through that model's relations (``_verwant``), as its lookups do.
"""

from __future__ import annotations

from functools import wraps
from typing import TYPE_CHECKING

from django.apps import apps
from django.core.exceptions import PermissionDenied
from django.db.models import Q

from werkcoach.models import Rol

if TYPE_CHECKING:
    from werkcoach.models import Gebruiker

NIETS = Q(pk__in=[])


def _actief(user) -> bool:
    return bool(user and user.is_authenticated and user.is_active)


def _model(app_label: str, name: str):
    return apps.get_model(app_label, name)


def _verwant(model, *relaties: str):
    """The model at the end of a chain of relations of ``model`` (``"trajecten",
    "overdrachten"`` from Inwoner gives Overdracht)."""
    for relatie in relaties:
        model = model._meta.get_field(relatie).related_model
    return model


def _ontvanger_q(user: Gebruiker) -> Q:
    """Handovers addressed to this partner contact, or to their organisation."""
    q = Q(naar_persoon=user)
    if user.organisatie_id:
        q |= Q(naar_organisatie_id=user.organisatie_id)
    return q


def gemeente_ids(user: Gebruiker) -> frozenset[int]:
    return user.gemeente_ids if _actief(user) else frozenset()


def inwoners_q(user: Gebruiker, inwoner_model) -> Q:
    if not _actief(user):
        return NIETS
    q = NIETS
    gemeenten = gemeente_ids(user)
    if user.heeft_rol(Rol.WERKCOACH):
        q |= Q(gemeente_id__in=gemeenten)
    if user.heeft_rol(Rol.SOCIAAL_WERKER):
        aanmeldingen = _verwant(inwoner_model, "aanmeldingen").objects.filter(
            gebiedsteam_id__in=user.gebiedsteam_ids
        )
        q |= Q(gemeente_id__in=gemeenten, pk__in=aanmeldingen.values("inwoner_id"))
    if user.heeft_rol(Rol.PARTNER):
        overdracht = _verwant(inwoner_model, "trajecten", "overdrachten")
        overdrachten = overdracht.objects.filter(_ontvanger_q(user))
        q |= Q(gemeente_id__in=gemeenten, pk__in=overdrachten.values("traject__inwoner_id"))
    return q


def aanmeldingen_q(user: Gebruiker) -> Q:
    if not _actief(user):
        return NIETS
    q = NIETS
    gemeenten = gemeente_ids(user)
    if user.heeft_rol(Rol.WERKCOACH):
        q |= Q(gemeente_id__in=gemeenten)
    if user.heeft_rol(Rol.SOCIAAL_WERKER):
        q |= Q(gemeente_id__in=gemeenten, gebiedsteam_id__in=user.gebiedsteam_ids)
    return q


def trajecten_q(user: Gebruiker, traject_model) -> Q:
    if not _actief(user):
        return NIETS
    q = NIETS
    gemeenten = gemeente_ids(user)
    if user.heeft_rol(Rol.WERKCOACH):
        q |= Q(pilot__gemeente_id__in=gemeenten)
    if user.heeft_rol(Rol.SOCIAAL_WERKER):
        q |= Q(
            pilot__gemeente_id__in=gemeenten,
            aanmelding__gebiedsteam_id__in=user.gebiedsteam_ids,
        )
    if user.heeft_rol(Rol.PARTNER):
        overdrachten = _verwant(traject_model, "overdrachten").objects.filter(_ontvanger_q(user))
        q |= Q(pilot__gemeente_id__in=gemeenten, pk__in=overdrachten.values("traject_id"))
    return q


def contactmomenten_q(user: Gebruiker) -> Q:
    """The werkcoach's notes: only for werkcoaches of the gemeente."""
    if not _actief(user) or not user.heeft_rol(Rol.WERKCOACH):
        return NIETS
    return Q(traject__pilot__gemeente_id__in=gemeente_ids(user))


def overdrachten_q(user: Gebruiker) -> Q:
    if not _actief(user):
        return NIETS
    q = NIETS
    gemeenten = gemeente_ids(user)
    if user.heeft_rol(Rol.WERKCOACH):
        q |= Q(traject__pilot__gemeente_id__in=gemeenten)
    if user.heeft_rol(Rol.PARTNER):
        q |= Q(traject__pilot__gemeente_id__in=gemeenten) & _ontvanger_q(user)
    return q


def pilots_q(user: Gebruiker) -> Q:
    """Pilots whose figures a user may see: projectleider and manager of the gemeente."""
    if not _actief(user) or not user.heeft_rol(Rol.PROJECTLEIDER, Rol.MANAGER):
        return NIETS
    return Q(gemeente_id__in=gemeente_ids(user))


def rol_vereist(*rollen: str):
    """View decorator: the user must be logged in and hold one of ``rollen``."""

    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            from django.contrib.auth.views import redirect_to_login

            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not request.user.heeft_rol(*rollen):
                raise PermissionDenied("Uw rol geeft geen toegang tot deze pagina.")
            return view(request, *args, **kwargs)

        wrapper.toegestane_rollen = frozenset(rollen)  # type: ignore[attr-defined]
        return wrapper

    return decorator


# --- Functioneel beheer -----------------------------------------------------------------------
# A beheerder manages the gemeente-owned settings and the users of their own gemeenten only.
# Objects that no single gemeente owns (the Gemeente records, regional entries) are for a
# superuser. The admin (``werkcoach.beheer.GemeenteBeheerMixin``) applies these rules.


def beheert_alles(user) -> bool:
    """A superuser manages every gemeente and the regional objects."""
    return _actief(user) and bool(user.is_superuser)


def beheer_gemeente_ids(user) -> frozenset[int]:
    """The gemeenten a functioneel beheerder manages (for a superuser: not limited, see
    ``beheert_alles``)."""
    if not _actief(user) or not user.heeft_rol(Rol.BEHEERDER):
        return frozenset()
    return gemeente_ids(user)


def beheer_gemeenten_q(user, veld: str = "gemeente") -> Q:
    """Objects whose gemeente (``veld``, a foreign key or many-to-many path) the user manages.
    For a many-to-many path a row may repeat: filter with ``pk__in`` on a subquery."""
    if beheert_alles(user):
        return Q()
    ids = beheer_gemeente_ids(user)
    return Q(**{f"{veld}__in": ids}) if ids else NIETS


def _gebruiker_gemeente_ids(gebruiker) -> frozenset[int]:
    return frozenset(gebruiker.gemeenten.values_list("pk", flat=True))


def gebruikers_beheer_q(user) -> Q:
    """Users a beheerder may open in beheer: those sharing a managed gemeente, plus those
    without a gemeente (just created). Never a superuser."""
    if beheert_alles(user):
        return Q()
    ids = beheer_gemeente_ids(user)
    if not ids:
        return NIETS
    gebruiker = _model("werkcoach", "Gebruiker")
    gedeeld = gebruiker.objects.filter(gemeenten__in=ids).values("pk")
    zonder = gebruiker.objects.filter(gemeenten__isnull=True).values("pk")
    return Q(is_superuser=False) & (Q(pk__in=gedeeld) | Q(pk__in=zonder))


def beheert_gebruiker_volledig(user, gebruiker) -> bool:
    """Every gemeente of ``gebruiker`` is managed by ``user``. Rights that reach into all of an
    account's gemeenten (its roles, its password, its second factor) need this: otherwise a
    beheerder of one gemeente could act in another through a shared account."""
    if beheert_alles(user):
        return True
    if not _actief(user) or gebruiker.is_superuser:
        return False
    ids = beheer_gemeente_ids(user)
    return bool(ids) and _gebruiker_gemeente_ids(gebruiker) <= ids


def _overname_mogelijk(user, gebruiker) -> bool:
    """Setting a password or resetting a second factor hands the account to whoever receives
    it: only for accounts entirely within the beheerder's gemeenten, and never for another
    beheerder or a superuser."""
    if beheert_alles(user):
        return True
    # The groups themselves, not ``heeft_rol``: an inactive beheerder is still one.
    beheerder = gebruiker.groups.filter(name=Rol.BEHEERDER).exists()
    if gebruiker.is_superuser or gebruiker.is_staff or beheerder:
        return False
    return beheert_gebruiker_volledig(user, gebruiker)


def mag_wachtwoord_zetten(user, gebruiker) -> bool:
    if _actief(user) and user.pk == gebruiker.pk:
        return True  # one's own password
    return _overname_mogelijk(user, gebruiker)


def mag_tweede_factor_resetten(user, gebruiker) -> bool:
    if _actief(user) and user.pk == gebruiker.pk and not user.is_superuser:
        return False  # one's own reset goes through a colleague or the applicatiebeheerder
    return _overname_mogelijk(user, gebruiker)


# Where each gemeente-owned model keeps its gemeente: the scope of its beheer pages and of the
# choices offered for it. A model not named here has no gemeente (superuser only).
BEHEER_GEMEENTE_PAD = {
    "werkcoach.gemeente": "pk",
    "werkcoach.organisatie": "gemeenten",
    "werkcoach.gebiedsteam": "gemeente",
    "werkcoach.pilot": "gemeente",
    "werkcoach.pilotjaardoel": "pilot__gemeente",
    "werkcoach.feestdag": "gemeente",
    "trajecten.instrument": "gemeente",
    "cases.aanmelding": "gemeente",
}


def beheer_keuzes(user, model):
    """The objects of ``model`` a beheerder may choose in a form (a gemeente, team, pilot or
    organisation of their own gemeenten); ``None`` when the model is not gemeente-owned or the
    user manages everything."""
    pad = BEHEER_GEMEENTE_PAD.get(model._meta.label_lower)
    if pad is None or beheert_alles(user):
        return None
    binnen = model._default_manager.filter(beheer_gemeenten_q(user, pad)).values("pk")
    return model._default_manager.filter(pk__in=binnen)

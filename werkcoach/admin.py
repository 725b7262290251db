from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.contrib.auth.admin import UserAdmin
from django.contrib.auth.forms import AdminPasswordChangeForm
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django_otp.plugins.otp_static import admin as _static_admin  # noqa: F401 - registers first
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp import admin as _totp_admin  # noqa: F401 - registers first
from django_otp.plugins.otp_totp.models import TOTPDevice

from werkcoach import access
from werkcoach.audit import Actie, Doel, audit_log
from werkcoach.beheer import GemeenteBeheerMixin
from werkcoach.middleware import huidig_verzoek
from werkcoach.models import (
    Feestdag,
    Gebiedsteam,
    Gebruiker,
    Gemeente,
    Organisatie,
    Pilot,
    PilotJaardoel,
    Rol,
)
from werkcoach.services import (
    gebruiker_in_beheer_aangemaakt,
    tweede_factor_resetten,
    wachtwoord_instellen,
)

# Fields only a superuser may see or set: with them a beheerder could grant any right.
ALLEEN_SUPERUSER = ("is_superuser", "is_staff", "user_permissions")
# A beheerder must not widen their own role or scope.
EIGEN_SCOPE = ("groups", "gemeenten", "gebiedsteams")


@admin.register(Gemeente)
class GemeenteAdmin(GemeenteBeheerMixin, admin.ModelAdmin):
    """The gemeenten themselves: no single gemeente owns them, so a superuser only."""

    gemeente_veld = None
    list_display = ["naam", "cbs_code"]
    search_fields = ["naam"]


@admin.register(Organisatie)
class OrganisatieAdmin(GemeenteBeheerMixin, admin.ModelAdmin):
    """An organisation may serve several gemeenten: a beheerder sees those serving one of
    theirs, changes only their own gemeenten in the list and keeps the others."""

    behoud_onbeheerd = {"gemeenten": "pk"}
    list_display = ["naam", "soort"]
    list_filter = ["soort", "gemeenten"]
    search_fields = ["naam"]
    formfield_overrides = {models.ManyToManyField: {"widget": forms.CheckboxSelectMultiple}}


@admin.register(Gebiedsteam)
class GebiedsteamAdmin(GemeenteBeheerMixin, admin.ModelAdmin):
    list_display = ["naam", "organisatie", "gemeente"]
    list_filter = ["gemeente"]
    list_select_related = ["organisatie", "gemeente"]


class BeheerWachtwoordForm(AdminPasswordChangeForm):
    """The admin's "set password" form, saved through ``wachtwoord_instellen``: logged, and a
    password set for someone else makes them enrol their second factor again."""

    def clean(self):
        cleaned = super().clean()
        verzoek = huidig_verzoek()
        door = verzoek.user if verzoek is not None else None
        if door is not None and door.pk != self.user.pk and not self.user.email:
            raise forms.ValidationError(
                "Dit account heeft geen e-mailadres. Zonder e-mailadres kan de gebruiker de "
                "tweestapsverificatie niet opnieuw instellen; laat eerst een e-mailadres "
                "vastleggen."
            )
        return cleaned

    def save(self, commit=True):
        verzoek = huidig_verzoek()
        return wachtwoord_instellen(
            gebruiker=self.user,
            wachtwoord=(
                self.cleaned_data["password1"] if self.cleaned_data["set_usable_password"] else None
            ),
            door=verzoek.user if verzoek is not None and verzoek.user.is_authenticated else None,
            request=verzoek,
        )


@admin.register(Gebruiker)
class GebruikerAdmin(GemeenteBeheerMixin, UserAdmin):
    gemeente_veld = "gemeenten"
    gemeente_verplicht = False  # a new account has no gemeente yet
    behoud_onbeheerd = {"gemeenten": "pk", "gebiedsteams": "gemeente"}
    change_password_form = BeheerWachtwoordForm
    actions = ["tweede_factor_resetten"]
    list_display = ["username", "first_name", "last_name", "organisatie", "is_active"]
    list_filter = ["groups", "organisatie", "gemeenten", "is_active"]
    list_select_related = ["organisatie"]
    add_fieldsets = (
        (
            None,
            {
                "classes": ("wide",),
                "fields": ("username", "email", "usable_password", "password1", "password2"),
                "description": "De gebruiker krijgt op dit e-mailadres een eenmalige link om "
                "de tweestapsverificatie in te stellen.",
            },
        ),
    )
    fieldsets = (
        *(UserAdmin.fieldsets or ()),
        (
            "Werkcoach in de wijk",
            {"fields": ("organisatie", "gemeenten", "gebiedsteams", "telefoon")},
        ),
    )
    # Checkboxes, not Django's two-list filter widget: a handful of roles, gemeenten and teams,
    # and the filter widget's icons break the accessibility rules (aria-prohibited-attr).
    filter_horizontal = ()
    formfield_overrides = {models.ManyToManyField: {"widget": forms.CheckboxSelectMultiple}}

    def beheer_q(self, user):
        return access.gebruikers_beheer_q(user)

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if request.user.is_superuser:
            return fieldsets
        return [
            (naam, {**opties, "fields": [v for v in opties["fields"] if v not in ALLEEN_SUPERUSER]})
            for naam, opties in fieldsets
        ]

    def get_readonly_fields(self, request, obj=None):
        # The moments of the last login and of joining are facts, not settings.
        velden = [*super().get_readonly_fields(request, obj), "last_login", "date_joined"]
        if obj is None or request.user.is_superuser:
            return velden
        if obj.pk == request.user.pk:
            velden += EIGEN_SCOPE
        elif not access.beheert_gebruiker_volledig(request.user, obj):
            # Roles count in every gemeente of the account, also those of someone else.
            velden.append("groups")
        if obj.email:
            # The enrolment link goes to this address: changing it would hand over the account.
            velden.append("email")
        return velden

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name == "user_permissions":
            # Hundreds of permissions: a list to pick from, not checkboxes (superusers only).
            kwargs["widget"] = forms.SelectMultiple(attrs={"size": 12})
        if db_field.name == "groups":
            # Only the role groups: no ad-hoc group with hand-picked rights.
            kwargs["queryset"] = Group.objects.filter(name__in=Rol.values).order_by("name")
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def user_change_password(self, request, id, form_url=""):
        gebruiker = self.get_object(request, unquote(id))
        if not access.mag_wachtwoord_zetten(request.user, gebruiker):
            raise PermissionDenied("U mag het wachtwoord van dit account niet instellen.")
        return super().user_change_password(request, id, form_url)

    @admin.action(
        description="Tweede factor resetten (nieuwe inschrijflink per e-mail)",
        permissions=["change"],
    )
    def tweede_factor_resetten(self, request, queryset):
        gelukt, geweigerd = [], []
        for gebruiker in queryset:
            try:
                tweede_factor_resetten(gebruiker=gebruiker, door=request.user, request=request)
            except ValidationError as exc:
                geweigerd.append(f"{gebruiker.get_username()}: {' '.join(exc.messages)}")
            else:
                gelukt.append(gebruiker.get_username())
        if gelukt:
            self.message_user(
                request,
                "Tweede factor gereset voor "
                + ", ".join(gelukt)
                + ". De gebruiker krijgt een inschrijflink per e-mail; lopende sessies zijn "
                "beëindigd.",
                messages.SUCCESS,
            )
        for melding in geweigerd:
            self.message_user(request, melding, messages.ERROR)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        # Admin access follows the role: whoever gets (or loses) the beheerder role gets (or
        # loses) access to beheer. is_staff itself is not on the beheerder's form.
        obj = form.instance
        staf = obj.is_superuser or obj.groups.filter(name=Rol.BEHEERDER).exists()
        if obj.is_staff != staf:
            obj.is_staff = staf
            obj.save(update_fields=["is_staff"])

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        velden = ", ".join(sorted(form.changed_data)) if change else ""
        audit_log(
            actie=Actie.WIJZIGEN if change else Actie.AANMAKEN,
            doel=Doel.BEHEER,
            request=request,
            object=obj,
            # Field names only: never the values (the password hash is one of the fields).
            omschrijving=f"Gebruiker {'gewijzigd' if change else 'aangemaakt'} in beheer"
            + (f" ({velden})." if velden else "."),
        )
        if not change:
            gebruiker_in_beheer_aangemaakt(gebruiker=obj, door=request.user, request=request)

    def delete_model(self, request, obj):
        audit_log(
            actie=Actie.VERWIJDEREN,
            doel=Doel.BEHEER,
            request=request,
            object=obj,
            omschrijving="Gebruiker verwijderd in beheer.",
        )
        super().delete_model(request, obj)


class PilotJaardoelInline(admin.StackedInline):
    """Stacked: a table's column headers do not label the fields of its rows."""

    model = PilotJaardoel
    extra = 0


@admin.register(Pilot)
class PilotAdmin(GemeenteBeheerMixin, admin.ModelAdmin):
    list_display = ["naam", "gemeente", "startdatum", "einddatum"]
    list_filter = ["gemeente"]
    inlines = [PilotJaardoelInline]


@admin.register(Feestdag)
class FeestdagAdmin(GemeenteBeheerMixin, admin.ModelAdmin):
    """Holidays of the beheerder's gemeenten; the national ones (no gemeente) are shown
    read-only and changed by a superuser."""

    regionaal_zichtbaar = True
    list_display = ["datum", "naam", "gemeente"]
    list_filter = ["gemeente"]
    date_hierarchy = "datum"


# Second factors are not managed here: a beheerder resets them with the action on the users
# page (the user enrols again through an e-mailed link), and no page shows a secret. django-otp
# registers its device admins; they are taken out for every role, superusers included.
for _model in (TOTPDevice, StaticDevice):
    if admin.site.is_registered(_model):
        admin.site.unregister(_model)

# Nor the roles (groups): their rights are set in code (``rollen_inrichten``) and a role is
# given on the users page; a group edited here would drift from the code. (django-axes' tables
# of login attempts are off too: ``AXES_ENABLE_ADMIN`` in the settings.)
if admin.site.is_registered(Group):
    admin.site.unregister(Group)

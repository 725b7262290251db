from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.contrib.auth.models import Group
from django.db import models

from werkcoach.audit import Actie, Doel, audit_log
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

# Fields only a superuser may see or set: with them a beheerder could grant any right.
ALLEEN_SUPERUSER = ("is_superuser", "is_staff", "user_permissions")
# A beheerder must not widen their own role or scope.
EIGEN_SCOPE = ("groups", "gemeenten", "gebiedsteams")


@admin.register(Gemeente)
class GemeenteAdmin(admin.ModelAdmin):
    list_display = ["naam", "cbs_code"]
    search_fields = ["naam"]


@admin.register(Organisatie)
class OrganisatieAdmin(admin.ModelAdmin):
    list_display = ["naam", "soort"]
    list_filter = ["soort", "gemeenten"]
    search_fields = ["naam"]
    filter_horizontal = ["gemeenten"]


@admin.register(Gebiedsteam)
class GebiedsteamAdmin(admin.ModelAdmin):
    list_display = ["naam", "organisatie", "gemeente"]
    list_filter = ["gemeente"]
    list_select_related = ["organisatie", "gemeente"]


@admin.register(Gebruiker)
class GebruikerAdmin(UserAdmin):
    list_display = ["username", "first_name", "last_name", "organisatie", "is_active"]
    list_filter = ["groups", "organisatie", "gemeenten", "is_active"]
    list_select_related = ["organisatie"]
    fieldsets = (
        *UserAdmin.fieldsets,
        (
            "Werkcoach in de wijk",
            {"fields": ("organisatie", "gemeenten", "gebiedsteams", "telefoon")},
        ),
    )
    filter_horizontal = ["groups", "user_permissions", "gemeenten", "gebiedsteams"]

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if request.user.is_superuser:
            return fieldsets
        return [
            (naam, {**opties, "fields": [v for v in opties["fields"] if v not in ALLEEN_SUPERUSER]})
            for naam, opties in fieldsets
        ]

    def get_readonly_fields(self, request, obj=None):
        velden = list(super().get_readonly_fields(request, obj))
        if obj is not None and obj.pk == request.user.pk and not request.user.is_superuser:
            velden += EIGEN_SCOPE
        return velden

    def get_queryset(self, request):
        qs = super().get_queryset(request)
        if request.user.is_superuser:
            return qs
        # Users sharing a gemeente with the beheerder, plus those without one (just created).
        # Superusers are out of reach: a beheerder can neither edit nor reset them.
        gedeeld = Gebruiker.objects.filter(
            gemeenten__in=Gemeente.objects.filter(gebruikers=request.user)
        ).values("pk")
        zonder = Gebruiker.objects.filter(gemeenten__isnull=True).values("pk")
        return qs.filter(is_superuser=False).filter(
            models.Q(pk__in=gedeeld) | models.Q(pk__in=zonder)
        )

    def _binnen_bereik(self, request, obj) -> bool:
        return request.user.is_superuser or (
            not obj.is_superuser and self.get_queryset(request).filter(pk=obj.pk).exists()
        )

    def has_change_permission(self, request, obj=None):
        if obj is not None and not self._binnen_bereik(request, obj):
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        if obj is not None and not self._binnen_bereik(request, obj):
            return False
        return super().has_delete_permission(request, obj)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name == "groups":
            # Only the role groups: no ad-hoc group with hand-picked rights.
            kwargs["queryset"] = Group.objects.filter(name__in=Rol.values).order_by("name")
        if db_field.name in ("gemeenten", "gebiedsteams") and not request.user.is_superuser:
            # A beheerder hands out only the gemeenten they manage themselves.
            gemeenten = request.user.gemeenten.all()
            kwargs["queryset"] = (
                gemeenten
                if db_field.name == "gemeenten"
                else Gebiedsteam.objects.filter(gemeente__in=gemeenten)
            )
        return super().formfield_for_manytomany(db_field, request, **kwargs)

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

    def delete_model(self, request, obj):
        audit_log(
            actie=Actie.VERWIJDEREN,
            doel=Doel.BEHEER,
            request=request,
            object=obj,
            omschrijving="Gebruiker verwijderd in beheer.",
        )
        super().delete_model(request, obj)


class PilotJaardoelInline(admin.TabularInline):
    model = PilotJaardoel
    extra = 0


@admin.register(Pilot)
class PilotAdmin(admin.ModelAdmin):
    list_display = ["naam", "gemeente", "startdatum", "einddatum"]
    list_filter = ["gemeente"]
    inlines = [PilotJaardoelInline]


@admin.register(Feestdag)
class FeestdagAdmin(admin.ModelAdmin):
    list_display = ["datum", "naam", "gemeente"]
    list_filter = ["gemeente"]
    date_hierarchy = "datum"

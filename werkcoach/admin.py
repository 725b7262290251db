from django.contrib import admin
from django.contrib.auth.admin import UserAdmin

from werkcoach.audit import Actie, Doel, audit_log
from werkcoach.models import (
    Feestdag,
    Gebiedsteam,
    Gebruiker,
    Gemeente,
    Organisatie,
    Pilot,
    PilotJaardoel,
)


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

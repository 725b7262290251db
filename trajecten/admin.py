from django.contrib import admin

from trajecten.models import Aanbieder, Instrument


@admin.register(Aanbieder)
class AanbiederAdmin(admin.ModelAdmin):
    list_display = ["naam", "organisatie", "contactpersoon", "email"]
    search_fields = ["naam"]


@admin.register(Instrument)
class InstrumentAdmin(admin.ModelAdmin):
    list_display = ["naam", "aanbieder", "categorie", "sector", "kosten_indicatie", "actief"]
    list_filter = ["categorie", "sector", "aanbieder", "actief"]
    search_fields = ["naam", "omschrijving", "geschikt_voor"]
    list_select_related = ["aanbieder"]
    readonly_fields = ["gewijzigd_door", "gewijzigd_op"]

    def save_model(self, request, obj, form, change):
        obj.gewijzigd_door = request.user
        super().save_model(request, obj, form, change)

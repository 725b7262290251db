from django.contrib import admin

from trajecten.models import Aanbieder, Instrument
from trajecten.services import instrument_opslaan
from werkcoach.audit import Actie, Doel, audit_log
from werkcoach.beheer import GemeenteBeheerMixin


@admin.register(Aanbieder)
class AanbiederAdmin(GemeenteBeheerMixin, admin.ModelAdmin):
    """Providers serve the whole region: every beheerder reads them, a superuser changes them."""

    gemeente_veld = None
    regionaal_zichtbaar = True
    list_display = ["naam", "organisatie", "contactpersoon", "email"]
    search_fields = ["naam"]


@admin.register(Instrument)
class InstrumentAdmin(GemeenteBeheerMixin, admin.ModelAdmin):
    """Saves through ``instrument_opslaan`` (the same rules as the app) and logs every change.
    Regional entries (no gemeente) are read-only for anyone but a superuser; another gemeente's
    entries are not shown."""

    regionaal_zichtbaar = True
    list_display = ["naam", "aanbieder", "categorie", "sector", "kosten_indicatie", "actief"]
    list_filter = ["categorie", "sector", "aanbieder", "actief"]
    search_fields = ["naam", "omschrijving", "geschikt_voor"]
    list_select_related = ["aanbieder"]
    readonly_fields = ["gewijzigd_door", "gewijzigd_op"]

    def save_model(self, request, obj, form, change):
        velden = {k: v for k, v in form.cleaned_data.items() if k in form._meta.fields}
        bestaand = Instrument.objects.get(pk=obj.pk) if change else None
        # The form checked the same rules, so the service does not refuse here.
        opgeslagen = instrument_opslaan(door=request.user, instrument=bestaand, **velden)
        obj.pk = opgeslagen.pk
        obj.gewijzigd_door = opgeslagen.gewijzigd_door
        audit_log(
            actie=Actie.WIJZIGEN if change else Actie.AANMAKEN,
            doel=Doel.BEHEER,
            request=request,
            object=opgeslagen,
            omschrijving=("beheer: " + ", ".join(sorted(form.changed_data)))[:500],
        )

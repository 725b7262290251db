from django.contrib import admin

from trajecten.models import Aanbieder, Instrument
from trajecten.services import instrument_opslaan
from werkcoach.audit import Actie, Doel, audit_log
from werkcoach.models import Gemeente


@admin.register(Aanbieder)
class AanbiederAdmin(admin.ModelAdmin):
    list_display = ["naam", "organisatie", "contactpersoon", "email"]
    search_fields = ["naam"]


@admin.register(Instrument)
class InstrumentAdmin(admin.ModelAdmin):
    """Saves through ``instrument_opslaan`` (the same rules as the app) and logs every change.
    Regional entries (no gemeente) are read-only for anyone but a superuser."""

    list_display = ["naam", "aanbieder", "categorie", "sector", "kosten_indicatie", "actief"]
    list_filter = ["categorie", "sector", "aanbieder", "actief"]
    search_fields = ["naam", "omschrijving", "geschikt_voor"]
    list_select_related = ["aanbieder"]
    readonly_fields = ["gewijzigd_door", "gewijzigd_op"]

    def has_change_permission(self, request, obj=None):
        eigen = request.user.gemeente_ids
        if obj is not None and not request.user.is_superuser and obj.gemeente_id not in eigen:
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return self.has_change_permission(request, obj) and super().has_delete_permission(
            request, obj
        )

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        veld = super().formfield_for_foreignkey(db_field, request, **kwargs)
        if db_field.name == "gemeente" and not request.user.is_superuser:
            veld.queryset = Gemeente.objects.filter(pk__in=request.user.gemeente_ids)
            veld.required = True
        return veld

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)

        class InstrumentAdminForm(form):  # type: ignore[misc, valid-type]
            def _post_clean(self):
                super()._post_clean()
                if self.errors:
                    return
                # Check the service's rules before saving, so a refusal shows on the form.
                bestaand = Instrument.objects.filter(pk=self.instance.pk).first()
                gemeente = self.cleaned_data.get("gemeente")
                gebruiker = request.user
                if gebruiker.is_superuser:
                    return
                if bestaand is not None and bestaand.gemeente_id not in gebruiker.gemeente_ids:
                    self.add_error(None, "Alleen de applicatiebeheerder kan dit wijzigen.")
                elif gemeente is None or gemeente.pk not in gebruiker.gemeente_ids:
                    self.add_error("gemeente", "Kies een gemeente waarvoor u werkt.")

        return InstrumentAdminForm

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

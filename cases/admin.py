"""Functioneel beheer sees referral metadata for support; resident files are not edited here."""

from django.contrib import admin

from cases.models import Aanmelding
from werkcoach.beheer import GemeenteBeheerMixin


@admin.register(Aanmelding)
class AanmeldingAdmin(GemeenteBeheerMixin, admin.ModelAdmin):
    list_display = ["pk", "gemeente", "gebiedsteam", "status", "aangemeld_op"]
    list_filter = ["gemeente", "gebiedsteam", "status"]
    date_hierarchy = "aangemeld_op"
    # Person data and notes are not shown to beheer (data minimisation).
    fields = ("gemeente", "gebiedsteam", "status", "aangemeld_op", "behandeld_op")
    readonly_fields = fields

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

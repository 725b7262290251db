"""The klantreis on the start page: the werkcoach's residents per step, the partner's open
handovers."""

from django.db.models import Count

from trajecten.models import Fase, Overdracht, Traject
from werkcoach.models import Gebruiker, Rol
from werkcoach.startpagina import bijdrage


@bijdrage
def klantreis(user: Gebruiker) -> dict:
    context: dict = {}
    if user.heeft_rol(Rol.WERKCOACH):
        per_fase = dict(
            Traject.objects.voor_gebruiker(user).open().values_list("fase").annotate(n=Count("pk"))
        )
        context["wc_per_fase"] = [
            {"fase": label, "aantal": per_fase.get(value, 0)}
            for value, label in Fase.choices
            if value != Fase.AFGESLOTEN
        ]
    if user.heeft_rol(Rol.PARTNER):
        context["partner_onbevestigd"] = (
            Overdracht.objects.voor_gebruiker(user).filter(bevestigd_op__isnull=True).count()
        )
    return context

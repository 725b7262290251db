"""The referrals on the start page: the sociaal werker's by status, the werkcoach's new ones."""

from django.db.models import Count

from cases.models import Aanmelding
from werkcoach.models import Gebruiker, Rol
from werkcoach.startpagina import bijdrage


@bijdrage
def aanmeldingen(user: Gebruiker) -> dict:
    context: dict = {}
    if user.heeft_rol(Rol.SOCIAAL_WERKER):
        eigen = Aanmelding.objects.voor_gebruiker(user).filter(aangemeld_door=user)
        context["sw_per_status"] = [
            {"status": Aanmelding.Status(r["status"]).label, "aantal": r["n"]}
            for r in eigen.values("status").annotate(n=Count("pk")).order_by("status")
        ]
    if user.heeft_rol(Rol.WERKCOACH):
        context["wc_nieuwe_aanmeldingen"] = (
            Aanmelding.objects.voor_gebruiker(user).filter(status=Aanmelding.Status.NIEUW).count()
        )
    return context

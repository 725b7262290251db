"""Add the Dutch public holidays of next year (or ``--jaar``) to every gemeente. Idempotent;
beat runs the same service yearly (``werkcoach.tasks.feestdagen_volgend_jaar``)."""

from django.core.management.base import BaseCommand

from werkcoach.models import Gemeente
from werkcoach.services import feestdagen_aanvullen, feestdagen_volgend_jaar


class Command(BaseCommand):
    help = "Vul de feestdagen van volgend jaar (of --jaar) aan voor elke gemeente."

    def add_arguments(self, parser):
        parser.add_argument("--jaar", type=int, help="Dit jaar in plaats van volgend jaar.")

    def handle(self, *args, **opties):
        if opties["jaar"]:
            aantal = sum(
                feestdagen_aanvullen(gemeente=g, jaren=[opties["jaar"]])
                for g in Gemeente.objects.all()
            )
        else:
            aantal = feestdagen_volgend_jaar()
        self.stdout.write(f"{aantal} feestdag(en) toegevoegd.")

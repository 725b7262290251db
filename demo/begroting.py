"""The pilot's money and archive: its budget, the costs booked against it month by month, and
the reports a running pilot has on file. All made through rapportage's services."""

from datetime import date, timedelta
from decimal import Decimal

from rapportage.kpi import Periode
from rapportage.models import Post, Rapport
from rapportage.services import (
    JAARPLAN_2024,
    begroting_vullen,
    begroting_wijzigen,
    rapport_aanvragen,
    uitgave_create,
)
from werkcoach.models import Gebruiker, Pilot


def begroting_laden(pilot: Pilot, projectleider: Gebruiker) -> None:
    """The project plan's budget; a pilot that has one already is left alone."""
    if not begroting_vullen(pilot=pilot, door=projectleider):
        return
    # The pilot was extended after 2024: the demo budgets the later years like the 2024
    # year plan, so the dashboard's budget burn has something to show for today.
    for jaar in range(2025, pilot.einddatum.year + 1):
        for post, bedrag in JAARPLAN_2024.items():
            if bedrag:
                begroting_wijzigen(
                    pilot=pilot,
                    jaar=jaar,
                    post=post,
                    bedrag=Decimal(bedrag),
                    door=projectleider,
                    toelichting="Verlenging van de pilot",
                )


def uitgaven_laden(pilot: Pilot, projectleider: Gebruiker, vandaag: date) -> None:
    """The pilot's monthly staff costs and some communication costs, as the projectleider
    records them, so the budget shows a realistic burn."""
    maand = date(2023, 7, 1)
    while maand < vandaag.replace(day=1):
        for post, omschrijving, bedrag in _maandkosten(maand):
            uitgave_create(
                pilot=pilot,
                door=projectleider,
                datum=maand,
                post=post,
                omschrijving=omschrijving,
                bedrag=Decimal(bedrag),
            )
        maand = (maand + timedelta(days=32)).replace(day=1)


def _maandkosten(maand: date) -> list[tuple[str, str, str]]:
    """(post, description, amount) of what one month cost."""
    kosten: list[tuple[str, str, str]] = [
        (Post.PERSONEEL, f"Inzet werkcoach {maand:%m-%Y}", "4333.00")
    ]
    if maand.year < 2024:
        kosten.append((Post.PERSONEEL, f"Inzet projectleider {maand:%m-%Y}", "750.00"))
    if maand.month in (3, 9):
        kosten.append((Post.COMMUNICATIE, "Folders en advertentie in het Gemeentenieuws", "640.50"))
    return kosten


def rapporten_laden(pilot: Pilot, projectleider: Gebruiker, vandaag: date) -> None:
    """Last month's management report and the verantwoording of the whole pilot, as the archive of a
    running pilot would hold them (made by the same service and task as in real use)."""
    vorige = vandaag.replace(day=1) - timedelta(days=1)
    rapport_aanvragen(
        pilot=pilot,
        soort=Rapport.Soort.MAANDRAPPORTAGE,
        periode=Periode.maand(vorige.year, vorige.month),
        door=projectleider,
        toelichting="Twee nieuwe open lessen bij ROC Friese Poort; de Schakelteams zorg en "
        "techniek namen elk een inwoner op.",
    )
    rapport_aanvragen(
        pilot=pilot,
        soort=Rapport.Soort.VERANTWOORDING,
        periode=Periode(pilot.startdatum, pilot.einddatum),
        door=projectleider,
        toelichting="De pilot is verlengd; de werkwijze is overgedragen aan gemeente Urk.",
    )

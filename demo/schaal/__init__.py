"""Regional data at scale for the benchmarks: by default 100,000 residents over five gemeenten,
written with ``COPY`` on PostgreSQL (bulk inserts elsewhere), not through the services.

The rules the services enforce hold for these rows too (``tests/demo/test_schaal.py`` checks
them): each traject's fase is its last Faseovergang, a closed traject has its end and reason, a
referral's status agrees with its traject, consent is always recorded. The parts:
``inrichting`` (gemeenten, pilots, people, budget), ``reis`` (one resident's story as data),
``tabellen`` (one function per table) and ``logboek`` (the processing log).
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

from django.db import transaction
from django.utils import timezone

from demo.schaal.inrichting import regio_inrichten
from demo.schaal.logboek import Logboek
from demo.schaal.reis import Verteller, Wereld
from demo.schaal.schrijver import Schrijver
from demo.schaal.tabellen import TABELLEN
from werkcoach.models import Gebruiker

BLOK = 5000


@dataclass
class Verslag:
    tellingen: dict[str, int]
    seconden: float
    open_per_werkcoach: dict[str, tuple[int, int]] = field(default_factory=dict)


def schaal_vullen(
    *,
    inwoners: int,
    seed: int = 2026,
    nu: datetime | None = None,
    lijst_per_traject: float = 0.5,
    voortgang: Callable[[str], None] = lambda tekst: None,
) -> Verslag:
    """Fill the database with ``inwoners`` residents over five gemeenten. Run after
    ``migrate`` and ``demo_laden`` (the catalogue and the roles come from there)."""
    begin = time.perf_counter()
    nu = nu or timezone.now()
    with transaction.atomic():
        regio = regio_inrichten(inwoners=inwoners, vandaag=timezone.localdate(nu))
        s = Schrijver()
        namen = dict(Gebruiker.objects.values_list("pk", "username"))
        logboek = Logboek(s, namen, lijst_per_traject)
        rng = random.Random(seed)  # noqa: S311 - test data, not security
        verdeling = _verdeling(inwoners, [aandeel for _, aandeel in regio.werelden])
        for (wereld, _), aantal in zip(regio.werelden, verdeling, strict=True):
            _gemeente_vullen(wereld, aantal, s, logboek, rng, nu, voortgang)
        voortgang("verwerkingslog op volgorde van tijd")
        logboek.afronden()
        s.sequenties_bijwerken()
    return Verslag(
        tellingen=dict(s.tellingen),
        seconden=time.perf_counter() - begin,
        open_per_werkcoach=_open_per_werkcoach([w for w, _ in regio.werelden]),
    )


def _verdeling(totaal: int, aandelen: list[float]) -> list[int]:
    """``totaal`` split by the shares, adding up exactly."""
    aantallen = [int(totaal * a) for a in aandelen]
    aantallen[0] += totaal - sum(aantallen)
    return aantallen


def _gemeente_vullen(
    wereld: Wereld,
    aantal: int,
    s: Schrijver,
    logboek: Logboek,
    rng: random.Random,
    nu: datetime,
    voortgang: Callable[[str], None],
) -> None:
    modellen = _id_modellen()
    verteller = Verteller(rng, wereld, nu, lambda naam: s.id(modellen[naam]))
    for start in range(0, aantal, BLOK):
        reizen = [verteller.reis() for _ in range(min(BLOK, aantal - start))]
        for tabel in TABELLEN:
            tabel(reizen, wereld, s, rng)
        logboek.schrijf(reizen, wereld, rng, nu)
        voortgang(f"gemeente {wereld.gemeente_id}: {start + len(reizen)} van {aantal}")
    logboek.inloggen(wereld, nu)


def _id_modellen() -> dict[str, type]:
    from cases.models import Aanmelding, Inwoner
    from trajecten.models import (
        Contactmoment,
        Inzet,
        Nazorgcontact,
        Nazorgplan,
        Overdracht,
        Participatiemeting,
        Traject,
        Vervolgtraject,
    )

    return {
        "inwoner": Inwoner,
        "aanmelding": Aanmelding,
        "traject": Traject,
        "contact": Contactmoment,
        "meting": Participatiemeting,
        "inzet": Inzet,
        "vervolg": Vervolgtraject,
        "overdracht": Overdracht,
        "nazorg": Nazorgplan,
        "nazorgcontact": Nazorgcontact,
    }


def _open_per_werkcoach(werelden: list[Wereld]) -> dict[str, tuple[int, int]]:
    """Per gemeente id: the fewest and most open trajecten of one werkcoach."""
    from django.db.models import Count

    from trajecten.models import Traject

    uit = {}
    for w in werelden:
        per = dict(
            Traject.objects.open()
            .filter(werkcoach_id__in=w.werkcoaches)
            .values_list("werkcoach_id")
            .annotate(n=Count("pk"))
            .values_list("werkcoach_id", "n")
        )
        aantallen = [per.get(wc, 0) for wc in w.werkcoaches]
        uit[str(w.gemeente_id)] = (min(aantallen), max(aantallen))
    return uit


__all__ = ["Verslag", "schaal_vullen"]

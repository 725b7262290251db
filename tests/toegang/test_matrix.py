"""Every URL pattern against every role, with the expected result written down per URL and role.
The matrix is written to ``var/toegangsmatrix.csv``."""

import csv
from datetime import timedelta
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from cases.services import contactmoment_create
from tests.conftest import maak_aanmelding, maak_traject
from tests.toegang.matrix import ROLLEN, modules, volledige_matrix
from trajecten.models import Instrument, Route
from trajecten.services import (
    catalogus_laden,
    gesprek_vastleggen,
    overdracht_create,
    traject_advance,
    vervolgtraject_vastleggen,
)


def _namen(patterns, prefix=""):
    for p in patterns:
        if isinstance(p, URLResolver):
            ns = f"{prefix}{p.namespace}:" if p.namespace else prefix
            if p.namespace == "admin":
                continue  # the admin is checked by the rows named in matrix_werkcoach
            yield from _namen(p.url_patterns, ns)
        elif isinstance(p, URLPattern) and p.name:
            yield f"{prefix}{p.name}"


def alle_url_namen() -> set[str]:
    return set(_namen(get_resolver().url_patterns))


def test_every_url_has_a_row_in_the_matrix():
    matrix = volledige_matrix()
    ontbrekend = sorted(alle_url_namen() - set(matrix))
    assert not ontbrekend, f"URLs without an access rule in tests/toegang/matrix_*.py: {ontbrekend}"
    verdwenen = sorted(n for n in set(matrix) - alle_url_namen() if not n.startswith("admin:"))
    assert not verdwenen, f"Rows for URLs that no longer exist: {verdwenen}"


@pytest.fixture
def objecten(wereld):
    """One object of each kind, in gemeente Noordoostpolder, gebiedsteam A."""
    wc = wereld.werkcoach
    start = timezone.now() - timedelta(days=20)
    catalogus_laden()
    traject = maak_traject(wereld, op=start)
    gesprek_vastleggen(
        traject=traject, door=wc, gehouden_op=start + timedelta(days=1), verslag="Gesprek."
    )
    traject_advance(traject=traject, naar="orientatie", door=wc, op=start + timedelta(days=2))
    vervolgtraject_vastleggen(
        traject=traject,
        door=wc,
        route=Route.OPLEIDING,
        afgesproken_op=start.date(),
        onderwijsinstelling=wereld.roc,
        op=start + timedelta(days=3),
    )
    overdracht = overdracht_create(
        traject=traject,
        door=wc,
        naar_organisatie=wereld.roc,
        naar_persoon=wereld.partner,
        overgedragen_op=start + timedelta(days=4),
    )
    traject.refresh_from_db()
    basis = {
        "aanmelding": maak_aanmelding(wereld),
        "traject": traject,
        "inwoner": traject.inwoner,
        "overdracht": overdracht,
        "instrument": Instrument.objects.first(),
        "contactmoment": contactmoment_create(
            traject=traject, door=wc, datum=timezone.now(), soort="telefoon", verslag="Notitie."
        ),
    }
    for module in modules():
        extra = getattr(module, "objecten", None)
        if extra:
            basis.update(extra(wereld, basis))
    return basis


def _waarde(objecten, spec: str):
    naam, _, attribuut = spec.partition(".")
    obj = objecten[naam]
    return getattr(obj, attribuut or "pk")


def test_matrix(client, wereld, objecten):
    gebruikers = {"anoniem": None, **wereld.rollen()}
    matrix = volledige_matrix()
    afwijkingen, regels = [], []
    for naam in sorted(matrix):
        r = matrix[naam]
        url = reverse(naam, kwargs={k: _waarde(objecten, v) for k, v in r.kwargs.items()}) + r.query
        rij_csv = {"url": naam, "pad": url}
        for rol in ROLLEN:
            client.logout()
            if gebruikers[rol] is not None:
                client.force_login(gebruikers[rol])
            status = client.get(url).status_code
            rij_csv[rol] = status
            if status != r.verwacht[rol]:
                afwijkingen.append(f"{naam} as {rol}: got {status}, expected {r.verwacht[rol]}")
        regels.append(rij_csv)
    uitvoer = Path(settings.VAR_DIR) / "toegangsmatrix.csv"
    uitvoer.parent.mkdir(parents=True, exist_ok=True)
    with uitvoer.open("w", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=["url", "pad", *ROLLEN])
        writer.writeheader()
        writer.writerows(regels)
    assert not afwijkingen, "\n".join(afwijkingen)

"""Every URL pattern against every role, with GET and with POST, with the expected result written
down per URL, method and role. The matrix is written to ``var/toegangsmatrix.csv``.

Every request runs in a savepoint that is rolled back, so each role meets the same objects. A
POST that must be refused (302 to the login for anonymous, 403, 404, 405) must also leave the
database unchanged: no statement may write to a table (the processing log, the sessions and
the login-attempt bookkeeping excepted: a refusal may be logged)."""

import csv
from datetime import timedelta
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from tests.conftest import maak_aanmelding, traject_op_stap
from tests.toegang.matrix import (
    ALLEEN_POST,
    GEWEIGERD,
    NAAR_LOGIN,
    NIET_GEVONDEN,
    NIET_INGELOGD,
    ROLLEN,
    modules,
    volledige_matrix,
)
from trajecten.models import Fase, Instrument, Route
from trajecten.services import (
    catalogus_laden,
    contactmoment_create,
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
    traject = traject_op_stap(
        wereld, Fase.OVERDRACHT, op=start, route=Route.OPLEIDING, naar_persoon=wereld.partner
    )
    basis = {
        "aanmelding": maak_aanmelding(wereld),
        "traject": traject,
        "inwoner": traject.inwoner,
        "overdracht": traject.overdrachten.get(),
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
    if spec == "vandaag":  # a date the forms accept on any day the suite runs
        return timezone.localdate().strftime("%d-%m-%Y")
    naam, _, attribuut = spec.partition(".")
    obj = objecten[naam]
    return getattr(obj, attribuut or "pk")


# Holes the matrix found that are not fixed yet (fixes belong to the app, not to this test).
# Each entry: (url name, method, role, what the request really gave: a status, or
# "data gewijzigd"). The test reports them and fails as soon as one no longer occurs, so the
# list stays true. The expected (secure) result stays in the matrix.
BEKENDE_GATEN: list[tuple[str, str, str, int | str]] = []

_GEWEIGERD = {NIET_INGELOGD, GEWEIGERD, NIET_GEVONDEN, ALLEEN_POST}
_LOGIN_PADEN = ("/inloggen/", "/beheer/login/")


def _moet_weigeren(rol: str, verwacht: int) -> bool:
    return verwacht in _GEWEIGERD or (rol == "anoniem" and verwacht == NAAR_LOGIN)


def _schrijfopdrachten(queries) -> list[str]:
    """The statements that wrote to a table of the project's apps (the processing log, sessions
    and login-attempt bookkeeping excepted)."""
    uitgezonderd = ("werkcoach_logregel", "django_session", "axes_")
    schrijvend = ("INSERT", "UPDATE", "DELETE", "REPLACE")
    return [
        q["sql"]
        for q in queries
        if q["sql"].lstrip().upper().startswith(schrijvend)
        and not any(t in q["sql"] for t in uitgezonderd)
    ]


def test_matrix(client, wereld, objecten):
    gebruikers = {"anoniem": None, **wereld.rollen()}
    matrix = volledige_matrix()
    client.raise_request_exception = False  # a crash is a 500 in the matrix, not an abort
    afwijkingen, regels, gaten = [], [], set()
    for naam in sorted(matrix):
        r = matrix[naam]
        url = reverse(naam, kwargs={k: _waarde(objecten, v) for k, v in r.kwargs.items()}) + r.query
        data = {k: _waarde(objecten, v[1:]) if v.startswith("@") else v for k, v in r.data.items()}
        for methode, verwacht in (("GET", r.verwacht), ("POST", r.verwacht_post())):
            rij_csv = {"url": naam, "pad": url, "methode": methode}
            for rol in ROLLEN:
                client.logout()
                if gebruikers[rol] is not None:
                    client.force_login(gebruikers[rol])
                weigeren = methode == "POST" and (
                    _moet_weigeren(rol, verwacht[rol]) or rol in r.schrijft_niet
                )
                # The query log keeps at most 9000 queries over the whole test: start empty.
                connection.queries_log.clear()
                with transaction.atomic(), CaptureQueriesContext(connection) as queries:
                    antwoord = client.get(url) if methode == "GET" else client.post(url, data)
                    transaction.set_rollback(True)
                status = antwoord.status_code
                rij_csv[rol] = status
                bevindingen: list[int | str] = []
                if status != verwacht[rol]:
                    bevindingen.append(status)
                elif rol == "anoniem" and status == NAAR_LOGIN:
                    plek = antwoord.headers["Location"]
                    if not any(p in plek for p in _LOGIN_PADEN):
                        bevindingen.append(f"302 naar {plek}")
                if weigeren and _schrijfopdrachten(queries.captured_queries):
                    bevindingen.append("data gewijzigd")
                for kreeg in bevindingen:
                    sleutel = (naam, methode, rol, kreeg)
                    if sleutel in BEKENDE_GATEN:
                        gaten.add(sleutel)
                    else:
                        afwijkingen.append(
                            f"{methode} {naam} as {rol}: got {kreeg}, expected {verwacht[rol]}"
                        )
            regels.append(rij_csv)
    uitvoer = Path(settings.VAR_DIR) / "toegangsmatrix.csv"
    uitvoer.parent.mkdir(parents=True, exist_ok=True)
    with uitvoer.open("w", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=["url", "pad", "methode", *ROLLEN])
        writer.writeheader()
        writer.writerows(regels)
    for gat in sorted(gaten, key=str):
        print("Bekend gat in de toegang:", *gat)
    gedicht = sorted(set(BEKENDE_GATEN) - gaten, key=str)
    assert not gedicht, f"Holes in BEKENDE_GATEN that no longer occur; remove them: {gedicht}"
    assert not afwijkingen, "\n".join(afwijkingen)

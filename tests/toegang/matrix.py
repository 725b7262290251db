"""The authorisation matrix: for every named URL, the expected HTTP status per role.

Each app keeps its rows in ``tests/toegang/matrix_<app>.py`` as ``MATRIX = {url_name: rij(...)}``
and may define ``objecten(wereld, basis) -> dict`` to create extra objects its URLs need.
A URL in the URL configuration without a row makes ``test_matrix`` fail.

Roles (the users come from the ``wereld`` fixture; the objects belong to gemeente Noordoostpolder,
gebiedsteam A):
  anoniem, sociaal_werker, werkcoach, projectleider, manager, partner, beheerder,
  sociaal_werker_ander_team (gebiedsteam B of the same gemeente),
  werkcoach_andere_gemeente (gemeente Urk).
"""

from __future__ import annotations

import importlib
import pkgutil
from dataclasses import dataclass, field

ROLLEN = (
    "anoniem",
    "sociaal_werker",
    "werkcoach",
    "projectleider",
    "manager",
    "partner",
    "beheerder",
    "sociaal_werker_ander_team",
    "werkcoach_andere_gemeente",
)

# Shorthands for the expected result.
OK = 200
NAAR_LOGIN = 302
GEWEIGERD = 403
NIET_GEVONDEN = 404
ALLEEN_POST = 405


@dataclass(frozen=True)
class Rij:
    verwacht: dict[str, int]
    kwargs: dict[str, str] = field(default_factory=dict)
    query: str = ""


def rij(
    *,
    kwargs: dict[str, str] | None = None,
    query: str = "",
    overig: int | None = None,
    **codes: int,
) -> Rij:
    """One row: ``codes`` per role; ``overig`` for every role not named. ``kwargs`` maps a URL
    argument to an object key with an optional attribute: ``{"pk": "traject"}`` or
    ``{"token": "rapport.token"}``."""
    onbekend = set(codes) - set(ROLLEN)
    if onbekend:
        raise ValueError(f"Unknown roles in the matrix: {sorted(onbekend)}")
    if overig is None and set(codes) != set(ROLLEN):
        raise ValueError(
            f"Name every role or give overig=: missing {sorted(set(ROLLEN) - set(codes))}"
        )
    verwacht = {r: codes.get(r, overig) for r in ROLLEN}
    return Rij(verwacht=verwacht, kwargs=kwargs or {}, query=query)


def modules():
    import tests.toegang as pakket

    for info in pkgutil.iter_modules(pakket.__path__):
        if info.name.startswith("matrix_"):
            yield importlib.import_module(f"tests.toegang.{info.name}")


def volledige_matrix() -> dict[str, Rij]:
    matrix: dict[str, Rij] = {}
    for module in modules():
        for naam, r in module.MATRIX.items():
            if naam in matrix:
                raise ValueError(f"{naam} appears twice in the matrix")
            matrix[naam] = r
    return matrix

"""The authorisation matrix: for every named URL, the expected HTTP status per role.

Each app keeps its rows in ``tests/toegang/matrix_<app>.py`` as ``MATRIX = {url_name: rij(...)}``
and may define ``objecten(wereld, basis) -> dict`` to create extra objects its URLs need.
A URL in the URL configuration without a row makes ``test_matrix`` fail.

Roles (the users come from the ``wereld`` fixture; the objects belong to gemeente Noordoostpolder,
gebiedsteam A):
  anoniem, sociaal_werker, werkcoach, projectleider, manager, partner, beheerder,
  sociaal_werker_ander_team (gebiedsteam B of the same gemeente),
  werkcoach_andere_gemeente (gemeente Urk), projectleider_andere_gemeente (gemeente Urk),
  partner_andere_organisatie (a partner contact of another organisation in Noordoostpolder, to
  whom nothing was handed over).

Every URL is requested with GET and with POST, by every role. ``verwacht`` holds the GET result;
``post`` the POST result. A row without ``post=`` states that the URL does not accept POST: the
POST must be refused exactly like the GET, or give 405 where the GET is allowed. ``data`` is the
(minimal) POST body, so that a missing role gate or scope would really change something; a value
"@traject" or "@pilot.pk" names an object like ``kwargs`` does.

Functioneel beheer: the matrix's beheerder manages Noordoostpolder only (see ``objecten`` in
``matrix_werkcoach``); the admin rows with an ``_urk`` object ask for another gemeente's pilot,
team, organisation, holiday, instrument, user and second factor, which must be a 404 and,
for a POST, change nothing.
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
    "projectleider_andere_gemeente",
    "partner_andere_organisatie",
)

# Shorthands for the expected result.
OK = 200
NAAR_LOGIN = 302
DOORGESTUURD = 302  # an allowed request that redirects (after saving, or to its next step)
NIET_INGELOGD = 401  # a JSON endpoint answers an anonymous request without a redirect
GEWEIGERD = 403
NIET_GEVONDEN = 404
ALLEEN_POST = 405
ONGELDIG = 400  # an allowed POST whose (empty or minimal) body the form refuses


@dataclass(frozen=True)
class Rij:
    verwacht: dict[str, int]
    kwargs: dict[str, str] = field(default_factory=dict)
    query: str = ""
    post: dict[str, int] | None = None
    data: dict[str, str] = field(default_factory=dict)
    # The POST must write nothing for these roles even where it is answered without a refusal
    # (an admin action on another gemeente's user redirects back to the list).
    schrijft_niet: frozenset[str] = frozenset()

    def verwacht_post(self) -> dict[str, int]:
        if self.post is not None:
            return self.post
        return {r: ALLEEN_POST if c == OK else c for r, c in self.verwacht.items()}


def per_rol(*, overig: int | None = None, **codes: int) -> dict[str, int]:
    """Expected status per role: ``codes`` per role, ``overig`` for every role not named."""
    onbekend = set(codes) - set(ROLLEN)
    if onbekend:
        raise ValueError(f"Unknown roles in the matrix: {sorted(onbekend)}")
    if overig is None and set(codes) != set(ROLLEN):
        raise ValueError(
            f"Name every role or give overig=: missing {sorted(set(ROLLEN) - set(codes))}"
        )
    return {r: codes.get(r, overig) for r in ROLLEN}  # type: ignore[misc]


def rij(
    *,
    kwargs: dict[str, str] | None = None,
    query: str = "",
    overig: int | None = None,
    post: dict[str, int] | None = None,
    data: dict[str, str] | None = None,
    schrijft_niet: tuple[str, ...] = (),
    **codes: int,
) -> Rij:
    """One row: ``codes`` per role for GET; ``overig`` for every role not named; ``post`` the
    POST result per role (build it with ``per_rol``) and ``data`` the POST body. ``kwargs`` maps
    a URL argument to an object key with an optional attribute: ``{"pk": "traject"}`` or
    ``{"token": "rapport.token"}``."""
    return Rij(
        verwacht=per_rol(overig=overig, **codes),
        kwargs=kwargs or {},
        query=query,
        post=post,
        data=data or {},
        schrijft_niet=frozenset(schrijft_niet),
    )


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

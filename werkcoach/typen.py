"""Types shared by the apps."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.http import HttpRequest

if TYPE_CHECKING:
    from werkcoach.models import Gebruiker


class AuthenticatedHttpRequest(HttpRequest):
    """The request of a view behind ``rol_vereist`` or ``login_required``: its user is logged in
    (a ``Gebruiker``, never the anonymous user). For type checking only; Django passes a plain
    ``HttpRequest``."""

    user: Gebruiker

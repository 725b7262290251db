"""Request-wide parts: a reference for every request (shown on the error page, written with
every log line), the current request for the audit signals, and the enforcement of the second
factor."""

from __future__ import annotations

import logging
import re
import secrets
from contextvars import ContextVar

from django.conf import settings
from django.db import connections
from django.http import HttpRequest
from django.shortcuts import redirect
from django.urls import Resolver404, resolve, reverse

logger = logging.getLogger(__name__)

_verzoek_id: ContextVar[str] = ContextVar("verzoek_id", default="-")
# An id a proxy in front already gave the request is taken over, if it looks like one.
_GELDIG_ID = re.compile(r"[A-Za-z0-9._-]{6,64}")


def verzoek_id() -> str:
    """The reference of the request being handled ('-' outside a request)."""
    return _verzoek_id.get()


def nieuw_verzoek_id() -> str:
    """Short enough to read out on the phone: ten characters from an unambiguous alphabet."""
    return "".join(secrets.choice("ABCDEFGHJKLMNPQRSTUVWXYZ23456789") for _ in range(10))


class VerzoekIdMiddleware:
    """Give every request a reference (``request.verzoek_id`` and the ``X-Request-ID`` response
    header). The 500 page shows it and every log line written during the request carries it
    (``VerzoekIdFilter``), so a user can quote it and beheer finds the exception."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        gegeven = request.headers.get("X-Request-ID", "")
        request.verzoek_id = gegeven if _GELDIG_ID.fullmatch(gegeven) else nieuw_verzoek_id()
        token = _verzoek_id.set(request.verzoek_id)
        try:
            response = self.get_response(request)
        finally:
            _verzoek_id.reset(token)
        response["X-Request-ID"] = request.verzoek_id
        return response


class VerzoekIdFilter(logging.Filter):
    """Puts the request's reference on every log record as ``verzoek_id``."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.verzoek_id = _verzoek_id.get()
        return True


def _verbinding_verbroken() -> bool:
    """Whether a database connection of this thread was lost (psycopg marks it ``broken``)."""
    return any(
        getattr(c.connection, "broken", False) for c in connections.all(initialized_only=True)
    )


class DatabaseHerstartMiddleware:
    """A GET or HEAD that failed because PostgreSQL ended its connection (a restart) is handled
    once more on a new connection, so the user gets the page instead of an error page. Only
    these safe methods: a form post that lost its connection halfway is rolled back and
    answered with the error page, never repeated behind the user's back."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if (
            request.method in ("GET", "HEAD")
            # 400: the session could not be saved at the end (Django's SessionInterrupted).
            and response.status_code in (400, 500)
            and _verbinding_verbroken()
        ):
            logger.warning(
                "The database connection was lost during %s; trying once more", request.path
            )
            for verbinding in connections.all(initialized_only=True):
                verbinding.close()
            request.__dict__.pop("_cached_user", None)
            response = self.get_response(request)
        return response


_huidig_verzoek: ContextVar[HttpRequest | None] = ContextVar("huidig_verzoek", default=None)


def huidig_verzoek() -> HttpRequest | None:
    """The request being handled, for signal handlers that log who changed something."""
    return _huidig_verzoek.get()


class HuidigVerzoekMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = _huidig_verzoek.set(request)
        try:
            return self.get_response(request)
        finally:
            _huidig_verzoek.reset(token)


# Paths a logged-in user without a verified second factor may still reach.
VRIJ_ZONDER_TWEEDE_FACTOR = (
    "login",
    "logout",
    "gezondheid",
    "toegankelijkheid",
    "privacyverklaring",
    "tweefactor:controleren",
    "tweefactor:instellen",
    "tweefactor:inschrijven",
    "sessie:verlengen",
)


class TweeFactorMiddleware:
    """With ``WERKCOACH_2FA_VERPLICHT`` every logged-in staff member must have passed a second
    factor in this session: without a device they are sent to set one up, otherwise to enter
    a code. Nothing else is reachable until then (the admin included)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if settings.WERKCOACH_2FA_VERPLICHT and self._moet_controleren(request):
            from django_otp import user_has_device

            doel = (
                "tweefactor:controleren"
                if user_has_device(request.user)
                else "tweefactor:instellen"
            )
            url = reverse(doel)
            if request.get_full_path() not in ("/", url):
                url += "?next=" + _veilig(request.get_full_path())
            return redirect(url)
        return self.get_response(request)

    @staticmethod
    def _moet_controleren(request) -> bool:
        user = request.user
        if not user.is_authenticated or user.is_verified():
            return False
        if request.path.startswith(
            settings.STATIC_URL
            if settings.STATIC_URL.startswith("/")
            else "/" + settings.STATIC_URL
        ):
            return False
        try:
            naam = resolve(request.path_info).view_name
        except Resolver404:
            return True
        # The partner API reads no session: its token is its own authentication.
        return naam not in VRIJ_ZONDER_TWEEDE_FACTOR and not naam.startswith("api:")


def _veilig(pad: str) -> str:
    from urllib.parse import quote

    return quote(pad, safe="/")


class ServerTimingMiddleware:
    """For the benchmarks (``WERKCOACH_SERVER_TIMING``, off by default): a response header
    ``Server-Timing: db;dur=<ms>;desc="<n> queries", app;dur=<ms>`` with the time the request
    spent in SQL, its number of queries and the time of the whole request in Django."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        import time

        from django.db import connection

        meting = {"n": 0, "s": 0.0}

        def tel(execute, sql, params, many, context):
            begin = time.perf_counter()
            try:
                return execute(sql, params, many, context)
            finally:
                meting["n"] += 1
                meting["s"] += time.perf_counter() - begin

        begin = time.perf_counter()
        with connection.execute_wrapper(tel):
            response = self.get_response(request)
        totaal = (time.perf_counter() - begin) * 1000
        response["Server-Timing"] = (
            f'db;dur={meting["s"] * 1000:.1f};desc="{meting["n"]} queries", app;dur={totaal:.1f}'
        )
        return response

"""The production path of the README ("Without Docker"), run as an operator would.

``DJANGO_ENV=production`` with real secrets, ``collectstatic`` into a fresh ``STATIC_ROOT``,
``migrate`` on a fresh PostgreSQL database, then gunicorn, a Celery worker and Celery beat as
separate processes. Over plain HTTP, with the headers of a TLS-terminating proxy
(``X-Forwarded-Proto: https``), the test logs in through the real login form, enrols an
authenticator app, logs in again with a code, fetches pages and a hashed static file, checks the
security headers, and asks the worker for a ping.

Needs ``DATABASE_URL`` (PostgreSQL; its role may create databases) and ``CELERY_BROKER_URL``, as
CI (``.ci/run``) provides; without them it skips, and in CI it fails.
"""

from __future__ import annotations

import base64
import gzip
import html
import http.client
import json
import os
import re
import secrets
import socket
import subprocess
import sys
import time
from http.cookies import Morsel, SimpleCookie
from pathlib import Path
from urllib.parse import urlencode, urlsplit

import pytest
from django.conf import settings

from tests.conftest import services_vereist

BASE_DIR = Path(settings.BASE_DIR)
BIN = Path(sys.executable).parent
HOST = "werkcoach.test"  # the public name; the proxy passes it on in the Host header
ORIGIN = f"https://{HOST}"
GEBRUIKER = "beheerder.productie"
WACHTWOORD = "productie-pad-" + secrets.token_urlsafe(12)

# Settings of the developer's or CI's shell that must not leak into the production processes.
NIET_DOORGEVEN = {
    "DJANGO_ENV",
    "DJANGO_DEBUG",
    "DJANGO_SETTINGS_MODULE",
    "SECRET_KEY",
    "ALLOWED_HOSTS",
    "CSRF_TRUSTED_ORIGINS",
    "SITE_URL",
    "DATABASE_URL",
    "CELERY_BROKER_URL",
    "CELERY_RESULT_BACKEND",
    "WERKCOACH_VAR_DIR",
    "WERKCOACH_STATIC_ROOT",
    "WERKCOACH_2FA_VERPLICHT",
    "SECURE_SSL_REDIRECT",
    "SECURE_HSTS_SECONDS",
    "SESSION_COOKIE_AGE",
    "EMAIL_HOST",
}


def test_vendored_assets_reference_no_missing_files():
    """What broke production collectstatic: a sourceMappingURL to a file not in the repository.
    Cheap, so it runs everywhere; the test below runs collectstatic itself."""
    ontbrekend = []
    for pad in (BASE_DIR / "static").rglob("*"):
        if pad.suffix not in {".css", ".js"}:
            continue
        for verwijzing in re.findall(r"sourceMappingURL=([^\s*]+)", pad.read_text()):
            if not (pad.parent / verwijzing).exists():
                ontbrekend.append(f"{pad.relative_to(BASE_DIR)} -> {verwijzing}")
    assert not ontbrekend


def _vereisten() -> tuple[str, str]:
    database_url = os.environ.get("DATABASE_URL", "")
    broker_url = os.environ.get("CELERY_BROKER_URL", "")
    reden = None
    if not database_url.startswith(("postgres://", "postgresql://")):
        reden = "DATABASE_URL is not a PostgreSQL database: the production path needs one"
    elif not broker_url:
        reden = "CELERY_BROKER_URL is not set: the production path needs a broker"
    if reden and services_vereist():
        pytest.fail(reden)
    if reden:
        pytest.skip(reden)
    return database_url, broker_url


def _vrije_poort() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Database:
    """A fresh database on the server of DATABASE_URL, dropped afterwards."""

    def __init__(self, url: str):
        import psycopg

        self._psycopg = psycopg
        delen = urlsplit(url)
        self.naam = f"werkcoach_productie_{secrets.token_hex(4)}"
        self.url = delen._replace(path="/" + self.naam).geturl()
        self._beheer_url = url

    def _uitvoeren(self, sql: str) -> None:
        with self._psycopg.connect(self._beheer_url, autocommit=True, connect_timeout=5) as c:
            c.execute(sql)

    def aanmaken(self) -> None:
        self._uitvoeren(f'CREATE DATABASE "{self.naam}"')

    def verwijderen(self) -> None:
        self._uitvoeren(f'DROP DATABASE IF EXISTS "{self.naam}" WITH (FORCE)')


class Processen:
    """Long-running processes with their logs; all stopped in ``stoppen``."""

    def __init__(self, map: Path, env: dict[str, str]):
        self.map = map
        self.env = env
        self.lopend: list[tuple[str, subprocess.Popen, object]] = []
        self.diensten: set[str] = set()  # the ones that must keep running

    def uitvoeren(self, naam: str, *args: str, timeout: float = 60) -> str:
        """A one-off command (migrate, collectstatic); its output on failure."""
        r = subprocess.run(  # noqa: S603 - our own interpreter and fixed arguments
            [str(BIN / "python"), "manage.py", *args],
            cwd=BASE_DIR,
            env=self.env,
            capture_output=True,
            text=True,
            timeout=timeout,
        )
        assert r.returncode == 0, f"{naam} failed:\n{r.stdout[-3000:]}\n{r.stderr[-3000:]}"
        return r.stdout

    def starten(self, naam: str, *args: str, dienst: bool = True) -> subprocess.Popen:
        log = (self.map / f"{naam}.log").open("w")
        proc = subprocess.Popen(  # noqa: S603 - programs of our virtualenv, fixed arguments
            list(args), cwd=BASE_DIR, env=self.env, stdout=log, stderr=subprocess.STDOUT
        )
        self.lopend.append((naam, proc, log))
        if dienst:
            self.diensten.add(naam)
        return proc

    def log(self, naam: str) -> str:
        pad = self.map / f"{naam}.log"
        return pad.read_text(errors="replace") if pad.exists() else ""

    def controleer_levend(self) -> None:
        for naam, proc, _ in self.lopend:
            if naam in self.diensten:
                assert proc.poll() is None, f"{naam} stopped:\n{self.log(naam)[-3000:]}"

    def stoppen(self) -> None:
        for _, proc, _ in self.lopend:
            if proc.poll() is None:
                proc.terminate()
        eind = time.monotonic() + 15
        for _, proc, log in self.lopend:
            try:
                proc.wait(timeout=max(0.1, eind - time.monotonic()))
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait(timeout=5)
            log.close()


class Browser:
    """HTTP through the 'proxy': every request to gunicorn carries the public Host and
    X-Forwarded-Proto: https. Cookies are kept by hand, because they are Secure (the cookie
    jars of the standard library and requests do not send those over http://)."""

    def __init__(self, poort: int):
        self.poort = poort
        self.cookies: dict[str, str] = {}
        self.attributen: dict[str, Morsel] = {}  # the last Set-Cookie of each cookie

    def verzoek(
        self,
        methode: str,
        pad: str,
        data: dict[str, str] | None = None,
        *,
        https: bool = True,
        headers: dict[str, str] | None = None,
    ) -> tuple[http.client.HTTPResponse, bytes]:
        kop = {"Host": HOST, **(headers or {})}
        if https:
            kop["X-Forwarded-Proto"] = "https"
        if self.cookies:
            kop["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if data is not None:
            body = urlencode(data)
            kop.update(
                {
                    "Content-Type": "application/x-www-form-urlencoded",
                    "Origin": ORIGIN,
                    "Referer": ORIGIN + pad,
                }
            )
        verbinding = http.client.HTTPConnection("127.0.0.1", self.poort, timeout=15)
        try:
            verbinding.request(methode, pad, body=body, headers=kop)
            antwoord = verbinding.getresponse()
            inhoud = antwoord.read()
        finally:
            verbinding.close()
        for regel in antwoord.headers.get_all("Set-Cookie") or []:
            cookie = SimpleCookie()
            cookie.load(regel)
            for naam, morsel in cookie.items():
                self.attributen[naam] = morsel
                if morsel["max-age"] == "0" or not morsel.value:
                    self.cookies.pop(naam, None)
                else:
                    self.cookies[naam] = morsel.value
        return antwoord, inhoud

    def get(self, pad: str, **kwargs):
        return self.verzoek("GET", pad, **kwargs)

    def formulier(self, pad: str, velden: dict[str, str]):
        """GET the form, then POST it with its CSRF token, as a browser does."""
        antwoord, inhoud = self.get(pad)
        assert antwoord.status == 200, (pad, antwoord.status, inhoud[:500])
        token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', inhoud)
        assert token, f"no CSRF token in {pad}"
        return self.verzoek("POST", pad, {"csrfmiddlewaretoken": token[1].decode(), **velden})


def _wacht_op(voorwaarde, seconden: float, processen: Processen) -> None:
    eind = time.monotonic() + seconden
    while time.monotonic() < eind:
        processen.controleer_levend()
        if voorwaarde():
            return
        time.sleep(0.2)
    raise AssertionError(f"timed out after {seconden} s")


def _antwoordt(poort: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", poort), timeout=1):
            return True
    except OSError:
        return False


def _code(sleutel_base32: str, stap: int = 0) -> str:
    """The authenticator app: the TOTP code for the key shown on the enrolment page."""
    from django_otp.oath import TOTP

    sleutel = "".join(sleutel_base32.split())
    sleutel += "=" * (-len(sleutel) % 8)
    totp = TOTP(base64.b32decode(sleutel))
    totp.time = time.time() + stap * totp.step
    return f"{totp.token():06d}"


def _controleer_beveiligingskoppen(
    antwoord: http.client.HTTPResponse, inhoud: bytes, *, nonce: bool = True
) -> None:
    """The headers of SecurityMiddleware and django-csp, as the browser behind the proxy gets
    them. Our pages carry the request's nonce on every script; Django's admin has no inline
    script, so its policy has no nonce and its scripts load under 'self'."""
    csp = antwoord.headers["Content-Security-Policy"]
    assert csp, "no Content-Security-Policy"
    richtlijnen = {r.split()[0]: r.split()[1:] for r in csp.split(";") if r.strip()}
    assert richtlijnen["default-src"] == ["'self'"]
    assert richtlijnen["frame-ancestors"] == ["'none'"]
    assert richtlijnen["object-src"] == ["'none'"]
    assert "'unsafe-inline'" not in csp and "'unsafe-eval'" not in csp
    nonces = [w[len("'nonce-") : -1] for w in richtlijnen["script-src"] if w.startswith("'nonce-")]
    scripts = re.findall(rb"<script\b[^>]*>", inhoud)
    if nonce:
        assert len(nonces) == 1, csp
        assert scripts
        for script in scripts:
            assert f'nonce="{nonces[0]}"'.encode() in script, script
    else:
        for script in scripts:
            assert b" src=" in script or b"application/json" in script, script
    assert (
        antwoord.headers["Strict-Transport-Security"]
        == "max-age=31536000; includeSubDomains; preload"
    )
    assert antwoord.headers["X-Frame-Options"] == "DENY"
    assert antwoord.headers["X-Content-Type-Options"] == "nosniff"
    assert antwoord.headers["Referrer-Policy"] == "same-origin"
    assert antwoord.headers["Cross-Origin-Opener-Policy"] == "same-origin"


@pytest.mark.productie
def test_production_path_of_the_readme(tmp_path):
    database_url, broker_url = _vereisten()
    begin = time.monotonic()
    database = Database(database_url)
    poort = _vrije_poort()
    worker_naam = f"productie-{secrets.token_hex(3)}@%h"
    var = tmp_path / "var"
    env = {k: v for k, v in os.environ.items() if k not in NIET_DOORGEVEN}
    env.update(
        {
            # README, "Without Docker", and the environment variables a real setup gives.
            "DJANGO_ENV": "production",
            "SECRET_KEY": secrets.token_urlsafe(64),
            "ALLOWED_HOSTS": HOST,
            "CSRF_TRUSTED_ORIGINS": ORIGIN,
            "SITE_URL": ORIGIN,
            "DATABASE_URL": database.url,
            "CELERY_BROKER_URL": broker_url,
            "WERKCOACH_VAR_DIR": str(var),  # STATIC_ROOT is WERKCOACH_VAR_DIR/static
            "PYTHONUNBUFFERED": "1",
        }
    )
    processen = Processen(tmp_path, env)
    database.aanmaken()
    try:
        # migrate && collectstatic (independent of each other: side by side, to save time).
        collectstatic = processen.starten(
            "collectstatic",
            str(BIN / "python"),
            "manage.py",
            "collectstatic",
            "--noinput",
            dienst=False,
        )
        processen.uitvoeren("migrate", "migrate", "--noinput")
        assert collectstatic.wait(timeout=60) == 0, processen.log("collectstatic")[-3000:]
        manifest = var / "static" / "staticfiles.json"
        assert manifest.exists()
        # The operator's first account (as `createsuperuser`, without the prompts).
        processen.env = {
            **env,
            "DJANGO_SUPERUSER_USERNAME": GEBRUIKER,
            "DJANGO_SUPERUSER_PASSWORD": WACHTWOORD,
            "DJANGO_SUPERUSER_EMAIL": "beheer@example.org",
        }
        processen.uitvoeren("createsuperuser", "createsuperuser", "--noinput")
        processen.env = env

        processen.starten(
            "gunicorn",
            str(BIN / "gunicorn"),
            "werkcoach.wsgi:application",
            "--bind",
            f"127.0.0.1:{poort}",
            "--workers",
            "3",
        )
        processen.starten(
            "worker",
            str(BIN / "celery"),
            "-A",
            "werkcoach",
            "worker",
            "--loglevel=INFO",
            "--hostname",
            worker_naam,
        )
        processen.starten(
            "beat",
            str(BIN / "celery"),
            "-A",
            "werkcoach",
            "beat",
            "--loglevel=INFO",
            "--schedule",
            str(var / "celerybeat-schedule"),
        )
        _wacht_op(lambda: _antwoordt(poort), 30, processen)
        browser = Browser(poort)

        # Plain HTTP is sent to HTTPS; behind the proxy the application sees HTTPS.
        antwoord, _ = browser.get("/inloggen/", https=False)
        assert antwoord.status == 301
        assert antwoord.headers["Location"] == f"{ORIGIN}/inloggen/"
        antwoord, _ = browser.get("/gezondheid/")
        assert antwoord.status == 200

        # Password, then enrolment of an authenticator app (first login of a new account).
        antwoord, inhoud = browser.formulier(
            "/inloggen/", {"username": GEBRUIKER, "password": WACHTWOORD}
        )
        assert antwoord.status == 302, inhoud[:1000]
        for naam, samesite in (("sessionid", "Lax"), ("csrftoken", "Strict")):
            cookie = browser.attributen[naam]
            assert cookie["secure"] and cookie["httponly"] and cookie["samesite"] == samesite
        antwoord, _ = browser.get(antwoord.headers["Location"])
        assert antwoord.status == 302
        assert antwoord.headers["Location"].startswith("/tweestapsverificatie/instellen/")
        # A password alone shows no key: the user asks for an enrolment link, which is e-mailed
        # (here the console backend: the web process's output), and opens it.
        antwoord, inhoud = browser.get("/tweestapsverificatie/instellen/")
        assert antwoord.status == 200 and b'data-testid="sleutel"' not in inhoud
        antwoord, _ = browser.formulier("/tweestapsverificatie/instellen/", {"link_aanvragen": "1"})
        assert antwoord.status == 302
        patroon = re.escape(ORIGIN) + r"(/tweestapsverificatie/inschrijven/[^/\s]+/)"
        _wacht_op(lambda: re.search(patroon, processen.log("gunicorn")), 10, processen)
        link = re.findall(patroon, processen.log("gunicorn"))[-1]
        antwoord, _ = browser.formulier(link, {})
        assert antwoord.status == 302, antwoord.status
        antwoord, inhoud = browser.get("/tweestapsverificatie/instellen/")
        assert antwoord.status == 200
        sleutel = re.search(rb'data-testid="sleutel">([A-Z2-7 ]+)<', inhoud)
        assert sleutel, "no key on the enrolment page"
        sleutel_tekst = html.unescape(sleutel[1].decode())
        antwoord, inhoud = browser.formulier(
            "/tweestapsverificatie/instellen/", {"code": _code(sleutel_tekst)}
        )
        assert antwoord.status == 200
        assert b"Tweestapsverificatie is ingesteld" in inhoud

        # Log out, and in again: password, then a code in the second-factor form.
        _, start = browser.get("/")
        token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', start)
        assert token
        antwoord, _ = browser.verzoek(
            "POST", "/uitloggen/", {"csrfmiddlewaretoken": token[1].decode()}
        )
        assert antwoord.status == 302
        antwoord, _ = browser.get("/")
        assert antwoord.status == 302 and antwoord.headers["Location"].startswith("/inloggen/")
        antwoord, _ = browser.formulier(
            "/inloggen/", {"username": GEBRUIKER, "password": WACHTWOORD}
        )
        assert antwoord.status == 302
        antwoord, _ = browser.get("/beheer/")
        assert antwoord.status == 302
        assert antwoord.headers["Location"].startswith("/tweestapsverificatie/code/")
        # The enrolment used this time step's code; the app shows the next one.
        antwoord, _ = browser.formulier(
            "/tweestapsverificatie/code/", {"code": _code(sleutel_tekst, stap=1), "next": "/"}
        )
        assert antwoord.status == 302 and antwoord.headers["Location"] == "/"

        # Pages, with the security headers a browser gets.
        antwoord, start = browser.get("/")
        assert antwoord.status == 200
        _controleer_beveiligingskoppen(antwoord, start)
        antwoord, inhoud = browser.get("/beheer/")
        assert antwoord.status == 200
        _controleer_beveiligingskoppen(antwoord, inhoud, nonce=False)

        # A static file under its hashed name from the manifest, served by whitenoise.
        gehasht = json.loads(manifest.read_text())["paths"]["vendor/bootstrap/bootstrap.min.css"]
        assert f'href="/static/{gehasht}"'.encode() in start
        antwoord, inhoud = browser.get(f"/static/{gehasht}", headers={"Accept-Encoding": "gzip"})
        assert antwoord.status == 200
        assert antwoord.headers["Content-Type"].startswith("text/css")
        assert antwoord.headers["Content-Encoding"] == "gzip"
        assert "immutable" in antwoord.headers["Cache-Control"]
        assert gzip.decompress(inhoud) == (var / "static" / gehasht).read_bytes()

        # The worker answers over the broker; beat runs.
        _wacht_op(lambda: " ready." in processen.log("worker"), 30, processen)
        ping = subprocess.run(  # noqa: S603 - our virtualenv's celery, fixed arguments
            [
                str(BIN / "celery"),
                "-A",
                "werkcoach",
                "inspect",
                "ping",
                "--destination",
                worker_naam.replace("%h", socket.gethostname()),
                "--timeout",
                "10",
            ],
            cwd=BASE_DIR,
            env=env,
            capture_output=True,
            text=True,
            timeout=40,
        )
        assert ping.returncode == 0 and "pong" in ping.stdout, ping.stdout + ping.stderr
        _wacht_op(lambda: "beat: Starting..." in processen.log("beat"), 20, processen)
        processen.controleer_levend()
    finally:
        processen.stoppen()
        database.verwijderen()
        print(f"production path: {time.monotonic() - begin:.1f} s")
        for naam in ("gunicorn", "worker", "beat"):
            print(f"--- {naam} ---\n{processen.log(naam)[-2000:]}")

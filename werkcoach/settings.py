"""Settings for werkcoach.

Everything is read from the environment through ``env()``. The defaults give the embedded
setup (SQLite under ``var/``, tasks run in-process, e-mail to the console). With
``DJANGO_ENV=production`` the application refuses to start without a real ``SECRET_KEY``
and ``ALLOWED_HOSTS``.
"""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from celery.schedules import crontab
from csp.constants import NONCE, NONE, SELF
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("WERKCOACH_VAR_DIR", BASE_DIR / "var"))

ENVIRONMENT = os.environ.get("DJANGO_ENV", "development")
PRODUCTION = ENVIRONMENT == "production"


def env(name: str, default: str | None = None, *, required_in_production: bool = False) -> str:
    """Read a setting from the environment; fail loudly for a missing production secret."""
    value = os.environ.get(name)
    if value is None or value == "":
        if PRODUCTION and required_in_production:
            raise ImproperlyConfigured(f"Environment variable {name} is required in production.")
        if default is None:
            return ""
        return default
    return value


def env_bool(name: str, default: bool) -> bool:
    return env(name, "1" if default else "0").lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in env(name, default).split(",") if item.strip()]


SECRET_KEY = env(
    "SECRET_KEY",
    "insecure-development-key-only-for-the-embedded-demo-0123456789",
    required_in_production=True,
)
if PRODUCTION and (SECRET_KEY.startswith("insecure") or len(SECRET_KEY) < 50):
    raise ImproperlyConfigured("SECRET_KEY must be a random value of at least 50 characters.")

DEBUG = env_bool("DJANGO_DEBUG", not PRODUCTION)
if PRODUCTION and DEBUG:
    raise ImproperlyConfigured("DJANGO_DEBUG must be off in production.")

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "" if PRODUCTION else "127.0.0.1,localhost,testserver")
if PRODUCTION and not ALLOWED_HOSTS:
    raise ImproperlyConfigured("Environment variable ALLOWED_HOSTS is required in production.")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "werkcoach",
    "cases",
    "trajecten",
    "rapportage",
    "uitwisseling",
    "api",
    "privacy",
    "demo",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_htmx",
    "django_filters",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "axes",
    "csp",
]

MIDDLEWARE = [
    # First: the reference of the request is known to every log line and to the 500 page.
    "werkcoach.middleware.VerzoekIdMiddleware",
    # The API's version header, and its errors as problem details (``api.problemen``).
    "api.problemen.ApiMiddleware",
    # A page request cut off by a PostgreSQL restart is handled once more on a new connection.
    "werkcoach.middleware.DatabaseHerstartMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "werkcoach.middleware.HuidigVerzoekMiddleware",
    "werkcoach.middleware.TweeFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # Last, as django-axes asks: it turns a lockout into the Dutch lockout page.
    "axes.middleware.AxesMiddleware",
]

# Benchmarks only: a Server-Timing header with each response's SQL time and query count.
if env_bool("WERKCOACH_SERVER_TIMING", False):
    MIDDLEWARE.insert(0, "werkcoach.middleware.ServerTimingMiddleware")

ROOT_URLCONF = "werkcoach.urls"
WSGI_APPLICATION = "werkcoach.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "werkcoach.context_processors.navigation",
                "werkcoach.context_processors.sessie",
                "csp.context_processors.nonce",
            ],
        },
    },
]

DATABASE_URL = env("DATABASE_URL")
if not DATABASE_URL:
    VAR_DIR.mkdir(parents=True, exist_ok=True)
DATABASES = {
    "default": dj_database_url.parse(
        DATABASE_URL or f"sqlite:///{VAR_DIR / 'werkcoach.sqlite3'}",
        conn_max_age=int(env("DATABASE_CONN_MAX_AGE", "60")),
        # A persistent connection is checked before a request uses it, so a restarted
        # PostgreSQL costs a reconnect instead of an error page.
        conn_health_checks=True,
    )
}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql" and not env_bool(
    "DATABASE_JIT", False
):
    # PostgreSQL's JIT compiles the list pages' next-action subqueries for longer than they
    # run (at 100,000 residents a team's whole caseload took 7.4 s with it, 2.3 s without; a
    # name search 0.45 s against 0.22 s): off for these short queries unless DATABASE_JIT=1.
    _opties = DATABASES["default"].setdefault("OPTIONS", {})
    _opties["options"] = f"{_opties.get('options', '')} -c jit=off".strip()
# PostgreSQL through werkcoach.db: opening a connection waits this long for a restarting server.
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    DATABASES["default"]["ENGINE"] = "werkcoach.db"
WERKCOACH_DB_VERBINDEN_WACHTEN = float(env("WERKCOACH_DB_VERBINDEN_WACHTEN", "5"))
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "werkcoach.Gebruiker"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "start"
LOGOUT_REDIRECT_URL = "login"

# django-axes first, so a locked-out username/address never reaches the password check.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

# Two-factor login (BIO2 5.17.01): TOTP via django-otp, with one-time backup codes.
# Always on in production; the embedded demo and the test suite may switch it off, and do by
# default, so the demo accounts can log in with a password only.
WERKCOACH_2FA_VERPLICHT = env_bool("WERKCOACH_2FA_VERPLICHT", PRODUCTION)
if PRODUCTION and not WERKCOACH_2FA_VERPLICHT:
    raise ImproperlyConfigured("WERKCOACH_2FA_VERPLICHT cannot be switched off in production.")
OTP_TOTP_ISSUER = "werkcoach in de wijk"
# No admin page ever shows a device's secret (the device admins are not registered either).
OTP_ADMIN_HIDE_SENSITIVE_DATA = True
# A second factor is enrolled only through a one-time link e-mailed to the user (new account,
# reset by beheer, password set by someone else): minutes the link, and once opened the
# enrolment, stays valid.
WERKCOACH_INSCHRIJFLINK_GELDIG = int(env("WERKCOACH_INSCHRIJFLINK_GELDIG", "30"))
WERKCOACH_RESERVECODES_AANTAL = 10

# Brute-force lockout (django-axes): after AXES_FAILURE_LIMIT failed logins for one username
# from one address, that combination is locked for AXES_COOLOFF_TIME. Locking per combination
# keeps a colleague behind the same office address able to log in.
AXES_FAILURE_LIMIT = int(env("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = timedelta(minutes=int(env("AXES_COOLOFF_MINUTES", "15")))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_LOCKOUT_TEMPLATE = "registration/geblokkeerd.html"
AXES_RESET_ON_SUCCESS = True
AXES_USERNAME_CALLABLE = "werkcoach.inlogbeveiliging.axes_gebruikersnaam"
AXES_VERBOSE = False
AXES_SENSITIVE_PARAMETERS = ["password", "otp_token", "code"]
# No admin pages for axes' tables (English, and of no use to a beheerder: a lockout ends by
# itself after the cool-off time, and the processing log records every one). A superuser lifts
# one early with `manage.py axes_reset_username <gebruikersnaam>`.
AXES_ENABLE_ADMIN = False

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "nl"
LANGUAGES = [("nl", "Nederlands")]
TIME_ZONE = "Europe/Amsterdam"
USE_I18N = True
USE_TZ = True
DATE_INPUT_FORMATS = ["%d-%m-%Y", "%Y-%m-%d", "%d/%m/%Y"]
FORMAT_MODULE_PATH = ["werkcoach.formats"]

STATIC_URL = "static/"
# collectstatic's output. Not under WERKCOACH_VAR_DIR in the Docker image: that is a persistent
# volume, which would keep serving the first image's files and manifest after an update.
STATIC_ROOT = Path(env("WERKCOACH_STATIC_ROOT") or VAR_DIR / "static")
STATICFILES_DIRS = [BASE_DIR / "static"]
# How much of the stored figures' building material (rapportage.Maandcijfers, in megabytes of
# JSON) each process keeps decoded in memory; about eight times as much in Python objects.
WERKCOACH_CIJFERGEHEUGEN_MB = float(env("WERKCOACH_CIJFERGEHEUGEN_MB", "8"))
# Where generated reports and exports are kept: "database" (werkcoach.opslag; every web node
# sees what any worker made) or "bestanden" (files under WERKCOACH_VAR_DIR/private).
WERKCOACH_OPSLAG = env("WERKCOACH_OPSLAG", "database" if PRODUCTION else "bestanden")
if WERKCOACH_OPSLAG not in {"database", "bestanden"}:
    raise ImproperlyConfigured("WERKCOACH_OPSLAG is 'database' or 'bestanden'.")
STORAGES = {
    "default": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        # Generated reports and exports live here; they are served only by views that check
        # access, never under a public URL (MEDIA_URL is deliberately not routed).
        "OPTIONS": {"location": str(VAR_DIR / "private")},
    }
    if WERKCOACH_OPSLAG == "bestanden"
    else {"BACKEND": "werkcoach.opslag.DatabaseOpslag"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if PRODUCTION
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}

# Outside production, serve static files straight from the source folders (no collectstatic).
WHITENOISE_USE_FINDERS = not PRODUCTION
WHITENOISE_AUTOREFRESH = not PRODUCTION

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# Celery: without a broker, tasks run in-process (the embedded default).
CELERY_BROKER_URL = env("CELERY_BROKER_URL")
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_RESULT_BACKEND = env("CELERY_RESULT_BACKEND", "") or None
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SOFT_TIME_LIMIT = int(env("CELERY_TASK_SOFT_TIME_LIMIT", "300"))
CELERY_TASK_TIME_LIMIT = int(env("CELERY_TASK_TIME_LIMIT", "360"))
# Longer than the hard time limit, so a task of a killed worker is delivered again only
# after it certainly stopped.
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": CELERY_TASK_TIME_LIMIT * 2}
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_TIMEZONE = TIME_ZONE
# The outbox (werkcoach.wachtrij): a request waits at most this many seconds for the broker,
# then leaves the task to the sweep; after a failure a process leaves the broker alone for
# WERKCOACH_BROKER_PAUZE seconds. The sweep runs every WERKCOACH_BEWAKING_INTERVAL seconds.
WERKCOACH_BROKER_TIMEOUT = float(env("WERKCOACH_BROKER_TIMEOUT", "1"))
WERKCOACH_BROKER_PAUZE = float(env("WERKCOACH_BROKER_PAUZE", "10"))
WERKCOACH_BEWAKING_INTERVAL = float(env("WERKCOACH_BEWAKING_INTERVAL", "30"))
# Report leases (rapportage): a worker holds a report for WERKCOACH_RAPPORT_LEASE seconds and
# renews that every WERKCOACH_RAPPORT_HARTSLAG seconds while rendering; a queued report not
# started within WERKCOACH_RAPPORT_WACHTRIJ_LEASE seconds is enqueued again. After
# WERKCOACH_RAPPORT_POGINGEN interrupted attempts it is marked failed with the reason.
WERKCOACH_RAPPORT_LEASE = float(env("WERKCOACH_RAPPORT_LEASE", "60"))
WERKCOACH_RAPPORT_HARTSLAG = float(env("WERKCOACH_RAPPORT_HARTSLAG", "10"))
WERKCOACH_RAPPORT_WACHTRIJ_LEASE = float(env("WERKCOACH_RAPPORT_WACHTRIJ_LEASE", "60"))
WERKCOACH_RAPPORT_POGINGEN = int(env("WERKCOACH_RAPPORT_POGINGEN", "3"))
# The health check (/gezondheid/?volledig=1) warns below this much free disk under VAR_DIR.
WERKCOACH_MIN_VRIJE_SCHIJF_MB = int(env("WERKCOACH_MIN_VRIJE_SCHIJF_MB", "500"))
CELERY_BEAT_SCHEDULE: dict = {
    # The outbox sweep: tasks a request could not publish (broker down or hung).
    "werkcoach-taakberichten-publiceren": {
        "task": "werkcoach.tasks.taakberichten_publiceren",
        "schedule": WERKCOACH_BEWAKING_INTERVAL,
    },
    # Signs of life of beat and a worker, for the health endpoint.
    "werkcoach-hartslag": {
        "task": "werkcoach.tasks.hartslag",
        "schedule": WERKCOACH_BEWAKING_INTERVAL,
    },
    # Reports queued or running past their lease: enqueued again, or failed after some tries.
    "rapportage-rapporten-bewaken": {
        "task": "rapportage.rapporten_bewaken",
        "schedule": WERKCOACH_BEWAKING_INTERVAL,
    },
    "trajecten-nazorg-herinneringen": {
        "task": "trajecten.tasks.nazorg_herinneringen",
        "schedule": 60 * 60,  # hourly; idempotent, each contact is reminded once
    },
    "trajecten-overdracht-herinneringen": {
        "task": "trajecten.tasks.overdracht_herinneringen",
        "schedule": 60 * 60,  # hourly; idempotent, each handover is reminded once
    },
    # Referrals: warn the werkcoach before and when a response time runs out (idempotent).
    "cases-reactietijden-bewaken": {
        "task": "cases.tasks.reactietijden_bewaken",
        "schedule": 60 * 60,
    },
    # Referrals: e-mails not sent yet (broker was down; changes made in the dossier); idempotent.
    "cases-gemiste-meldingen-versturen": {
        "task": "cases.tasks.gemiste_meldingen_versturen",
        "schedule": 15 * 60,
    },
    # Retention: anonymise files past their term, daily at night (idempotent).
    "bewaartermijnen-toepassen": {
        "task": "werkcoach.tasks.bewaartermijnen_toepassen",
        "schedule": crontab(hour=3, minute=15),
    },
    # rapportage: the closed months' figures computed ahead (after backdated changes), nightly.
    "rapportage-maandcijfers-bijwerken": {
        "task": "rapportage.maandcijfers_bijwerken",
        "schedule": crontab(hour=2, minute=30),
    },
    # rapportage: the previous month's management report of every pilot, on the 1st at 06:00.
    "rapportage-maandrapportages": {
        "task": "rapportage.maandrapportages_plannen",
        "schedule": crontab(minute=0, hour=6, day_of_month=1),
    },
    # Next year's public holidays for every gemeente, early in December (idempotent).
    "werkcoach-feestdagen-volgend-jaar": {
        "task": "werkcoach.feestdagen_volgend_jaar",
        "schedule": crontab(minute=30, hour=4, day_of_month=1, month_of_year=12),
    },
}
# The duplicate check of a referral (same BSN, or same name and birth date) tells that a
# resident may be known: at most this many checks per sociaal werker per window (seconds), so
# it cannot be used to test BSNs in bulk. Counted in Django's cache.
WERKCOACH_DUBBELCONTROLE_LIMIET = int(env("WERKCOACH_DUBBELCONTROLE_LIMIET", "30"))
WERKCOACH_DUBBELCONTROLE_VENSTER = int(env("WERKCOACH_DUBBELCONTROLE_VENSTER", str(60 * 60)))
# Retention term for a file without a configured term for its outcome (functioneel beheer sets
# the terms per outcome on the page "Bewaartermijnen").
WERKCOACH_BEWAARTERMIJN_STANDAARD_MAANDEN = int(env("WERKCOACH_BEWAARTERMIJN_MAANDEN", "24"))

# E-mail: console in the embedded setup, SMTP when EMAIL_HOST is set.
EMAIL_HOST = env("EMAIL_HOST")
EMAIL_BACKEND = (
    "django.core.mail.backends.smtp.EmailBackend"
    if EMAIL_HOST
    else "django.core.mail.backends.console.EmailBackend"
)
EMAIL_PORT = int(env("EMAIL_PORT", "587"))
EMAIL_HOST_USER = env("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", True)
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", "werkcoach <noreply@werkcoach.localhost>")
SITE_URL = env("SITE_URL", "http://127.0.0.1:8000")
# Where residents and users write about privacy or accessibility (the privacy and the
# accessibility statements name it).
WERKCOACH_CONTACT_EMAIL = env("WERKCOACH_CONTACT_EMAIL", "privacy@werkcoach.localhost")

# Sessions and cookies. Inactivity timeout: every request extends the session; the page warns
# WERKCOACH_SESSIE_WAARSCHUWING seconds before the end and offers to extend it (WCAG 2.2.1).
SESSION_COOKIE_AGE = int(env("SESSION_COOKIE_AGE", str(15 * 60)))
SESSION_SAVE_EVERY_REQUEST = True
WERKCOACH_SESSIE_WAARSCHUWING = min(120, SESSION_COOKIE_AGE // 2)
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Strict"
CSRF_COOKIE_HTTPONLY = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
CSRF_FAILURE_VIEW = "werkcoach.fouten.csrf_mislukt"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"

# Content-Security-Policy (django-csp): no inline script or style anywhere; scripts carry the
# request's nonce; the pages cannot be framed.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "base-uri": [SELF],
        "object-src": [NONE],
    }
}
if PRODUCTION:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = int(env("SECURE_HSTS_SECONDS", str(365 * 24 * 3600)))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True

# One JSON object per line (werkcoach.logformaat) for a log collector; plain lines otherwise.
WERKCOACH_LOG_JSON = env_bool("WERKCOACH_LOG_JSON", PRODUCTION)
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    # Every line carries the request's reference, the one the 500 page shows the user.
    "filters": {"verzoek_id": {"()": "werkcoach.middleware.VerzoekIdFilter"}},
    "formatters": {
        "verzoek": {"format": "%(asctime)s %(levelname)s [%(verzoek_id)s] %(name)s: %(message)s"},
        "json": {"()": "werkcoach.logformaat.JsonFormatter"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "filters": ["verzoek_id"],
            "formatter": "json" if WERKCOACH_LOG_JSON else "verzoek",
        }
    },
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        # rapportage: WeasyPrint and fontTools log every layout step at INFO.
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
        # Tasks run in-process without a broker: "Task ... succeeded" for every e-mail and
        # report would flood the `make run` console. A worker logs them as usual.
        **({"celery.app.trace": {"level": "WARNING"}} if CELERY_TASK_ALWAYS_EAGER else {}),
    },
}

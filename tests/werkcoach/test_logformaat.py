"""JSON log lines: one object per line with the request's reference and the traceback."""

import io
import json
import logging
import os
import subprocess
import sys
from datetime import datetime

from django.conf import settings
from django.http import HttpResponse
from django.test import RequestFactory

from werkcoach.logformaat import JsonFormatter
from werkcoach.middleware import VerzoekIdFilter, VerzoekIdMiddleware


def _logger() -> tuple[logging.Logger, io.StringIO]:
    uit = io.StringIO()
    handler = logging.StreamHandler(uit)
    handler.addFilter(VerzoekIdFilter())
    handler.setFormatter(JsonFormatter())
    logger = logging.getLogger("werkcoach.test_logformaat")
    logger.handlers = [handler]
    logger.propagate = False
    logger.setLevel(logging.INFO)
    return logger, uit


def test_a_line_in_a_request_is_one_json_object_with_its_reference_and_traceback():
    logger, uit = _logger()

    def view(request):
        logger.info("Rapport %s gevraagd door %s", 7, 'Jansen \u2013 "pl"')
        try:
            raise ValueError("kapot\nover twee regels")
        except ValueError:
            logger.exception("Mislukt")
        return HttpResponse()

    response = VerzoekIdMiddleware(view)(RequestFactory().get("/", HTTP_X_REQUEST_ID="ref-123456"))
    regels = uit.getvalue().splitlines()
    assert len(regels) == 2  # the multi-line traceback stays inside its line
    eerste, tweede = (json.loads(r) for r in regels)
    assert response["X-Request-ID"] == "ref-123456"
    assert eerste["message"] == 'Rapport 7 gevraagd door Jansen \u2013 "pl"'
    assert eerste["level"] == "INFO" and eerste["logger"] == "werkcoach.test_logformaat"
    assert eerste["request_id"] == tweede["request_id"] == "ref-123456"
    assert "exception" not in eerste
    assert tweede["level"] == "ERROR" and tweede["message"] == "Mislukt"
    assert "Traceback" in tweede["exception"] and "ValueError: kapot" in tweede["exception"]
    assert datetime.fromisoformat(eerste["time"]).utcoffset().total_seconds() == 0


def test_outside_a_request_the_reference_is_a_dash():
    logger, uit = _logger()
    logger.warning("Beat draait")
    assert json.loads(uit.getvalue())["request_id"] == "-"


def _formatter(**omgeving: str) -> str:
    env = {k: v for k, v in os.environ.items() if k not in {"WERKCOACH_LOG_JSON", "DJANGO_ENV"}}
    code = (
        "from django.conf import settings; "
        "print(settings.LOGGING['handlers']['console']['formatter'])"
    )
    uit = subprocess.run(  # noqa: S603 - our own interpreter and fixed code
        [sys.executable, "-c", code],
        cwd=str(settings.BASE_DIR),
        env={**env, "DJANGO_SETTINGS_MODULE": "werkcoach.settings", **omgeving},
        check=True,
        capture_output=True,
        text=True,
    )
    return uit.stdout.strip()


PRODUCTIE = {
    "DJANGO_ENV": "production",
    "ALLOWED_HOSTS": "werkcoach.example",
    "SECRET_KEY": "alleen-voor-deze-test-0123456789abcdefghijklmnopqrstuvwxyz-ABCDEFGHIJ",
}


def test_json_is_the_default_in_production_and_can_be_switched():
    assert _formatter() == "verzoek"
    assert _formatter(WERKCOACH_LOG_JSON="1") == "json"
    assert _formatter(**PRODUCTIE) == "json"
    assert _formatter(**PRODUCTIE, WERKCOACH_LOG_JSON="0") == "verzoek"

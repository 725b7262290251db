"""The benchmarks' Server-Timing header: only when switched on, with the request's own queries."""

import re

from django.db import connection
from django.test.utils import CaptureQueriesContext

TIMING = "werkcoach.middleware.ServerTimingMiddleware"


def test_no_server_timing_header_by_default(client, db, settings):
    assert TIMING not in settings.MIDDLEWARE
    assert "Server-Timing" not in client.get("/gezondheid/").headers


def test_server_timing_header_counts_the_requests_queries(settings, ingelogd, wereld):
    settings.MIDDLEWARE = [TIMING, *settings.MIDDLEWARE]
    client = ingelogd(wereld.werkcoach)
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/trajecten/")
    assert response.status_code == 200
    gemeten = re.fullmatch(
        r'db;dur=(\d+\.\d);desc="(\d+) queries", app;dur=(\d+\.\d)', response["Server-Timing"]
    )
    assert gemeten, response["Server-Timing"]
    sql_ms, aantal, totaal_ms = float(gemeten[1]), int(gemeten[2]), float(gemeten[3])
    assert aantal == len(queries.captured_queries) > 0
    assert 0 < sql_ms <= totaal_ms

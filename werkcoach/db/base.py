"""Django's PostgreSQL backend, waiting a moment for the database when it cannot connect.

A restarted PostgreSQL is away for about a second. ``CONN_HEALTH_CHECKS`` makes a request drop
its stale persistent connection; the new connection is then tried again for up to
``WERKCOACH_DB_VERBINDEN_WACHTEN`` seconds (connection refused, "the database system is
starting up" or "shutting down"), so a user's request waits that second instead of answering
with an error page. Only opening a connection is retried, never a query.
"""

from __future__ import annotations

import logging
import time

import psycopg
from django.conf import settings
from django.db.backends.postgresql import base

logger = logging.getLogger(__name__)


class DatabaseWrapper(base.DatabaseWrapper):
    def get_new_connection(self, conn_params):
        einde = time.monotonic() + float(getattr(settings, "WERKCOACH_DB_VERBINDEN_WACHTEN", 0))
        pogingen = 0
        while True:
            try:
                return super().get_new_connection(conn_params)
            except psycopg.OperationalError:
                pogingen += 1
                if time.monotonic() >= einde:
                    raise
                if pogingen == 1:
                    logger.warning("The database cannot be reached; trying again")
                time.sleep(0.2)

"""Log lines as JSON for a log collector: one object per line, standard library only.

``WERKCOACH_LOG_JSON=1`` (the default in production) puts ``JsonFormatter`` on the console
handler. Each line has ``time`` (UTC, ISO 8601 with milliseconds), ``level``, ``logger``,
``message``, ``request_id`` (the reference ``VerzoekIdFilter`` puts on the record, '-' outside a
request) and, when there is one, ``exception`` (the formatted traceback) and ``stack``.
"""

from __future__ import annotations

import json
import logging
from datetime import UTC, datetime


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        regel: dict[str, str] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            "request_id": getattr(record, "verzoek_id", "-"),
        }
        if record.exc_info:
            # The standard Formatter caches the text on the record for the next handler.
            record.exc_text = record.exc_text or self.formatException(record.exc_info)
        if record.exc_text:
            regel["exception"] = record.exc_text
        if record.stack_info:
            regel["stack"] = self.formatStack(record.stack_info)
        return json.dumps(regel, ensure_ascii=False, default=str)

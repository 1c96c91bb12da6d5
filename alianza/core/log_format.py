"""Log records as JSON lines (LOG_FORMAT=json), for a log collector to index.

One object per line with the time, level, logger, message and, when there is one, the
exception's traceback; anything passed through ``extra=`` is kept as its own field. Stdlib
only, so a deployment needs nothing more to use it.
"""

from __future__ import annotations

import json
import logging
from datetime import UTC, datetime
from typing import Any

# Attributes every LogRecord has; whatever else is on a record came from ``extra=``.
_STANDARD = set(vars(logging.LogRecord("", 0, "", 0, "", (), None))) | {"message", "asctime"}


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(
                timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            "process": record.process,
        }
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        if record.stack_info:
            entry["stack"] = self.formatStack(record.stack_info)
        for key, value in vars(record).items():
            if key not in _STANDARD and not key.startswith("_") and key not in entry:
                entry[key] = value
        # default=str: a request object or a path given as extra is logged as text, never
        # turns the log line itself into an error.
        return json.dumps(entry, ensure_ascii=False, default=str)

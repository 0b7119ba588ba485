"""One JSON object per log line, so log collectors can index the fields."""

import json
import logging
import time
from datetime import UTC, datetime

STANDARD_ATTRIBUTES = set(vars(logging.makeLogRecord({}))) | {"message", "asctime"}


class JsonFormatter(logging.Formatter):
    def format(self, record):
        entry = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        request = getattr(record, "request", None)
        if request is not None and hasattr(request, "path"):
            from .limits import client_address

            entry["method"] = request.method
            entry["path"] = request.path
            entry["client"] = client_address(request)
        if getattr(record, "status_code", None):
            entry["status"] = record.status_code
        for key, value in vars(record).items():
            if key not in STANDARD_ATTRIBUTES and key not in {"request", "status_code"}:
                entry[key] = value if isinstance(value, (str, int, float, bool)) else repr(value)
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False)


class SuspiciousRequestFilter(logging.Filter):
    """A request Django refuses as suspicious (a Host header not in ALLOWED_HOSTS, a body or
    a form larger than allowed) is the client's doing, answered with 400: one WARNING line,
    without a traceback, rather than an ERROR that looks like the site's own fault."""

    def filter(self, record):
        from django.core.exceptions import SuspiciousOperation

        error = record.exc_info[1] if record.exc_info else None
        if isinstance(error, SuspiciousOperation):
            record.levelno, record.levelname = logging.WARNING, "WARNING"
            record.exc_info = record.exc_text = None
        return True


class DatabaseOutageFilter(logging.Filter):
    """While the database is down every request fails alike: the first such error is
    logged, then at most one in DATABASE_OUTAGE_LOG_SECONDS, saying how many were left out."""

    def __init__(self):
        super().__init__()
        self.logged_at = None
        self.left_out = 0

    def filter(self, record):
        from django.conf import settings

        from .views import DATABASE_UNAVAILABLE

        error = record.exc_info[1] if record.exc_info else None
        if not isinstance(error, DATABASE_UNAVAILABLE):
            return True
        now = time.monotonic()
        if (
            self.logged_at is not None
            and now - self.logged_at < settings.DATABASE_OUTAGE_LOG_SECONDS
        ):
            self.left_out += 1
            return False
        record.left_out = self.left_out
        self.logged_at, self.left_out = now, 0
        return True

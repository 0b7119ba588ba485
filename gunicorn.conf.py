"""gunicorn settings for the production configuration (`make serve`, `make bench`)."""

import multiprocessing
import os

bind = os.environ.get("BIND", f"127.0.0.1:{os.environ.get('PORT', '8000')}")
workers = int(os.environ.get("WEB_CONCURRENCY", multiprocessing.cpu_count() * 2))
threads = int(os.environ.get("GUNICORN_THREADS", "1"))
timeout = 30
graceful_timeout = 20
keepalive = 5
# Recycle workers now and then so that a slow leak can never grow without bound.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "5000"))
max_requests_jitter = max_requests // 10
# Load Django once in the master: workers start (and restart) by forking a warm process.
preload_app = True
accesslog = os.environ.get("ACCESS_LOG", "-")
# One JSON object per request, like the application's own logs; the logger class escapes values.
logger_class = "icld_site.gunicorn_logging.JsonAccessLogger"
access_log_format = (
    '{"time": "%(t)s", "method": "%(m)s", "path": "%(U)s", "query": "%(q)s", '
    '"status": %(s)s, "bytes": "%(B)s", "duration_us": %(D)s, "referer": "%(f)s", '
    '"user_agent": "%(a)s"}'
)
errorlog = "-"
loglevel = os.environ.get("LOG_LEVEL", "warning").lower()

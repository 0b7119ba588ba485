"""Structured logs: Django's errors and gunicorn's access log are one JSON object per line."""

import io
import json
import runpy
from datetime import timedelta
from pathlib import Path
from types import SimpleNamespace

import pytest
from django.urls import path

PROJECT = Path(__file__).resolve().parents[2]


def broken_view(request):
    raise RuntimeError("the database page exploded")


urlpatterns = [path("boom/", broken_view)]


@pytest.mark.urls("tests.site.test_logging")
def test_unhandled_exception_is_one_json_line_with_the_path(client, log_output):
    client.raise_request_exception = False
    response = client.get("/boom/?q=<x>")
    assert response.status_code == 500
    lines = [line for line in log_output.getvalue().splitlines() if line.strip()]
    assert len(lines) == 1
    entry = json.loads(lines[0])
    assert entry["level"] == "ERROR"
    assert entry["logger"] == "django.request"
    assert entry["path"] == "/boom/"
    assert entry["method"] == "GET"
    assert entry["status"] == 500
    assert "RuntimeError: the database page exploded" in entry["exception"]


def test_gunicorn_access_log_lines_are_json_whatever_the_client_sends():
    from gunicorn.config import Config

    config = Config()
    for name, value in runpy.run_path(str(PROJECT / "gunicorn.conf.py")).items():
        if name in config.settings:
            config.set(name, value)
    config.set("accesslog", "-")
    logger = config.logger_class(config)
    stream = io.StringIO()
    logger.access_log.handlers[0].setStream(stream)

    nasty = 'a"b\\c\x00\x1b[31m\u00e5\ud7ff'
    environ = {
        "REQUEST_METHOD": "GET",
        "RAW_URI": "/sv/?" + nasty,
        "SERVER_PROTOCOL": "HTTP/1.1",
        "PATH_INFO": "/sv/" + nasty,
        "QUERY_STRING": "q=" + nasty,
        "HTTP_USER_AGENT": nasty,
        "HTTP_REFERER": nasty,
        "REMOTE_ADDR": "127.0.0.1",
    }
    response = SimpleNamespace(status="200 OK", sent=1234, headers=[])
    request = SimpleNamespace(headers=[("USER-AGENT", nasty)])
    logger.access(response, request, environ, timedelta(milliseconds=12))
    entry = json.loads(stream.getvalue().strip())
    assert entry["path"] == "/sv/" + nasty
    assert entry["query"] == "q=" + nasty
    assert entry["user_agent"] == nasty
    assert entry["status"] == 200
    assert entry["duration_us"] == 12000

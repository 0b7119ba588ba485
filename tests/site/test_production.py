"""The production configuration, checked in a separate process with the real settings."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

PROJECT = Path(__file__).resolve().parents[2]
PRODUCTION_ENV = {
    "DJANGO_SETTINGS_MODULE": "icld_site.settings.production",
    "SECRET_KEY": "a-long-random-production-key-for-the-test-only-0123456789",
    "ALLOWED_HOSTS": "www.example.org",
    "DATABASE_URL": "sqlite:///unused.db",
}


def run_python(code, env_changes=(), drop=(), **kwargs):
    env = {k: v for k, v in os.environ.items() if k not in set(drop)}
    env.update(PRODUCTION_ENV)
    env.update(env_changes)
    for name in drop:
        env.pop(name, None)
    return subprocess.run(  # noqa: S603 - our own interpreter and code
        [sys.executable, "-c", code],
        env=env,
        cwd=PROJECT,
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
        **kwargs,
    )


@pytest.mark.parametrize("name", ["SECRET_KEY", "ALLOWED_HOSTS", "DATABASE_URL"])
def test_production_settings_name_each_missing_variable(name):
    result = run_python("import django; django.setup()", drop=[name])
    assert result.returncode != 0
    assert f"The environment variable {name} must be set" in result.stderr


def test_production_settings_pass_the_deployment_checklist():
    result = run_python(
        "import django, sys; django.setup(); from django.core.management import call_command;"
        "call_command('check', '--deploy', '--fail-level', 'WARNING')"
    )
    assert result.returncode == 0, result.stderr


# Runs in the child process: request a static file through the WSGI application, as gunicorn would.
SERVE_STATIC = """
import io, json, sys
from wsgiref.util import setup_testing_defaults
from icld_site.wsgi import application

def get(path, **headers):
    environ = {"PATH_INFO": path, "HTTP_HOST": "www.example.org",
               "HTTP_X_FORWARDED_PROTO": "https", **headers}
    setup_testing_defaults(environ)
    captured = {}
    def start_response(status, response_headers, exc_info=None):
        captured["status"] = status
        captured["headers"] = dict(response_headers)
    body = b"".join(application(environ, start_response))
    return {"status": captured["status"], "headers": captured["headers"], "length": len(body)}

print(json.dumps({path: [get(path), get(path, HTTP_ACCEPT_ENCODING="gzip")]
                  for path in sys.argv[1:]}))
"""


def test_whitenoise_serves_hashed_compressed_static_files_for_ever(tmp_path):
    env = {"STATIC_ROOT": str(tmp_path)}
    collect = run_python(
        "import django; django.setup(); from django.core.management import call_command;"
        "call_command('collectstatic', '--noinput', verbosity=0)",
        env_changes=env,
    )
    assert collect.returncode == 0, collect.stderr
    manifest = json.loads((tmp_path / "staticfiles.json").read_text())["paths"]
    hashed = "/static/" + manifest["css/site.css"]
    assert hashed != "/static/css/site.css"
    assert (tmp_path / (manifest["css/site.css"] + ".gz")).exists()

    result = subprocess.run(  # noqa: S603 - our own interpreter and code
        [sys.executable, "-c", SERVE_STATIC, hashed, "/static/css/site.css"],
        env={**os.environ, **PRODUCTION_ENV, **env},
        cwd=PROJECT,
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    responses = json.loads(result.stdout.strip().splitlines()[-1])
    plain, gzipped = responses[hashed]
    assert plain["status"].startswith("200")
    assert plain["headers"]["Cache-Control"] == "max-age=315360000, public, immutable"
    assert plain["headers"]["Content-Type"].startswith("text/css")
    assert gzipped["headers"]["Content-Encoding"] == "gzip"
    assert gzipped["length"] < plain["length"]
    # The unhashed name may change content at any time: browsers must not keep it for ever.
    unhashed, _ = responses["/static/css/site.css"]
    assert "immutable" not in unhashed["headers"].get("Cache-Control", "")

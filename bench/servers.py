"""The production configuration on loopback: the benchmark's PostgreSQL databases, its Redis
cache database and gunicorn, and what the machine must provide for them. Nothing is
installed here: whatever is missing stops the run with the Debian package to install."""

import contextlib
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

import redis

from bench import PYTHON, ROOT, log

HOST = "127.0.0.1"
POSTGRES = os.environ.get("BENCH_POSTGRES", "postgres://postgres@127.0.0.1:5432")
REDIS_URL = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/5")
LOG_DIR = Path(tempfile.gettempdir()) / "kp-bench-logs"

# The programs the benchmark runs, each with the Debian package that provides it.
PROGRAMS = {"wrk": "wrk", "psql": "postgresql-client"}


def missing_requirements():
    """What the machine lacks for a run, each named with the Debian package to install."""
    missing = [
        f"{program}: install the Debian package {package}"
        for program, package in PROGRAMS.items()
        if not shutil.which(program)
    ]
    if shutil.which("psql"):
        try:
            psql("SELECT 1")
        except subprocess.CalledProcessError:
            missing.append(
                f"PostgreSQL at {POSTGRES} does not answer: install and start the Debian package "
                "postgresql, or point BENCH_POSTGRES at a server"
            )
    try:
        redis.Redis.from_url(REDIS_URL, socket_connect_timeout=2).ping()
    except redis.RedisError:
        missing.append(
            f"Redis at {REDIS_URL} does not answer: install and start the Debian package "
            "redis-server, or point BENCH_REDIS_URL at a server"
        )
    return missing


def require():
    """Stop before anything starts when the machine lacks a program or a service."""
    missing = missing_requirements()
    if missing:
        sys.exit("make bench cannot run:\n  " + "\n  ".join(missing))


def database_url(name):
    return f"{POSTGRES}/{name}"


def psql(sql, database="postgres"):
    result = subprocess.run(
        ["psql", database_url(database), "-v", "ON_ERROR_STOP=1", "-tAc", sql],
        check=True,
        capture_output=True,
        text=True,
    )
    return result.stdout.strip()


def database_exists(name):
    return psql(f"SELECT 1 FROM pg_database WHERE datname = '{name}'") == "1"


def flush_redis():
    """Empty the benchmark's cache database: no page or figure carries over between runs
    or data sets."""
    redis.Redis.from_url(REDIS_URL).flushdb()


def environment(database, **extra):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "icld_site.settings.production",
        "DATABASE_URL": database_url(database),
        "SECRET_KEY": "bench-only-not-secret",
        "ALLOWED_HOSTS": f"{HOST},localhost,testserver",
        "SECURE_SSL_REDIRECT": "0",
        "SECURE_COOKIES": "0",
        "REDIS_URL": REDIS_URL,
        "LOG_LEVEL": "WARNING",
        # At thousands of requests a second the production default (a worker recycled after
        # about 5,000 requests) would restart workers during a measurement and time their
        # start-up instead of the pages.
        "GUNICORN_MAX_REQUESTS": "200000",
        # The benchmark measures how slow the slowest searches are; the production statement
        # time-out would cancel them under its 16 connections at 100,000 partnerships.
        "DATABASE_STATEMENT_TIMEOUT": "0",
    }
    env.update({key: str(value) for key, value in extra.items()})
    return env


def manage(database, *args):
    """`manage.py` with the production settings against the benchmark's database."""
    log(f"{database}: manage.py {' '.join(args)}")
    subprocess.run(
        [PYTHON, "manage.py", *args],
        cwd=ROOT,
        env=environment(database),
        check=True,
        stdout=subprocess.DEVNULL,
    )


def fetch(url, gzip=False):
    headers = {"Accept-Encoding": "gzip"} if gzip else {}
    request = urllib.request.Request(url, headers=headers)  # noqa: S310 - loopback only
    try:
        with urllib.request.urlopen(request, timeout=60) as response:  # noqa: S310
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read()


# Servers started here; `stop_all` stops every one, however the run ends.
_servers = []


def stop_all():
    for server in list(_servers):
        server.stop()


class Server:
    """gunicorn with the production settings, in its own process group; as a context
    manager, started on entry and stopped on exit."""

    def __init__(self, label, database, port, **env):
        self.label, self.port = label, port
        self.env = environment(database, PORT=port, BIND=f"{HOST}:{port}", **env)
        self.process = None

    def start(self):
        LOG_DIR.mkdir(exist_ok=True)
        self.logfile = open(LOG_DIR / f"gunicorn-{self.label}.log", "w")  # noqa: SIM115
        self.process = subprocess.Popen(
            [PYTHON, "-m", "gunicorn", "icld_site.wsgi", "-c", "gunicorn.conf.py"],
            cwd=ROOT,
            env=self.env,
            stdout=self.logfile,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        _servers.append(self)
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn ({self.label}) exited; see {self.logfile.name}")
            with contextlib.suppress(OSError):
                status, _headers, _body = fetch(self.url("/healthz"))
                if status == 200 and len(self.worker_pids()) >= self.expected_workers:
                    return self
            time.sleep(0.3)
        raise RuntimeError(f"gunicorn ({self.label}) did not answer; see {self.logfile.name}")

    def __enter__(self):
        return self.start()

    def __exit__(self, *_exc):
        self.stop()

    @property
    def expected_workers(self):
        return int(self.env.get("WEB_CONCURRENCY") or os.cpu_count() * 2)

    @property
    def netloc(self):
        return f"{HOST}:{self.port}"

    def url(self, path):
        return f"http://{self.netloc}{path}"

    def worker_pids(self):
        children = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children")
        try:
            return [int(pid) for pid in children.read_text().split()]
        except OSError:
            return []

    def worker_rss_mb(self):
        sizes = []
        for pid in self.worker_pids():
            with contextlib.suppress(OSError):
                status = Path(f"/proc/{pid}/status").read_text()
                kilobytes = int(re.search(r"VmRSS:\s+(\d+)", status).group(1))
                sizes.append(round(kilobytes / 1024, 1))
        return sizes

    def stop(self):
        if self.process and self.process.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=25)
            except subprocess.TimeoutExpired:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()
        if self in _servers:
            _servers.remove(self)
            self.logfile.close()

"""`make faulttest`: the production configuration under load while Redis, then PostgreSQL,
is cut off.

gunicorn (production settings, WhiteNoise) reaches PostgreSQL and Redis through the TCP
proxy of the fault tests (tests/resilience/tcp_proxy.py). Two bounded wrk runs on loopback
go on through every phase: one asks for pages that were cached before the run (home,
programme, news, database, in both languages), the other for pages that no cache can hold
(a search with a random word, each time new). Phases: healthy, Redis cut, Redis back,
PostgreSQL cut, PostgreSQL back. The table gives, per phase and kind of page, the requests
answered, the share of 2xx and the count of 5xx other than 503. It exits non-zero if any
answer was a 5xx other than 503 or a cached page was not a 2xx. The server's log goes to
loadtest/results/faulttest-server.log, the figures to loadtest/results/faulttest.json.

FAULTTEST_DATABASE_URL  database to fill and serve (default postgres://...:5432/kp_fault)
FAULTTEST_REDIS_URL     Redis database to use and empty first (default redis://...:6379/6)
FAULTTEST_PORT          port on 127.0.0.1 (default 8095)
FAULTTEST_SECONDS       length of a cut (default 10); the other phases last half as long
"""

import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.resilience.tcp_proxy import TCPProxy  # noqa: E402

PYTHON = os.environ.get("PYTHON", sys.executable)
DATABASE_URL = os.environ.get(
    "FAULTTEST_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/kp_fault"
)
REDIS_URL = os.environ.get("FAULTTEST_REDIS_URL", "redis://127.0.0.1:6379/6")
PORT = int(os.environ.get("FAULTTEST_PORT", "8095"))
CUT_SECONDS = int(os.environ.get("FAULTTEST_SECONDS", "10"))
BASE = f"http://127.0.0.1:{PORT}"
OUT = ROOT / "loadtest" / "results"

CACHED = [
    "/sv/",
    "/en/",
    "/sv/kommunalt-partnerskap/",
    "/en/municipal-partnership/",
    "/sv/aktuellt/",
    "/en/news/",
    "/sv/kommunalt-partnerskap/databas/",
    "/en/municipal-partnership/database/?status=active",
]
UNCACHED = ["/sv/kommunalt-partnerskap/databas/?q=kommun{n}", "/en/search/?q=water{n}"]
# (phase, what happens at its start, how long it lasts)
PHASES = [
    ("healthy", None, CUT_SECONDS // 2),
    ("Redis cut", ("redis", "cut"), CUT_SECONDS),
    ("Redis back", ("redis", "restore"), CUT_SECONDS // 2),
    ("PostgreSQL cut", ("postgres", "cut"), CUT_SECONDS),
    ("PostgreSQL back", ("postgres", "restore"), CUT_SECONDS // 2),
]
# Bounded: few connections, one thread each, loopback only.
LOADS = {"cached": (CACHED, 8), "uncached": (UNCACHED, 4)}


def environment(database_url, redis_url):
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "icld_site.settings.production",
        "DATABASE_URL": database_url,
        "REDIS_URL": redis_url,
        "SECRET_KEY": "faulttest-not-for-the-internet",
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "SECURE_SSL_REDIRECT": "0",
        "SECURE_COOKIES": "0",
        "STATIC_ROOT": str(ROOT / "staticfiles"),
        "LOG_LEVEL": "critical",
    }


def manage(*args, env):
    subprocess.run([PYTHON, "manage.py", *args], cwd=ROOT, env=env, check=True)


def status(path):
    try:
        with urllib.request.urlopen(BASE + path, timeout=30) as response:  # noqa: S310
            return response.status
    except urllib.error.HTTPError as error:
        return error.code
    except OSError:
        return None


def prepare():
    if shutil.which("wrk") is None:
        print("Installing wrk from Debian's packages")
        subprocess.run(["apt-get", "update", "-qq"], check=True)
        subprocess.run(["apt-get", "install", "-y", "-qq", "wrk"], check=True)
    database = urlsplit(DATABASE_URL)
    name = database.path.lstrip("/")
    admin = DATABASE_URL.rsplit("/", 1)[0] + "/postgres"
    exists = subprocess.run(
        ["psql", admin, "-tAc", f"SELECT 1 FROM pg_database WHERE datname='{name}'"],  # noqa: S608
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    if not exists:
        subprocess.run(["psql", admin, "-qc", f'CREATE DATABASE "{name}"'], check=True)
    env = environment(DATABASE_URL, REDIS_URL)
    manage("migrate", "--noinput", "-v0", env=env)
    manage("compile_translations", env={**env, "DJANGO_SETTINGS_MODULE": "icld_site.settings.dev"})
    manage("collectstatic", "--noinput", "-v0", env=env)
    manage("load_demo_content", "-v0", env=env)
    import redis

    redis.Redis.from_url(REDIS_URL).flushdb()


def run_phase(name, seconds, workdir):
    runs = {}
    for kind, (paths, connections) in LOADS.items():
        paths_file = workdir / f"{kind}.txt"
        paths_file.write_text("\n".join(paths) + "\n")
        result = workdir / f"{kind}-{len(runs)}-{name.replace(' ', '-')}.json"
        command = [
            "wrk",
            "--threads",
            "1",
            "--connections",
            str(connections),
            "--duration",
            f"{seconds}s",
            "--timeout",
            "10s",
            "--script",
            str(ROOT / "loadtest" / "status.lua"),
            BASE,
            "--",
            str(paths_file),
            str(result),
        ]
        runs[kind] = (subprocess.Popen(command, stdout=subprocess.DEVNULL), result)
    rows = []
    for kind, (process, result) in runs.items():
        process.wait()
        rows.append({"phase": name, "pages": kind, **json.loads(result.read_text())})
    return rows


def main():
    prepare()
    database = urlsplit(DATABASE_URL)
    cache = urlsplit(REDIS_URL)
    proxies = {
        "postgres": TCPProxy(database.hostname or "127.0.0.1", database.port or 5432).start(),
        "redis": TCPProxy(cache.hostname or "127.0.0.1", cache.port or 6379).start(),
    }
    proxied_database = DATABASE_URL.replace(
        database.netloc, f"{database.username or 'postgres'}@127.0.0.1:{proxies['postgres'].port}"
    )
    proxied_redis = f"redis://127.0.0.1:{proxies['redis'].port}{cache.path or '/0'}"
    env = {
        **environment(proxied_database, proxied_redis),
        "BIND": f"127.0.0.1:{PORT}",
        "WEB_CONCURRENCY": "3",
        "ACCESS_LOG": "/dev/null",
    }
    gunicorn = str(Path(PYTHON).parent / "gunicorn")
    OUT.mkdir(parents=True, exist_ok=True)
    server_log = (OUT / "faulttest-server.log").open("w")
    server = subprocess.Popen(
        [gunicorn, "icld_site.wsgi", "-c", "gunicorn.conf.py"],
        cwd=ROOT,
        env=env,
        stdout=server_log,
        stderr=subprocess.STDOUT,
    )
    try:
        for _ in range(120):
            if status("/healthz") == 200:
                break
            time.sleep(0.5)
        else:
            sys.exit("gunicorn did not start")
        for path in CACHED:
            if status(path) != 200 or status(path) != 200:
                sys.exit(f"{path} does not answer 200 before the run")
        rows = []
        with tempfile.TemporaryDirectory() as workdir:
            for name, action, seconds in PHASES:
                if action:
                    service, what = action
                    getattr(proxies[service], what)()
                rows.extend(run_phase(name, seconds, Path(workdir)))
    finally:
        server.terminate()
        server.wait(timeout=30)
        server_log.close()
        for proxy in proxies.values():
            proxy.stop()
    (OUT / "faulttest.json").write_text(json.dumps(rows, indent=2) + "\n")
    print(table(rows))
    failed = [
        row
        for row in rows
        if row["other_5xx"] or row["socket_errors"] or (row["pages"] == "cached" and share(row) < 1)
    ]
    sys.exit(1 if failed else 0)


def share(row):
    return row["2xx"] / row["requests"] if row["requests"] else 0


def table(rows):
    lines = [
        "| phase | pages | requests | 2xx | 503 | 5xx other than 503 | p50 ms |",
        "| --- | --- | --- | --- | --- | --- | --- |",
    ]
    for row in rows:
        lines.append(
            f"| {row['phase']} | {row['pages']} | {row['requests']:,} | "
            f"{share(row):.1%} | {row['503']:,} | {row['other_5xx']} | {row['p50_ms']} |"
        )
    return "\n".join(lines)


if __name__ == "__main__":
    main()

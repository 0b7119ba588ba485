#!/usr/bin/env bash
# Load test of the production configuration (gunicorn + WhiteNoise + PostgreSQL) on loopback:
# 10,000 generated partnerships, a mix of programme, news, database searches and exports,
# 100 concurrent connections for 60 seconds with wrk. Fails on any error or non-2xx/3xx answer.
#
# LOADTEST_DATABASE_URL  database to fill and serve (default postgres://...:5432/kp_load)
# LOADTEST_PORT          port on 127.0.0.1 (default 8090)
# LOADTEST_CONNECTIONS, LOADTEST_DURATION, LOADTEST_PARTNERSHIPS, REDIS_URL (optional)
set -euo pipefail
cd "$(dirname "$0")/.."

PYTHON="${PYTHON:-.venv/bin/python}"
GUNICORN="$(dirname "$PYTHON")/gunicorn"
DB_URL="${LOADTEST_DATABASE_URL:-postgres://postgres@127.0.0.1:5432/kp_load}"
PORT="${LOADTEST_PORT:-8090}"
CONNECTIONS="${LOADTEST_CONNECTIONS:-100}"
DURATION="${LOADTEST_DURATION:-60}"
PARTNERSHIPS="${LOADTEST_PARTNERSHIPS:-10000}"
BASE="http://127.0.0.1:$PORT"
OUT="${LOADTEST_OUT:-loadtest/results}"
mkdir -p "$OUT"

if ! command -v wrk >/dev/null; then
    echo "Installing wrk from Debian's packages"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null
fi

export DJANGO_SETTINGS_MODULE=icld_site.settings.production DATABASE_URL="$DB_URL" \
    SECRET_KEY="loadtest-$(hostname)-not-for-the-internet" ALLOWED_HOSTS=127.0.0.1,localhost \
    SECURE_SSL_REDIRECT=0 SECURE_COOKIES=0 STATIC_ROOT="$PWD/staticfiles" LOG_LEVEL=warning

name="${DB_URL##*/}"
admin_url="postgresql://${DB_URL#*://}"
admin_url="${admin_url%/*}/postgres"
psql "$admin_url" -tAc "SELECT 1 FROM pg_database WHERE datname='$name'" | grep -q 1 \
    || psql "$admin_url" -qc "CREATE DATABASE \"$name\""
"$PYTHON" manage.py migrate --noinput -v0
"$PYTHON" manage.py compile_translations >/dev/null
"$PYTHON" manage.py collectstatic --noinput -v0
"$PYTHON" manage.py load_demo_content -v0
existing=$("$PYTHON" manage.py shell -v0 -c \
    "from partners.models import Partnership; print(Partnership.objects.count())" | tail -n1)
if [ "$existing" -lt "$PARTNERSHIPS" ]; then
    echo "Generating $((PARTNERSHIPS - existing)) partnerships"
    "$PYTHON" manage.py generate_partnerships --count "$((PARTNERSHIPS - existing))" -v0
fi

ACCESS_LOG=/dev/null BIND="127.0.0.1:$PORT" "$GUNICORN" icld_site.wsgi -c gunicorn.conf.py &
server=$!
trap 'kill "$server" 2>/dev/null; wait "$server" 2>/dev/null || true' EXIT
for _ in $(seq 60); do curl -fs "$BASE/healthz" >/dev/null && break; sleep 0.5; done
curl -fs "$BASE/healthz" >/dev/null || { echo "gunicorn did not start"; exit 1; }

# The mix: weight and path; "{q}" stands for each of the search words. Every path is asked
# for once here, each word in turn, and only those that answer 200 are in the mix: a search
# word with too few matches has no page 2, which is a 404 by design. What is left out is
# listed. A path without "{q}" weighs as much as all the words of one with it.
WORDS=(malmo miljo jamstalldhet kenya samarbete vatten region demokrati skola kommun klimat
    ukraina tanzania avfall dialog planering)
templates="$OUT/templates.txt"
cat >"$templates" <<'PATHS'
10 /sv/
5 /en/
15 /sv/kommunalt-partnerskap/
5 /en/municipal-partnership/
10 /sv/aktuellt/
5 /en/news/
3 /sv/feeds/news/rss/
2 /sv/kommunalt-partnerskap/kalender/
15 /sv/kommunalt-partnerskap/databas/?q={q}
5 /sv/kommunalt-partnerskap/databas/?status=active&sort=country
5 /en/municipal-partnership/database/?q={q}&page=2
3 /sv/kommunalt-partnerskap/databas/export/csv/?q={q}
2 /sv/kommunalt-partnerskap/databas/export/json/?q={q}
5 /sv/sok/?q={q}
5 /en/search/?q={q}
PATHS
STATIC=$("$PYTHON" -c "import json; print(json.load(open('staticfiles/staticfiles.json'))['paths']['css/site.css'])")
echo "5 /static/$STATIC" >>"$templates"
candidates="$OUT/candidates.txt"
: >"$candidates"
while read -r weight path; do
    if [[ "$path" == *"{q}"* ]]; then
        for word in "${WORDS[@]}"; do echo "$weight ${path//\{q\}/$word}" >>"$candidates"; done
    else
        echo "$((weight * ${#WORDS[@]})) $path" >>"$candidates"
    fi
done <"$templates"
paths="$OUT/paths.txt"
# shellcheck disable=SC2016
xargs -P 4 -L 1 sh -c \
    'echo "$(curl -s -o /dev/null -w "%{http_code}" "$0$2") $1 $2"' "$BASE" <"$candidates" \
    >"$OUT/probed.txt"
awk '$1 == 200 { print $2, $3 }' "$OUT/probed.txt" >"$paths"
awk '$1 != 200 { print "left out (" $1 "): " $3 }' "$OUT/probed.txt"

result="$OUT/result.json"
rm -f "$result"
wrk --threads 2 --connections "$CONNECTIONS" --duration "${DURATION}s" --timeout 10s --latency \
    --script loadtest/mix.lua "$BASE" -- "$paths" "$result"
"$PYTHON" - "$result" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
errors = sum(r["errors"].values())
l = r["latency_ms"]
print(f"{r['requests']} requests in {r['duration_s']} s: {r['requests_per_s']} requests/s, "
      f"{errors} errors; latency p50 {l['p50']} ms, p90 {l['p90']} ms, p99 {l['p99']} ms, "
      f"max {l['max']} ms")
sys.exit(1 if errors else 0)
PY

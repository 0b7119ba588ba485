#!/usr/bin/env bash
# Back up and restore the site: the PostgreSQL database and the uploaded media files.
#
#   scripts/backup.sh backup [DIR]   writes DIR (default backups/<UTC timestamp>/) with
#                                    db.dump (pg_dump custom format), media.tar.gz, SHA256SUMS
#   scripts/backup.sh restore DIR    restores DIR into the EMPTY database DATABASE_URL, then
#                                    unpacks the media into MEDIA_ROOT (missing or empty)
#
# DATABASE_URL (postgres://...) names the database; MEDIA_ROOT defaults to ./media, as in the
# settings. Needs pg_dump/pg_restore/psql of the server's major version or newer.
set -euo pipefail
cd "$(dirname "$0")/.."

fail() { echo "backup.sh: $*" >&2; exit 1; }

command="${1:-}"
DATABASE_URL="${DATABASE_URL:-}"
MEDIA_ROOT="${MEDIA_ROOT:-media}"
case "$DATABASE_URL" in
    postgres://* | postgresql://*) ;;
    "") fail "DATABASE_URL is not set (postgres://user@host:port/name)" ;;
    *) fail "DATABASE_URL must be a PostgreSQL URL; SQLite databases are copied as files" ;;
esac
# pg_dump and psql take a libpq URI, which spells the scheme postgresql://.
LIBPQ_URL="postgresql://${DATABASE_URL#*://}"

case "$command" in
backup)
    target="${2:-backups/$(date -u +%Y%m%dT%H%M%SZ)}"
    [ -e "$target" ] && fail "$target already exists"
    mkdir -p "$target"
    pg_dump --format=custom --no-owner --no-privileges --dbname="$LIBPQ_URL" \
        --file="$target/db.dump"
    if [ -d "$MEDIA_ROOT" ]; then
        tar -czf "$target/media.tar.gz" -C "$MEDIA_ROOT" .
    else
        tar -czf "$target/media.tar.gz" --files-from=/dev/null
    fi
    (cd "$target" && sha256sum db.dump media.tar.gz >SHA256SUMS)
    echo "Backup written to $target"
    ;;
restore)
    source="${2:-}"
    [ -n "$source" ] || fail "usage: $0 restore DIR"
    [ -f "$source/db.dump" ] || fail "$source/db.dump not found"
    (cd "$source" && sha256sum --check --quiet SHA256SUMS) || fail "checksums do not match"
    # Restoring over live data would mix two sites: insist on an empty database.
    tables=$(psql "$LIBPQ_URL" -tAc \
        "SELECT count(*) FROM pg_tables WHERE schemaname NOT IN ('pg_catalog', 'information_schema')")
    [ "$tables" = 0 ] || fail "the database in DATABASE_URL is not empty ($tables tables)"
    if [ -d "$MEDIA_ROOT" ] && [ -n "$(ls -A "$MEDIA_ROOT")" ]; then
        fail "MEDIA_ROOT ($MEDIA_ROOT) is not empty"
    fi
    pg_restore --no-owner --no-privileges --exit-on-error --single-transaction \
        --dbname="$LIBPQ_URL" "$source/db.dump"
    mkdir -p "$MEDIA_ROOT"
    tar -xzf "$source/media.tar.gz" -C "$MEDIA_ROOT"
    echo "Restored $source"
    ;;
*)
    fail "usage: $0 backup [DIR] | $0 restore DIR"
    ;;
esac

#!/usr/bin/env bash
# The whole test suite on a fresh machine: system packages (as root), the locked Python
# dependencies, a throwaway PostgreSQL cluster and Redis server on 127.0.0.1, lint and checks,
# then pytest (unit, PostgreSQL, a real Celery worker, Playwright in Debian's Chromium with axe).
# Both servers are stopped when the script ends, also on failure.
# Extra arguments go to pytest, e.g. `make test ARGS="tests/accounts -k dashboard"`.
set -euo pipefail
cd "$(dirname "$0")/.."

log() { printf '\n== %s\n' "$*"; }

# -- system packages ----------------------------------------------------------------------------
pg_bin() { ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1; }
missing=()
command -v redis-server >/dev/null 2>&1 || missing+=(redis-server)
[ -x /usr/bin/chromium ] || missing+=(chromium)
command -v msgfmt >/dev/null 2>&1 || missing+=(gettext)
[ -n "$(pg_bin)" ] || missing+=(postgresql)
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    log "installing ${missing[*]}"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  else
    echo "Missing system packages: ${missing[*]}. Install them (apt-get install ${missing[*]}) or run as root." >&2
    exit 1
  fi
fi
PG_BIN=$(pg_bin)

log "Python dependencies"
scripts/setup.sh

# -- throwaway PostgreSQL and Redis on free ports ------------------------------------------------
free_port() { .venv/bin/python -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
WORK=$(mktemp -d /tmp/brobygger-test.XXXXXX)
chmod 755 "$WORK"
as_pg() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
[ "$(id -u)" = 0 ] && mkdir -p "$WORK/pg" "$WORK/sock" && chown postgres:postgres "$WORK/pg" "$WORK/sock"
mkdir -p "$WORK/pg" "$WORK/sock"

cleanup() {
  status=$?
  as_pg "$PG_BIN/pg_ctl" -D "$WORK/pg" -m immediate stop >/dev/null 2>&1 || true
  [ -f "$WORK/redis.pid" ] && kill -TERM "$(cat "$WORK/redis.pid")" 2>/dev/null || true
  rm -rf "$WORK"
  exit $status
}
trap cleanup EXIT INT TERM

PG_PORT=${TEST_PG_PORT:-$(free_port)}
REDIS_PORT=${TEST_REDIS_PORT:-$(free_port)}
log "PostgreSQL on 127.0.0.1:$PG_PORT, Redis on 127.0.0.1:$REDIS_PORT"
as_pg "$PG_BIN/initdb" -D "$WORK/pg" -U brobygger --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
as_pg "$PG_BIN/pg_ctl" -D "$WORK/pg" -w -l "$WORK/pg/server.log" \
  -o "-c listen_addresses=127.0.0.1 -p $PG_PORT -k $WORK/sock -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=100" \
  start >/dev/null
as_pg "$PG_BIN/createdb" -h 127.0.0.1 -p "$PG_PORT" -U brobygger brobygger
redis-server --bind 127.0.0.1 --port "$REDIS_PORT" --save '' --appendonly no --daemonize yes \
  --pidfile "$WORK/redis.pid" --dir "$WORK" --logfile "$WORK/redis.log"

export DATABASE_URL="postgres://brobygger@127.0.0.1:$PG_PORT/brobygger"
export REDIS_URL="redis://127.0.0.1:$REDIS_PORT/0"
export DJANGO_SETTINGS_MODULE=config.settings.test
export BROBYGGER_LOCAL_DIR="$WORK/local"

# -- lint and checks ----------------------------------------------------------------------------
if [ -z "${SKIP_LINT:-}" ]; then  # SKIP_LINT=1 only while iterating on one test locally
  log "ruff"
  .venv/bin/ruff check .
  .venv/bin/ruff format --check .
fi
log "migrations"
.venv/bin/python manage.py makemigrations --check --dry-run
log "translations"
[ -n "${SKIP_MESSAGES:-}" ] || scripts/check-messages.sh
log "deployment check with production settings"
DJANGO_SETTINGS_MODULE=config.settings.base DEBUG=false ALLOWED_HOSTS=brobygger.example.no \
  SECRET_KEY="$(.venv/bin/python -c 'import secrets; print(secrets.token_urlsafe(50))')" \
  .venv/bin/python manage.py check --deploy --fail-level WARNING

# -- tests --------------------------------------------------------------------------------------
log "pytest"
DJANGO_ALLOW_ASYNC_UNSAFE=true .venv/bin/python -m pytest "$@"

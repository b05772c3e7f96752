#!/usr/bin/env bash
# Run a command with a throwaway PostgreSQL cluster and Redis server on free ports of 127.0.0.1.
# Exports DATABASE_URL and REDIS_URL for it; stops both servers when it ends, also on failure.
# Used by scripts/test.sh and scripts/bench.sh. Usage: scripts/with-services.sh COMMAND [ARGS...]
set -euo pipefail
cd "$(dirname "$0")/.."

pg_bin() { ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1; }
PG_BIN=$(pg_bin)
log() { printf '\n== %s\n' "$*"; }

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

"$@"

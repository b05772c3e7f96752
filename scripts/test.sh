#!/usr/bin/env bash
# The whole test suite on a fresh machine: system packages (as root), the locked Python
# dependencies, a throwaway PostgreSQL cluster and Redis server on 127.0.0.1, lint and checks,
# then pytest (unit, PostgreSQL, a real Celery worker, Playwright in Debian's Chromium with axe).
# Pango for the PDFs and Node and npm come from Debian too; `npm ci` installs ical.js, a second reader of our .ics files.
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
# PgBouncer: tests/test_pgbouncer.py runs the site through it in transaction mode (issue #24).
[ -x /usr/sbin/pgbouncer ] || command -v pgbouncer >/dev/null 2>&1 || missing+=(pgbouncer)
command -v node >/dev/null 2>&1 || missing+=(nodejs)
command -v npm >/dev/null 2>&1 || missing+=(npm)
# Pango and HarfBuzz's subsetter for WeasyPrint (server-rendered PDFs, core/pdf.py).
has_lib() { ldconfig -p 2>/dev/null | grep -q "$1"; }
has_lib libpango-1.0.so.0 || missing+=(libpango-1.0-0)
has_lib libpangoft2-1.0.so.0 || missing+=(libpangoft2-1.0-0)
has_lib libharfbuzz-subset.so.0 || missing+=(libharfbuzz-subset0)
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

log "Python dependencies"
scripts/setup.sh

# ical.js (package.json, pinned in package-lock.json): the second iCalendar reader of the tests.
log "Node dependencies"
npm ci --no-audit --no-fund

exec scripts/with-services.sh scripts/test-checks.sh "$@"

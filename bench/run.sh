#!/usr/bin/env bash
# Benchmark with national-scale data (issue #9): seeds a throwaway PostgreSQL, measures pages
# under load (gunicorn + wrk) and the reminder fan-out (real Celery workers on Redis).
# Writes bench/results/latest.md. Not part of the test suite. See bench/README.md.
#
#   make bench-load                       # everything, full scale (about 10 minutes)
#   BENCH_SCALE=0.05 BENCH_DURATION=5 make bench-load   # a quick try
#   make bench-fanout                     # only the fan-out, on a fresh database
#   make bench-scaleout                   # 2 gunicorn + 2 Celery workers, direct and via PgBouncer
#   bench/run.sh scaleout --users 6 --duration 10 --fanout 200   # a quick try of that
set -euo pipefail
cd "$(dirname "$0")/.."

what=${1:-all}
if [ "$what" != fanout ] && [ "$what" != scaleout ] && [ "$what" != pages ] && ! command -v wrk >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "== installing wrk (Debian)"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends wrk >/dev/null
  else
    echo "wrk is missing: apt-get install wrk (or your package manager's wrk)." >&2
    exit 1
  fi
fi
if [ "$what" = scaleout ] && ! { [ -x /usr/sbin/pgbouncer ] || command -v pgbouncer >/dev/null 2>&1; }; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "== installing pgbouncer (Debian)"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends pgbouncer >/dev/null
  else
    echo "pgbouncer is missing: apt-get install pgbouncer (or your package manager's pgbouncer)." >&2
    exit 1
  fi
fi
scripts/setup.sh
shift || true
case "$what" in
  # National scale (pages and fan-out), then the Nordic scale on a fresh database (pages); the
  # second run adds the growth of each page between the two (bench/README.md).
  all)
    BENCH_PROFILE=national scripts/with-services.sh bash -c '.venv/bin/python bench/load.py && .venv/bin/python bench/fanout.py'
    BENCH_PROFILE=nordic exec scripts/with-services.sh .venv/bin/python bench/load.py ;;
  load) exec scripts/with-services.sh .venv/bin/python bench/load.py ;;
  # Only the in-process measurements (no gunicorn, no wrk), e.g. at a small scale on a shared
  # machine: BENCH_SCALE=0.02 BENCH_PROFILE=nordic bench/run.sh pages
  pages) BENCH_IN_PROCESS_ONLY=1 exec scripts/with-services.sh .venv/bin/python bench/load.py ;;
  fanout) exec scripts/with-services.sh .venv/bin/python bench/fanout.py ;;
  # two gunicorn instances and two Celery workers, direct and through PgBouncer (issue #24)
  scaleout) exec scripts/with-services.sh .venv/bin/python bench/scaleout.py "$@" ;;
  *) echo "usage: bench/run.sh [all|load|pages|fanout|scaleout [--users N --duration S --fanout N ...]]" >&2; exit 2 ;;
esac

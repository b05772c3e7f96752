#!/usr/bin/env bash
# Benchmark with national-scale data (issue #9): seeds a throwaway PostgreSQL, measures pages
# under load (gunicorn + wrk) and the reminder fan-out (real Celery workers on Redis).
# Writes bench/results/latest.md. Not part of the test suite. See bench/README.md.
#
#   make bench-load                       # everything, full scale (about 10 minutes)
#   BENCH_SCALE=0.05 BENCH_DURATION=5 make bench-load   # a quick try
#   make bench-fanout                     # only the fan-out, on a fresh database
set -euo pipefail
cd "$(dirname "$0")/.."

what=${1:-all}
if [ "$what" != fanout ] && ! command -v wrk >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "== installing wrk (Debian)"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends wrk >/dev/null
  else
    echo "wrk is missing: apt-get install wrk (or your package manager's wrk)." >&2
    exit 1
  fi
fi
scripts/setup.sh
case "$what" in
  all) exec scripts/with-services.sh bash -c '.venv/bin/python bench/load.py && .venv/bin/python bench/fanout.py' ;;
  load) exec scripts/with-services.sh .venv/bin/python bench/load.py ;;
  fanout) exec scripts/with-services.sh .venv/bin/python bench/fanout.py ;;
  *) echo "usage: bench/run.sh [all|load|fanout]" >&2; exit 2 ;;
esac

#!/usr/bin/env bash
# Benchmarks on PostgreSQL (throwaway cluster): query counts and server time of the public
# directory at growing data sizes. Usage: make bench  (or scripts/bench.sh 10 1000 10000)
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
exec scripts/with-services.sh .venv/bin/python scripts/bench_directory.py "$@"

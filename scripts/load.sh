#!/usr/bin/env bash
# Load test: 50 users for 60 s on a mixed journey (directory, organisation pages, public calendar,
# signing in, own calendar, the caseworkers' referral list) against gunicorn with the production
# settings, PostgreSQL, Redis and a Celery worker, all throwaway and on free ports of 127.0.0.1.
# Prints requests, errors and p50/p95/p99 per step and writes bench/results/load.md; exits 1 on
# any error. Usage: make load  (or scripts/load.sh --users 50 --duration 60 --workers 3)
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
exec scripts/with-services.sh .venv/bin/python bench/mixed_load.py "$@"

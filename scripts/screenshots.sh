#!/usr/bin/env bash
# Screenshots of the 20 most-used pages at 390 and 1366 px into docs/screenshots/<which>/
# (default "after"), on the demo data in a throwaway PostgreSQL. Usage: scripts/screenshots.sh [which]
set -euo pipefail
cd "$(dirname "$0")/.."
which=${1:-after}
scripts/with-services.sh .venv/bin/python scripts/screenshots.py "docs/screenshots/$which"

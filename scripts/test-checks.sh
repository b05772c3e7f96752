#!/usr/bin/env bash
# Lint, checks and pytest; run by scripts/test.sh inside scripts/with-services.sh.
set -euo pipefail
cd "$(dirname "$0")/.."

log() { printf '\n== %s\n' "$*"; }

# -- lint and checks ----------------------------------------------------------------------------
if [ -z "${SKIP_LINT:-}" ]; then  # SKIP_LINT=1 only while iterating on one test locally
  log "ruff"
  .venv/bin/ruff check .
  .venv/bin/ruff format --check .
  log "import layers (.importlinter)"
  .venv/bin/lint-imports --no-cache
fi
log "the repository stands alone"  # always, also with SKIP_LINT: a clone has nothing beside it
scripts/check-standalone.sh
log "migrations"
.venv/bin/python manage.py makemigrations --check --dry-run
log "translations"
[ -n "${SKIP_MESSAGES:-}" ] || scripts/check-messages.sh
log "deployment check with production settings"
DJANGO_SETTINGS_MODULE=config.settings.base DEBUG=false ALLOWED_HOSTS=brobygger.example.no \
  SECRET_KEY="$(.venv/bin/python -c 'import secrets; print(secrets.token_urlsafe(50))')" \
  .venv/bin/python manage.py check --deploy --fail-level WARNING

# -- tests --------------------------------------------------------------------------------------
# One pytest process per core (pytest-xdist; each has its own database, Redis database and local
# directory, config/settings/test.py). PYTEST_WORKERS=0 runs everything in this one process.
log "pytest"
DJANGO_ALLOW_ASYNC_UNSAFE=true .venv/bin/python -m pytest -n "${PYTEST_WORKERS:-auto}" "$@"

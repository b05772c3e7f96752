#!/usr/bin/env bash
# Prepare the Python side on a fresh machine: .venv with the locked dependencies, compiled messages.
# Idempotent: reinstalls only when requirements.lock changed.
set -euo pipefail
cd "$(dirname "$0")/.."

PYTHON=${PYTHON:-python3}
if ! "$PYTHON" -c 'import sys; sys.exit(sys.version_info < (3, 11))'; then
  echo "Brobygger needs Python 3.11 or newer; $PYTHON is $("$PYTHON" --version 2>&1)." >&2
  exit 1
fi
if [ ! -x .venv/bin/python ]; then
  "$PYTHON" -m venv .venv
fi
lock_sum=$(sha256sum requirements.lock | cut -d' ' -f1)
if [ "$(cat .venv/.requirements.lock.sha256 2>/dev/null)" != "$lock_sum" ]; then
  .venv/bin/python -m pip install --quiet --disable-pip-version-check --upgrade pip 2>&1 | grep -v "^WARNING: Location" || true
  .venv/bin/python -m pip install --quiet --disable-pip-version-check -r requirements.lock 2>&1 | grep -v "^WARNING: Location" || true
  .venv/bin/python -c 'import django, celery, allauth, playwright' # fail loudly if the install did not work
  echo "$lock_sum" > .venv/.requirements.lock.sha256
fi
if ! command -v msgfmt >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends gettext >/dev/null
  else
    echo "gettext (msgfmt) is missing: install it with your package manager." >&2
    exit 1
  fi
fi
DJANGO_SETTINGS_MODULE=config.settings.test .venv/bin/python manage.py compilemessages --ignore=.venv -v0

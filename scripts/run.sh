#!/usr/bin/env bash
# Run Brobygger on the embedded defaults: SQLite, Celery's filesystem broker, e-mail to the console.
# Web server and a Celery worker with beat in one terminal; Ctrl-C stops both.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh

export DEBUG=${DEBUG:-true}
export DJANGO_SETTINGS_MODULE=${DJANGO_SETTINGS_MODULE:-config.settings.base}
PORT=${PORT:-8000}
export SITE_URL=${SITE_URL:-http://127.0.0.1:$PORT}
mkdir -p .local/broker/queue .local/broker/processed

.venv/bin/python manage.py migrate --noinput -v0
.venv/bin/python manage.py demo_data

.venv/bin/celery -A config worker -B --loglevel=WARNING --concurrency=1 &
worker_pid=$!
trap 'kill -TERM "$worker_pid" 2>/dev/null || true; wait "$worker_pid" 2>/dev/null || true' EXIT INT TERM

echo
echo "Brobygger runs at http://127.0.0.1:$PORT/  (Ctrl-C stops the web server and the worker)"
echo
.venv/bin/python manage.py runserver "127.0.0.1:$PORT"

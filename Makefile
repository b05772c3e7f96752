.PHONY: setup run test lint fmt messages lock bench bench-load bench-fanout bench-scaleout load screenshots

setup: ## .venv with the locked dependencies, compiled messages
	scripts/setup.sh

run: ## the site on http://127.0.0.1:8000 with a Celery worker and beat, demo data; Ctrl-C stops all
	scripts/run.sh

test: ## the whole suite: PostgreSQL, Redis, Celery, Chromium + axe (installs what is missing)
	scripts/test.sh $(ARGS)

lint: setup ## ruff, import layers, the repository stands alone, migrations and translation checks
	.venv/bin/ruff check .
	.venv/bin/ruff format --check .
	.venv/bin/lint-imports --no-cache
	scripts/check-standalone.sh
	DJANGO_SETTINGS_MODULE=config.settings.test .venv/bin/python manage.py makemigrations --check --dry-run
	scripts/check-messages.sh

fmt: setup ## format and autofix
	.venv/bin/ruff format .
	.venv/bin/ruff check --fix .

messages: setup ## update the four catalogues (then translate what is new) and compile them
	DJANGO_SETTINGS_MODULE=config.settings.test .venv/bin/python manage.py makemessages -l nb -l nn -l da -l en --ignore=.venv --ignore=tests --no-obsolete --no-wrap
	msgen --no-wrap -o locale/en/LC_MESSAGES/django.po locale/en/LC_MESSAGES/django.po
	DJANGO_SETTINGS_MODULE=config.settings.test .venv/bin/python manage.py compilemessages --ignore=.venv

lock: ## re-resolve requirements.in into requirements.lock
	rm -rf .lock-venv && python3 -m venv .lock-venv
	.lock-venv/bin/pip install --quiet -r requirements.in
	(echo "# Locked by make lock from requirements.in. Install with: pip install -r requirements.lock"; .lock-venv/bin/pip freeze) > requirements.lock
	rm -rf .lock-venv

bench: ## query counts and server time of the directory at 10, 1,000 and 10,000 organisations (PostgreSQL)
	scripts/bench.sh 10 1000 10000

load: ## 50 users for 60 s on gunicorn + PostgreSQL + Redis + a worker; per-step p50/p95/p99, 0 errors
	scripts/load.sh $(ARGS)

bench-load: ## national-scale data: pages under load (gunicorn + wrk) and the reminder fan-out; bench/README.md
	bench/run.sh all

bench-fanout: ## only the reminder fan-out: 10,000 reminders through real Celery workers on Redis
	bench/run.sh fanout

bench-scaleout: ## 2 gunicorn + 2 Celery workers on one PostgreSQL/Redis, direct and via PgBouncer (transaction mode): 0 errors, none sent twice
	bench/run.sh scaleout $(ARGS)

screenshots: setup ## the 20 most-used pages at 390 and 1366 px on the demo data into docs/screenshots/after/
	scripts/screenshots.sh after

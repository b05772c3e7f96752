# Production image: installs exactly the locked dependencies. Pango and HarfBuzz's subsetter
# are WeasyPrint's (server-rendered PDFs, core/pdf.py); the PDFs' fonts are vendored.
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    DJANGO_SETTINGS_MODULE=config.settings.base

RUN apt-get update \
    && apt-get install -y --no-install-recommends gettext \
        libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 \
    && rm -rf /var/lib/apt/lists/*

WORKDIR /app
COPY requirements.lock .
RUN pip install --no-cache-dir -r requirements.lock

COPY . .
RUN SECRET_KEY=build-only python manage.py compilemessages --ignore=.venv -v0 \
    && SECRET_KEY=build-only STATIC_ROOT=/app/staticfiles python manage.py collectstatic --noinput -v0 \
    && useradd --system --uid 10001 brobygger \
    && mkdir -p /app/media && chown brobygger /app/media

USER brobygger
ENV STATIC_ROOT=/app/staticfiles MEDIA_ROOT=/app/media BROBYGGER_LOCAL_DIR=/tmp/brobygger
EXPOSE 8000
# The access log goes through config/gunicorn_logging.py: no query string, no token, no headers.
# gunicorn believes X-Forwarded-Proto only from FORWARDED_ALLOW_IPS (its own variable; default
# 127.0.0.1,::1): set it to the TLS proxy's address (README, Production).
CMD ["gunicorn", "config.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "3", "--access-logfile", "-", "--logger-class", "config.gunicorn_logging.RedactingLogger"]

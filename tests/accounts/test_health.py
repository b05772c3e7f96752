import json

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_healthz_reports_database_broker_and_migrations_ok(client):
    response = client.get(reverse("healthz"))

    assert response.status_code == 200
    assert json.loads(response.content) == {
        "status": "ok",
        "checks": {"database": True, "broker": True, "migrations": True},
    }


def test_healthz_is_unavailable_when_the_broker_is_unreachable(client, settings):
    from config.celery import app

    app.conf.broker_url = "redis://127.0.0.1:1/0"  # nothing listens on port 1
    try:
        response = client.get(reverse("healthz"))
    finally:
        app.conf.broker_url = settings.CELERY_BROKER_URL

    assert response.status_code == 503
    assert json.loads(response.content)["checks"]["broker"] is False

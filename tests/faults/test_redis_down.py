"""Redis down: the pages that don't need it keep working, and nothing that should be sent is lost.

Redis holds the cache (rate limits, used TOTP codes) and the Celery broker. Here both point at a
port where nothing listens: the cache falls back to process memory (accounts.cache), the
notification outbox is a database table that only the worker reads, an organisation invitation
whose task cannot be queued waits for the sweep, and /healthz tells the operator.
"""

import logging
from datetime import timedelta

import pytest
from django.core import mail
from django.core.cache import cache
from django.urls import reverse
from kombu import pools as kombu_pools

from config.celery import app
from meetings.models import Kind
from meetings.services import meeting_create
from notifications.models import Notification
from notifications.services import notifications_send_due
from organizations.models import Invitation, OrganizationMembership
from organizations.services import invitation_create
from tests.factories import TEST_PASSWORD, ActivityFactory

pytestmark = [pytest.mark.faults, pytest.mark.django_db]

TOO_MANY = "Too many failed login attempts. Try again later."


def _reset_broker_connections() -> None:
    """Close the broker connections and forget the pools. kombu keeps one pool per broker address
    in a registry: a pool closed here and left there would be handed to the next test in this
    process that talks to the real broker ("Acquire on closed pool")."""
    if app._pool is not None:
        app._pool.force_close_all()
        app._pool = None
    app.amqp._producer_pool = None
    kombu_pools.reset()


@pytest.fixture
def redis_down(settings, closed_port):
    """The cache and the broker point at a port where nothing listens; restored afterwards."""
    url = f"redis://127.0.0.1:{closed_port}/0"
    settings.CACHES = {  # the setting_changed signal gives a fresh cache handler
        "default": {
            "BACKEND": "accounts.cache.RedisCache",
            "LOCATION": url,
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
    }
    cache._fallback.clear()  # shared by name between tests: start it empty (Redis not asked)
    saved = app.conf.broker_url, app.conf.task_always_eager
    _reset_broker_connections()
    app.conf.broker_url, app.conf.task_always_eager = url, False
    yield url
    _reset_broker_connections()
    app.conf.broker_url, app.conf.task_always_eager = saved


def test_public_pages_and_the_login_page_answer_while_redis_is_down(client, redis_down):
    activity = ActivityFactory()
    organization = activity.organization
    pages = [
        reverse("home"),
        reverse("organizations:directory") + "?q=frivillig",
        reverse("organizations:detail", args=[organization.pk]),
        reverse("organizations:activity", args=[activity.pk]),
        reverse("meetings:public"),
        reverse("account_login"),
    ]
    for page in pages:
        assert client.get(page).status_code == 200, page


def test_signing_in_works_and_the_lockout_holds_in_process_memory(
    client, plain_user, redis_down, caplog
):
    # The user exists before Redis goes away: saving a user tells the public-page cache
    # (accounts.page_cache), and that would be the first to find Redis down, not the rate limit.
    login = reverse("account_login")
    client.cookies["brobygger_language"] = "en"
    with caplog.at_level(logging.WARNING, logger="accounts.cache"):
        response = client.post(login, {"login": plain_user.email, "password": TEST_PASSWORD})
    assert response.status_code == 302
    assert int(client.session["_auth_user_id"]) == plain_user.pk
    assert "Redis cache unreachable" in caplog.text  # the rate limit did ask Redis first

    client.logout()  # which also forgets the language cookie
    client.cookies["brobygger_language"] = "en"
    for _ in range(5):  # ACCOUNT_RATE_LIMITS: 5 failures per account in 15 minutes
        wrong = client.post(login, {"login": plain_user.email, "password": "wrong"})
        assert wrong.status_code == 200
    refused = client.post(login, {"login": plain_user.email, "password": TEST_PASSWORD})
    assert refused.status_code == 200
    assert TOO_MANY in refused.content.decode()


def test_notifications_wait_in_the_outbox_and_are_sent_when_redis_is_back(
    redis_down, settings, coordinator, municipality, organization, organization_admin
):
    from django.utils import timezone

    now = timezone.now()
    meeting = meeting_create(
        by=coordinator,
        municipality=municipality,
        organizer_organization=None,
        fields={"kind": Kind.DIALOGUE, "title": "Dialogmøte"},
        starts_at=now + timedelta(days=7),
        ends_at=now + timedelta(days=7, hours=2),
        organizations=[organization],
        now=now,
    )
    waiting = Notification.objects.filter(kind="meeting_invitation", subject_id=meeting.pk)
    assert waiting.count() == 1
    assert waiting.get().sent_at is None

    # Redis is back: the worker's periodic task finds the row as it was left.
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    assert notifications_send_due(now=now + timedelta(minutes=1)) == 1
    assert waiting.get().sent_at is not None
    assert [m.to for m in mail.outbox] == [[organization_admin.email]]


def test_an_invitation_made_while_the_broker_is_down_is_saved_and_sent_later(
    redis_down, organization, organization_admin, django_capture_on_commit_callbacks, caplog
):
    with (
        caplog.at_level(logging.WARNING, logger="organizations.services"),
        django_capture_on_commit_callbacks(execute=True),
    ):
        invitation = invitation_create(
            organization=organization,
            by=organization_admin,
            email="ny@example.no",
            role=OrganizationMembership.Role.MEMBER,
        )
    assert "waits for the broker" in caplog.text
    invitation.refresh_from_db()
    assert invitation.sent_at is None
    assert mail.outbox == []

    # The broker is back: the periodic sender finds the invitation in the outbox.
    later = invitation.created_at + timedelta(minutes=1)
    assert notifications_send_due(now=later) == 1
    assert Invitation.objects.get(pk=invitation.pk).sent_at is not None
    assert [m.to for m in mail.outbox] == [["ny@example.no"]]
    assert notifications_send_due(now=later) == 0  # once


def test_healthz_reports_the_broker_down_while_the_pages_work(client, redis_down):
    response = client.get(reverse("healthz"))

    assert response.status_code == 503
    assert response.json()["checks"] == {"database": True, "broker": False, "migrations": True}
    assert client.get(reverse("organizations:directory")).status_code == 200

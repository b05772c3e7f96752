"""The sender's claims: a chunk of due rows is taken by one database connection at a time.

Another worker (here: a second connection) that claimed rows keeps them while its connection
lives; when it dies, or its claim is older than `CLAIM_STALE`, the next run sends them.
"""

import time
from datetime import datetime, timedelta

import psycopg
import pytest
from django.core import mail
from django.db import connection

from notifications.models import Notification
from notifications.services import CLAIM_STALE, notifications_send_due
from tests.factories import NotificationFactory
from tests.notifications.helpers import NOW

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def claim_from_another_connection(other: psycopg.Connection, ids: list[int], *, at: datetime):
    other.execute(
        """UPDATE accounts_notification SET claimed_at = %s,
                  (claimed_by_pid, claimed_by_start) = (
                      SELECT pid, backend_start FROM pg_stat_activity WHERE pid = pg_backend_pid())
            WHERE id = ANY(%s)""",
        [at, ids],
    )


def wait_until_gone(pid: int) -> None:
    """A closed connection's server process ends a moment after the client lets go of it."""
    deadline = time.monotonic() + 10
    while True:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1 FROM pg_stat_activity WHERE pid = %s", [pid])
            if cursor.fetchone() is None:
                return
        assert time.monotonic() < deadline, f"backend {pid} still runs 10 s after its close"
        time.sleep(0.05)


def test_rows_claimed_by_a_live_worker_are_left_to_it_and_sent_once_it_is_gone():
    theirs = [NotificationFactory(due_at=NOW - timedelta(minutes=5)) for _ in range(3)]
    ours = NotificationFactory(due_at=NOW - timedelta(minutes=5))
    with psycopg.connect(**connection.get_connection_params(), autocommit=True) as other:
        claim_from_another_connection(other, [n.pk for n in theirs], at=NOW)

        assert notifications_send_due(now=NOW) == 1
        assert [m.to for m in mail.outbox] == [[ours.recipient.email]]
        their_pid = other.info.backend_pid
    # The other worker's connection is closed: it died before sending its chunk.
    wait_until_gone(their_pid)

    assert notifications_send_due(now=NOW + timedelta(seconds=1)) == 3
    assert sorted(m.to[0] for m in mail.outbox[1:]) == sorted(n.recipient.email for n in theirs)
    assert not Notification.objects.filter(sent_at__isnull=True).exists()


def test_a_claim_older_than_the_limit_is_taken_even_if_its_connection_lives():
    """Behind a pooler (PgBouncer in transaction mode) a server connection outlives the worker
    that claimed through it: the claim's age is what frees the row there."""
    row = NotificationFactory(due_at=NOW - timedelta(hours=1))
    with psycopg.connect(**connection.get_connection_params(), autocommit=True) as other:
        claim_from_another_connection(other, [row.pk], at=NOW - timedelta(minutes=1))
        assert notifications_send_due(now=NOW) == 0  # fresh: still theirs

        assert notifications_send_due(now=NOW + CLAIM_STALE + timedelta(minutes=1)) == 1
    row.refresh_from_db()
    assert row.sent_at is not None
    assert row.attempts == 1


def test_rows_left_unsent_by_a_failing_chunk_are_released_for_the_next_run(settings, monkeypatch):
    from notifications import services

    rows = [NotificationFactory(due_at=NOW - timedelta(minutes=5)) for _ in range(4)]
    calls = []

    def send_then_crash(notification, **kwargs):
        calls.append(notification.pk)
        if len(calls) == 2:
            raise RuntimeError("the template broke")
        return original(notification, **kwargs)

    original = services._send_one
    monkeypatch.setattr(services, "_send_one", send_then_crash)
    with pytest.raises(RuntimeError):
        notifications_send_due(now=NOW)

    unsent = Notification.objects.filter(sent_at__isnull=True)
    assert unsent.count() == 3
    assert not unsent.filter(claimed_by_pid__isnull=False).exclude(pk=calls[1]).exists()
    monkeypatch.undo()
    assert notifications_send_due(now=NOW) == 3
    assert len({m.message()["Message-ID"] for m in mail.outbox}) == len(rows)


def test_behind_a_pooler_a_claim_made_on_the_same_server_backend_is_not_taken_as_ours(settings):
    """PgBouncer in transaction mode runs two workers' transactions on one server backend in
    turn. A claim another worker made there carries this backend's process id and start time;
    it is still theirs."""
    settings.DATABASE_POOL_MODE = "transaction"
    theirs = NotificationFactory(due_at=NOW - timedelta(minutes=5))
    ours = NotificationFactory(due_at=NOW - timedelta(minutes=5))
    with connection.cursor() as cursor:  # their claim, through the backend we talk to now
        cursor.execute(
            """UPDATE accounts_notification SET claimed_at = %s,
                      (claimed_by_pid, claimed_by_start) = (
                          SELECT pid, backend_start FROM pg_stat_activity
                           WHERE pid = pg_backend_pid())
                WHERE id = %s""",
            [NOW, theirs.pk],
        )

    assert notifications_send_due(now=NOW) == 1
    assert [m.to for m in mail.outbox] == [[ours.recipient.email]]
    assert notifications_send_due(now=NOW + CLAIM_STALE + timedelta(minutes=1)) == 1  # lapsed


def test_a_worker_stops_sending_a_chunk_it_has_held_too_long(settings, monkeypatch):
    """Another worker may take a claim after CLAIM_STALE; its holder stops at CLAIM_HOLD, half
    that, so the two never send the same row."""
    from notifications import services

    settings.DATABASE_POOL_MODE = "transaction"  # claims lapse by age only, as behind a pooler
    rows = [NotificationFactory(due_at=NOW - timedelta(minutes=5)) for _ in range(3)]
    clock = [1000.0]
    monkeypatch.setattr(services, "monotonic", lambda: clock[0])
    original = services._send_one

    def send_then_stall(notification, **kwargs):
        outcome = original(notification, **kwargs)
        clock[0] += services.CLAIM_HOLD.total_seconds()  # the mail server hung for minutes
        return outcome

    monkeypatch.setattr(services, "_send_one", send_then_stall)
    assert notifications_send_due(now=NOW) == 1
    held = Notification.objects.filter(sent_at__isnull=True)
    assert held.count() == 2
    assert held.filter(claimed_by_pid__lt=0).count() == 2  # still claimed: nobody sends them yet

    monkeypatch.undo()
    assert notifications_send_due(now=NOW + timedelta(minutes=1)) == 0
    assert notifications_send_due(now=NOW + CLAIM_STALE + timedelta(minutes=1)) == 2
    assert sorted(m.to[0] for m in mail.outbox) == sorted(n.recipient.email for n in rows)

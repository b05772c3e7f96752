"""The site through PgBouncer in transaction mode (issue #24, docs/deployment.md).

A real `pgbouncer` (Debian's package; scripts/test.sh installs it) on a free port of 127.0.0.1 in
front of the test run's PostgreSQL, with one server connection: every transaction of every client
runs on the same server backend, one after the other, as under load with a busy pool. Two
processes (tests/pgbouncer_sender.py) send the due notifications through it at the same time and
ask for pages between their batches. One of them has `DATABASE_POOL_MODE=transaction`, the other
only the pooler's address: the sender notices the pooler by itself.

Before the claims named themselves, the sender sent nothing here (the connection's announced
process id is PgBouncer's, never the server backend's, so every claim looked lost at once), and
two clients on one backend would each have taken the other's claims for their own.
"""

import json
import os
import subprocess
import sys
from collections import Counter
from datetime import timedelta
from pathlib import Path

import psycopg
import pytest
from django.conf import settings
from django.db import connection
from django.utils import timezone

from bench.fanout import messages_in
from bench.pgbouncer import PgBouncer
from notifications.models import Notification
from tests.factories import NotificationFactory, UserFactory

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

NOTIFICATIONS = 90


@pytest.fixture
def bouncer(transactional_db):
    """PgBouncer in transaction mode with a single server connection, stopped after the test."""
    db = connection.settings_dict
    with PgBouncer(host=db["HOST"], port=db["PORT"], user=db["USER"], pool_size=1) as running:
        yield running


def start_sender(bouncer: PgBouncer, tmp_path: Path, name: str, *, configured: bool):
    mail_dir = tmp_path / f"mail-{name}"
    mail_dir.mkdir()
    env = {
        **os.environ,
        "PYTHONPATH": str(settings.BASE_DIR),
        "DJANGO_SETTINGS_MODULE": "config.settings.test",
        "DATABASE_URL": bouncer.url(connection.settings_dict["NAME"]),
        "EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
        "EMAIL_FILE_PATH": str(mail_dir),
    }
    if configured:
        env["DATABASE_POOL_MODE"] = "transaction"
    else:  # what a deployment that forgot the setting would send: PgBouncer refuses options
        env.pop("DATABASE_POOL_MODE", None)
        env["PG_RANDOM_PAGE_COST"] = ""
    process = subprocess.Popen(
        [
            sys.executable,
            str(settings.BASE_DIR / "tests" / "pgbouncer_sender.py"),
            str(tmp_path / "go"),
        ],
        cwd=settings.BASE_DIR,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    return process, mail_dir


def test_two_processes_through_pgbouncer_send_each_notification_once_and_pages_answer(
    bouncer, tmp_path
):
    due = timezone.now() - timedelta(minutes=1)
    notifications = [
        NotificationFactory(recipient=user, due_at=due)
        for user in UserFactory.create_batch(NOTIFICATIONS)
    ]
    senders = [
        start_sender(bouncer, tmp_path, "configured", configured=True),
        start_sender(bouncer, tmp_path, "noticing", configured=False),
    ]
    (tmp_path / "go").touch()
    reports = []
    for process, _mail_dir in senders:
        out, err = process.communicate(timeout=360)
        assert process.returncode == 0, err.decode()[-3000:] + bouncer.log()[-2000:]
        reports.append(json.loads(out.decode().strip().splitlines()[-1]))

    # Both went through the pooler, and their transactions shared the one server backend.
    assert all(report["pooled"] for report in reports), reports
    assert len({pid for report in reports for pid in report["servers"]}) == 1, reports

    # Nothing lost, nothing sent twice: every notification's Message-ID exactly once.
    delivered = Counter(
        message["Message-ID"] for _process, mail_dir in senders for message in messages_in(mail_dir)
    )
    assert set(delivered) == {n.message_id for n in notifications}
    assert [m for m, count in delivered.items() if count > 1] == []
    assert sum(report["sent"] for report in reports) == NOTIFICATIONS
    assert not Notification.objects.filter(sent_at__isnull=True).exists()
    assert not Notification.objects.filter(attempts__gt=1).exists()

    # The pages asked for between the batches answered.
    statuses = [tuple(page) for report in reports for page in report["pages"]]
    assert {status for _path, status in statuses} == {200}, statuses


def test_the_transaction_mode_settings_keep_nothing_in_the_session(bouncer):
    """What Django needs behind a transaction-mode pooler, and that PgBouncer takes it."""
    env = {**os.environ, "DATABASE_POOL_MODE": "transaction", "DJANGO_SETTINGS_MODULE": "x"}
    code = (
        "import json; from config.settings import base as s;"
        "d = s.DATABASES['default'];"
        "print(json.dumps([d['DISABLE_SERVER_SIDE_CURSORS'], d['OPTIONS']]))"
    )
    env["DATABASE_URL"] = bouncer.url(connection.settings_dict["NAME"])
    out = subprocess.run(
        [sys.executable, "-c", code],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        check=True,
    )
    server_side_cursors_off, options = json.loads(out.stdout)
    assert server_side_cursors_off is True
    assert options == {"prepare_threshold": None}  # no prepared statements, no startup options

    # With those options a client gets through the pooler (startup options would be refused).
    with psycopg.connect(
        host="127.0.0.1", port=bouncer.port, user=connection.settings_dict["USER"],
        dbname=connection.settings_dict["NAME"], **options,
    ) as client:  # fmt: skip
        assert client.execute("SELECT count(*) FROM accounts_notification").fetchone() == (0,)
    with pytest.raises(psycopg.OperationalError, match="unsupported startup parameter"):
        psycopg.connect(
            host="127.0.0.1", port=bouncer.port, user=connection.settings_dict["USER"],
            dbname=connection.settings_dict["NAME"], options="-c random_page_cost=1.1",
        )  # fmt: skip

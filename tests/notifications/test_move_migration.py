"""Migrations accounts/0006 and notifications/0001: the outbox and the settings change app
without moving a row (state only). What was waiting is still waiting, and sent after the move."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

BEFORE = [("accounts", "0004_municipality_days_without_meetings"), ("notifications", None)]


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state([t for t in targets if t[1] is not None]).apps


@pytest.fixture(autouse=True)
def _back_to_the_latest_migrations():
    """Leave the database fully migrated, also when the test fails half-way."""
    from django.contrib.contenttypes.models import ContentType

    ContentType.objects.clear_cache()
    yield
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())
    ContentType.objects.clear_cache()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_outbox_and_the_settings_keep_every_row_when_they_move_to_their_app():
    from django.core import mail

    old = migrate(BEFORE)
    User = old.get_model("accounts", "User")
    ContentType = old.get_model("contenttypes", "ContentType")
    user = User.objects.create(email="kari@example.no", full_name="Kari", preferred_language="en")
    old.get_model("accounts", "NotificationSettings").objects.create(
        user=user, email_modes={"meetings": "digest"}
    )
    waiting = old.get_model("accounts", "Notification").objects.create(
        recipient=user,
        kind="account_welcome",
        subject_type=ContentType.objects.get_or_create(app_label="accounts", model="user")[0],
        subject_id=user.pk,
        due_at=timezone.now(),
    )
    old_type = ContentType.objects.get_or_create(app_label="accounts", model="notification")[0]

    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())

    from django.contrib.contenttypes.models import ContentType as CurrentContentType

    from notifications.models import Notification, NotificationSettings
    from notifications.services import notifications_send_due

    assert Notification._meta.db_table == "accounts_notification"
    row = Notification.objects.get()
    assert (row.pk, row.kind, row.recipient_id, row.sent_at) == (
        waiting.pk,
        "account_welcome",
        user.pk,
        None,
    )
    assert NotificationSettings.objects.get().email_modes == {"meetings": "digest"}
    # The content type moved with the model (admin log entries and permissions stay attached).
    assert CurrentContentType.objects.get_for_model(Notification).pk == old_type.pk

    assert notifications_send_due(now=timezone.now()) == 1
    assert [m.to for m in mail.outbox] == [["kari@example.no"]]

"""The outbox and the notification settings now belong to the `notifications` app (see
`notifications.0001_move_notifications_from_accounts`). State only: the tables stay, with
every row."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0005_municipality_default_language_and_optional_user_language"),
        ("notifications", "0001_move_notifications_from_accounts"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.DeleteModel(name="NotificationSettings"),
                migrations.DeleteModel(name="Notification"),
            ],
            database_operations=[],
        ),
    ]

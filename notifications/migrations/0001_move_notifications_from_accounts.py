"""The outbox and the notification settings move from `accounts` to this app, without moving a
row: the tables keep their names (`accounts_notification`, `accounts_notificationsettings`).
Only Django's idea of which app owns them changes (state only, SeparateDatabaseAndState), with
`accounts.0006_notifications_move_to_their_app`. The content types follow, so that admin log
entries and permissions stay attached to the same models."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


def move_content_types(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    for model in ("notification", "notificationsettings"):
        if not ContentType.objects.filter(app_label="notifications", model=model).exists():
            ContentType.objects.filter(app_label="accounts", model=model).update(
                app_label="notifications"
            )


def move_content_types_back(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    for model in ("notification", "notificationsettings"):
        if not ContentType.objects.filter(app_label="accounts", model=model).exists():
            ContentType.objects.filter(app_label="notifications", model=model).update(
                app_label="accounts"
            )


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("accounts", "0004_municipality_days_without_meetings"),
        ("contenttypes", "0002_remove_content_type_name"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="Notification",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                        ("kind", models.CharField(max_length=60, verbose_name="kind")),
                        ("subject_id", models.PositiveBigIntegerField()),
                        ("context", models.JSONField(blank=True, default=dict, verbose_name="context")),
                        ("due_at", models.DateTimeField(verbose_name="due")),
                        ("sent_at", models.DateTimeField(blank=True, null=True, verbose_name="sent")),
                        ("read_at", models.DateTimeField(blank=True, null=True, verbose_name="read")),
                        ("channel", models.CharField(blank=True, choices=[("email", "e-mail"), ("digest", "daily digest"), ("in_app", "only on the site")], default="", max_length=10, verbose_name="delivered by")),
                        ("attempts", models.PositiveSmallIntegerField(default=0, verbose_name="attempts")),
                        ("last_error", models.CharField(blank=True, max_length=200, verbose_name="last error")),
                        ("created_at", models.DateTimeField(auto_now_add=True, verbose_name="created")),
                        ("recipient", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="notifications", to=settings.AUTH_USER_MODEL, verbose_name="recipient")),
                        ("subject_type", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, to="contenttypes.contenttype")),
                    ],
                    options={
                        "verbose_name": "notification",
                        "verbose_name_plural": "notifications",
                        "db_table": "accounts_notification",
                        "indexes": [
                            models.Index(condition=models.Q(("sent_at__isnull", True)), fields=["due_at", "id"], name="notification_due_unsent_idx"),
                            models.Index(condition=models.Q(("read_at__isnull", True)), fields=["recipient", "due_at"], name="notification_unread_idx"),
                        ],
                        "constraints": [
                            models.UniqueConstraint(fields=("recipient", "kind", "subject_type", "subject_id", "due_at"), name="notification_once"),
                        ],
                    },
                ),
                migrations.CreateModel(
                    name="NotificationSettings",
                    fields=[
                        ("user", models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, primary_key=True, related_name="notification_settings", serialize=False, to=settings.AUTH_USER_MODEL, verbose_name="user")),
                        ("email_modes", models.JSONField(blank=True, default=dict, help_text="group code → EmailMode", verbose_name="e-mail per group")),
                        ("updated_at", models.DateTimeField(auto_now=True, verbose_name="updated")),
                    ],
                    options={
                        "verbose_name": "notification settings",
                        "verbose_name_plural": "notification settings",
                        "db_table": "accounts_notificationsettings",
                    },
                ),
            ],
            database_operations=[],
        ),
        migrations.RunPython(move_content_types, move_content_types_back),
    ]

from django.contrib import admin

from notifications.models import Delivery, Notification


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ["kind", "recipient", "due_at", "sent_at", "attempts"]
    list_filter = ["kind"]
    readonly_fields = [
        "recipient",
        "email",
        "kind",
        "subject_type",
        "subject_id",
        "context",
        "created_at",
    ]
    list_select_related = ["recipient"]


@admin.register(Delivery)
class DeliveryAdmin(admin.ModelAdmin):
    """What went by SMS: to see the month's use against the cap. Nothing to edit."""

    list_display = ["notification", "channel", "municipality", "due_at", "sent_at", "attempts"]
    list_filter = ["channel", "municipality"]
    readonly_fields = [
        "notification",
        "channel",
        "municipality",
        "to",
        "due_at",
        "sent_at",
        "attempts",
        "last_error",
        "gateway_id",
        "created_at",
    ]
    list_select_related = ["notification", "municipality"]

    def has_add_permission(self, request) -> bool:
        return False

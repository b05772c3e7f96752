from django.contrib import admin

from announcements.models import Announcement


@admin.register(Announcement)
class AnnouncementAdmin(admin.ModelAdmin):
    list_display = ["title", "municipality", "sent_at", "recipient_count"]
    list_filter = ["municipality"]
    search_fields = ["title"]
    raw_id_fields = ["author", "meeting", "recipients"]
    readonly_fields = ["sent_at", "recipient_count", "organization_count"]

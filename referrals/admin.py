"""Only the information sheets are in the admin, read-only. Persons, consents, referrals and the
access log are deliberately absent: the admin would show personal data without an access log
entry."""

from django.contrib import admin

from referrals.models import InformationSheet


@admin.register(InformationSheet)
class InformationSheetAdmin(admin.ModelAdmin):
    list_display = ["language", "version", "municipality", "created_at"]
    list_filter = ["language", "municipality"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

from django.contrib import admin

from grants.models import Application, Follow, HelpSlot, Scheme


@admin.register(Scheme)
class SchemeAdmin(admin.ModelAdmin):
    list_display = ["name", "administrator_name", "municipality", "status", "last_verified"]
    list_filter = ["status", "administrator"]
    search_fields = ["name", "administrator_name"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Follow)
class FollowAdmin(admin.ModelAdmin):
    list_display = ["scheme", "organization", "created_at"]


@admin.register(Application)
class ApplicationAdmin(admin.ModelAdmin):
    list_display = ["title", "organization", "scheme", "status"]
    list_filter = ["status"]
    # Applications and drafts are the organisation's: the admin lists, it does not open texts.
    fields = ["title", "organization", "scheme", "status", "is_private"]
    readonly_fields = fields


@admin.register(HelpSlot)
class HelpSlotAdmin(admin.ModelAdmin):
    list_display = ["municipality", "starts_at", "organization"]

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from organizations.models import (
    Activity,
    ActivitySchedule,
    ImportBatch,
    Invitation,
    Organization,
    OrganizationMembership,
    OrganizationMunicipality,
)
from organizations.services import organization_refresh_status


class OrganizationMembershipInline(admin.TabularInline):
    model = OrganizationMembership
    extra = 0
    autocomplete_fields = ["user"]


class OrganizationMunicipalityInline(admin.TabularInline):
    """Where the organisation is active. Verification is the municipality's coordinators' act
    (on the organisation's page), so it is shown here, not edited: a municipality added here
    starts pending."""

    model = OrganizationMunicipality
    extra = 0
    fields = ["municipality", "status", "verified_at", "verified_by", "rejection_reason"]
    readonly_fields = ["status", "verified_at", "verified_by", "rejection_reason"]


@admin.register(Organization)
class OrganizationAdmin(SimpleHistoryAdmin):
    list_display = ["name", "org_number", "status", "imported", "created_at"]
    list_filter = ["status", "imported", "categories", "municipalities"]
    search_fields = ["name", "org_number"]
    filter_horizontal = ["categories", "languages", "target_groups"]
    readonly_fields = [
        "uuid",
        "status",
        "rejection_reason",
        "verified_at",
        "verified_by",
        "created_by",
    ]
    inlines = [OrganizationMunicipalityInline, OrganizationMembershipInline]

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        organization_refresh_status(organization=form.instance)


class ActivityScheduleInline(admin.TabularInline):
    model = ActivitySchedule
    extra = 0


@admin.register(Activity)
class ActivityAdmin(SimpleHistoryAdmin):
    list_display = ["title", "organization", "type", "municipality", "is_active"]
    list_filter = ["type", "is_active", "has_evening", "has_weekend"]
    search_fields = ["title", "organization__name"]
    list_select_related = ["organization", "municipality"]
    readonly_fields = ["uuid", "has_evening", "has_weekend", "weekdays"]
    inlines = [ActivityScheduleInline]


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    list_display = ["email", "organization", "role", "expires_at", "sent_at", "accepted_at"]
    list_select_related = ["organization"]
    readonly_fields = ["token"]


@admin.register(ImportBatch)
class ImportBatchAdmin(admin.ModelAdmin):
    list_display = ["filename", "municipality", "status", "total", "created_count", "created_at"]
    list_filter = ["status"]
    readonly_fields = ["rows"]

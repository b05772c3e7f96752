from django import forms
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils.translation import gettext_lazy as _

from accounts.models import (
    DayWithoutMeetings,
    Municipality,
    MunicipalityMembership,
    Notification,
    User,
)


class MunicipalityMembershipInline(admin.TabularInline):
    model = MunicipalityMembership
    extra = 0
    autocomplete_fields = ["municipality"]


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    ordering = ["email"]
    list_display = ["email", "full_name", "preferred_language", "is_staff", "is_active"]
    search_fields = ["email", "full_name"]
    list_filter = ["is_staff", "is_active", "preferred_language"]
    fieldsets = [
        (None, {"fields": ["email", "password"]}),
        (_("Personal info"), {"fields": ["full_name", "preferred_language"]}),
        (_("Permissions"), {"fields": ["is_active", "is_staff", "is_superuser"]}),
        (_("Important dates"), {"fields": ["last_login", "date_joined"]}),
    ]
    add_fieldsets = [
        (None, {"classes": ["wide"], "fields": ["email", "full_name", "password1", "password2"]})
    ]
    inlines = [MunicipalityMembershipInline]


class MunicipalityAdminForm(forms.ModelForm):
    days_without_meetings = forms.MultipleChoiceField(
        label=_("Days without meetings"),
        choices=DayWithoutMeetings.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "Days that are not public holidays but on which the meeting planner proposes no "
            "meetings. Public holidays are always left out."
        ),
    )

    class Meta:
        model = Municipality
        fields = ["name", "number", "country", "slug", "days_without_meetings"]


@admin.register(Municipality)
class MunicipalityAdmin(admin.ModelAdmin):
    form = MunicipalityAdminForm
    list_display = ["name", "number", "country", "slug"]
    search_fields = ["name", "number"]
    list_filter = ["country"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ["kind", "recipient", "due_at", "sent_at", "attempts"]
    list_filter = ["kind"]
    readonly_fields = ["recipient", "kind", "subject_type", "subject_id", "context", "created_at"]
    list_select_related = ["recipient"]

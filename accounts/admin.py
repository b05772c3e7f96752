from django import forms
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext_lazy as _

from accounts.models import (
    BreakGlassSignIn,
    DayWithoutMeetings,
    Municipality,
    MunicipalityMembership,
    User,
)
from accounts.services import municipality_membership_create, staff_role_refusal


class MunicipalityMembershipInline(admin.TabularInline):
    """A user's municipal roles, to read and to remove. Roles are given by the municipality's
    coordinators (the first coordinator under "Municipal roles"), never here."""

    model = MunicipalityMembership
    extra = 0
    fields = ["municipality", "role", "created_at"]
    readonly_fields = ["municipality", "role", "created_at"]

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


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
        fields = ["name", "number", "country", "default_language", "slug", "days_without_meetings"]


class FirstCoordinatorForm(forms.ModelForm):
    """A platform admin gives a municipality that has no coordinator its first one."""

    class Meta:
        model = MunicipalityMembership
        fields = ["municipality", "user"]

    by: User  # set by the admin

    def clean(self):
        cleaned = super().clean()
        municipality, user = cleaned.get("municipality"), cleaned.get("user")
        if municipality and user:
            refusal = staff_role_refusal(
                by=self.by,
                user=user,
                municipality=municipality,
                role=MunicipalityMembership.Role.COORDINATOR,
            )
            if refusal:
                raise ValidationError(refusal)
        return cleaned

    def validate_unique(self):
        """The service checks it (the role is not a field of this form)."""


@admin.register(MunicipalityMembership)
class MunicipalityMembershipAdmin(admin.ModelAdmin):
    """Municipal roles: read and remove. Adding is for the first coordinator of a municipality
    that has none; its coordinators give every other role on the municipality's page."""

    list_display = ["user", "role", "municipality", "created_at"]
    list_filter = ["role", "municipality"]
    search_fields = ["user__email", "user__full_name", "municipality__name"]
    list_select_related = ["user", "municipality"]
    autocomplete_fields = ["municipality", "user"]
    readonly_fields = ["created_at"]

    def get_form(self, request, obj=None, change=False, **kwargs):
        if obj is not None:
            return super().get_form(request, obj, change=change, **kwargs)
        form = type("FirstCoordinatorForm", (FirstCoordinatorForm,), {"by": request.user})
        return super().get_form(request, obj, change=change, form=form, **kwargs)

    def get_fields(self, request, obj=None):
        if obj is None:
            return ["municipality", "user"]
        return ["user", "municipality", "role", "created_at"]

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def save_model(self, request, obj, form, change):
        if change:  # not offered: roles are not changed, only given and removed
            raise PermissionDenied
        membership = municipality_membership_create(
            municipality=obj.municipality,
            user=obj.user,
            role=MunicipalityMembership.Role.COORDINATOR,
            by=request.user,
        )
        obj.pk = membership.pk
        obj.role = membership.role
        obj.created_at = membership.created_at


@admin.register(Municipality)
class MunicipalityAdmin(admin.ModelAdmin):
    form = MunicipalityAdminForm
    list_display = ["name", "number", "country", "default_language", "slug"]
    search_fields = ["name", "number"]
    list_filter = ["country", "default_language"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(BreakGlassSignIn)
class BreakGlassSignInAdmin(admin.ModelAdmin):
    """Every sign-in of a platform operator's local account, for the operators to read."""

    list_display = ["at", "user_label", "methods"]
    date_hierarchy = "at"
    fields = ["at", "user_label", "methods"]
    readonly_fields = fields

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

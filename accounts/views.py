from allauth.mfa.utils import is_mfa_enabled
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views import View
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST
from django.views.generic import DetailView, FormView, ListView, TemplateView
from django.views.i18n import set_language as django_set_language
from rules.contrib.views import PermissionRequiredMixin

from accounts import health
from accounts.forms import NotificationSettingsForm, ProfileForm, StaffRoleForm
from accounts.models import NotificationSettings
from accounts.notification_text import notification_target_url, notification_title
from accounts.selectors import (
    municipalities_for_dashboard,
    municipalities_visible_to,
    municipality_staff,
    notifications_visible_to,
    user_roles,
)
from accounts.services import (
    municipality_membership_create,
    notification_mark_read,
    notification_settings_update,
    notifications_mark_all_read,
    user_set_language,
    user_update_profile,
)
from organizations.selectors import organizations_active_in, organizations_for_dashboard
from referrals.selectors import referral_counts_for_dashboard


class HomeView(TemplateView):
    template_name = "pages/home.html"


class DashboardView(LoginRequiredMixin, TemplateView):
    """The role-aware start page. Later capabilities add their panels to it."""

    template_name = "accounts/dashboard.html"

    def get_context_data(self, **kwargs):
        from dashboard.views import start_page_panels

        context = super().get_context_data(**kwargs)
        roles = user_roles(self.request.user)
        context["my_municipalities"] = (
            list(municipalities_for_dashboard(self.request.user)) if roles.municipalities else []
        )
        context["my_organizations"] = (
            organizations_for_dashboard(self.request.user) if roles.organizations else []
        )
        # The header and the tenant use the same municipalities: no second query for them.
        self.request.tenant.preload(context["my_municipalities"])
        # Staff only get here with two-factor set up (RequireTwoFactorMiddleware checked it).
        context["two_factor_enabled"] = roles.needs_two_factor or is_mfa_enabled(self.request.user)
        if roles.is_caseworker or roles.is_contact_person:
            context["referral_counts"] = referral_counts_for_dashboard(self.request.user)
        # -- overview: the role panels (dashboard app)
        context.update(
            start_page_panels(
                self.request, roles=roles, municipalities=context["my_municipalities"]
            )
        )
        return context


class ProfileView(LoginRequiredMixin, FormView):
    template_name = "accounts/profile.html"
    form_class = ProfileForm

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "instance": self.request.user}

    def form_valid(self, form):
        user_update_profile(
            user=self.request.user,
            full_name=form.cleaned_data["full_name"],
            preferred_language=form.cleaned_data["preferred_language"],
        )
        messages.success(self.request, _("Your profile is saved."))
        return redirect("accounts:profile")


class MunicipalityDetailView(LoginRequiredMixin, PermissionRequiredMixin, DetailView):
    """The municipality's own page for its staff: who works here, which organisations are active."""

    permission_required = "accounts.view_municipality"
    template_name = "accounts/municipality_detail.html"
    context_object_name = "municipality"

    def get_queryset(self):
        return municipalities_visible_to(self.request.user)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["staff"] = municipality_staff(self.object)
        context["organizations"] = organizations_active_in(self.object)
        if self.request.user.has_perm("accounts.add_staff_role", self.object):
            context.setdefault("staff_role_form", StaffRoleForm())
        return context


@require_POST
@login_required
def staff_role_add(request: HttpRequest, slug: str) -> HttpResponse:  # accounts:staff_role_add
    """A coordinator gives someone a role in their municipality."""
    municipality = get_object_or_404(municipalities_visible_to(request.user), slug=slug)
    if not request.user.has_perm("accounts.add_staff_role", municipality):
        raise PermissionDenied
    form = StaffRoleForm(request.POST)
    if form.is_valid():
        try:
            membership = municipality_membership_create(
                municipality=municipality,
                user=form.staff_user,
                role=form.cleaned_data["role"],
                by=request.user,
            )
        except PermissionDenied as refusal:
            form.add_error("email", str(refusal))
        except ValidationError as error:
            form.add_error("email", error.messages)
        else:
            messages.success(
                request,
                _("%(name)s now has the role %(role)s in %(municipality)s.")
                % {
                    "name": membership.user,
                    "role": membership.get_role_display(),
                    "municipality": municipality,
                },
            )
            return redirect("accounts:municipality", municipality.slug)
    view = MunicipalityDetailView(request=request, kwargs={"slug": slug}, object=municipality)
    context = view.get_context_data(object=municipality, staff_role_form=form)
    return render(request, view.template_name, context, status=400)


class StaticPageView(TemplateView):
    """Accessibility statement and privacy notice."""


@require_POST
def set_language(request: HttpRequest) -> HttpResponse:
    """Django's language switch, remembered on the profile of a signed-in user."""
    if request.user.is_authenticated:
        user_set_language(user=request.user, language=request.POST.get("language", ""))
    return django_set_language(request)


class HealthView(View):
    def get(self, request: HttpRequest) -> JsonResponse:
        checks = {
            "database": health.check_database(),
            "broker": health.check_broker(),
            "migrations": health.check_migrations(),
        }
        healthy = all(checks.values())
        return JsonResponse(
            {"status": "ok" if healthy else "unavailable", "checks": checks},
            status=200 if healthy else 503,
        )


healthz = require_GET(never_cache(HealthView.as_view()))


# -- the notification centre ------------------------------------------------------------------


class NotificationListView(LoginRequiredMixin, ListView):
    template_name = "accounts/notification_list.html"
    context_object_name = "notifications"
    paginate_by = 25

    def get_queryset(self):
        return notifications_visible_to(self.request.user, now=timezone.now())

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["rows"] = [
            {
                "notification": notification,
                "title": notification_title(notification),
                "has_target": notification_target_url(notification) is not None,
            }
            for notification in context["notifications"]
        ]
        return context


@login_required
def notification_open(request: HttpRequest, pk: int) -> HttpResponse:  # notifications:open
    """Mark read and go on to the subject (a link in the list and in the e-mails)."""
    now = timezone.now()
    notification = get_object_or_404(notifications_visible_to(request.user, now=now), pk=pk)
    notification_mark_read(notification=notification, now=now)
    return redirect(notification_target_url(notification) or "notifications:list")


@require_POST
@login_required
def notification_read(request: HttpRequest, pk: int) -> HttpResponse:  # notifications:read
    now = timezone.now()
    notification = get_object_or_404(notifications_visible_to(request.user, now=now), pk=pk)
    notification_mark_read(notification=notification, now=now)
    messages.success(request, _("The notification is marked as read."))
    return redirect(_back_to_list(request))


@require_POST
@login_required
def notification_read_all(request: HttpRequest) -> HttpResponse:  # notifications:read_all
    count = notifications_mark_all_read(user=request.user, now=timezone.now())
    messages.success(
        request,
        ngettext(
            "%(count)d notification is marked as read.",
            "%(count)d notifications are marked as read.",
            count,
        )
        % {"count": count},
    )
    return redirect(_back_to_list(request))


def _back_to_list(request: HttpRequest) -> str:
    """Back to the page of the list the person was on."""
    page = request.POST.get("page", "")
    url = reverse("notifications:list")
    return f"{url}?page={page}" if page.isdigit() and page != "1" else url


class NotificationSettingsView(LoginRequiredMixin, FormView):
    template_name = "accounts/notification_settings.html"
    form_class = NotificationSettingsForm

    def get_form_kwargs(self):
        preferences = NotificationSettings.objects.filter(user=self.request.user).first()
        return {
            **super().get_form_kwargs(),
            "email_modes": preferences.email_modes if preferences else {},
            "initial": {"preferred_language": self.request.user.preferred_language},
        }

    def form_valid(self, form):
        notification_settings_update(
            user=self.request.user,
            email_modes=form.email_modes,
            preferred_language=form.cleaned_data["preferred_language"],
        )
        messages.success(self.request, _("Your notification settings are saved."))
        return redirect("notifications:settings")

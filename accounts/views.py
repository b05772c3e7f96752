from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views import View
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST
from django.views.generic import FormView, ListView, TemplateView
from django.views.i18n import set_language as django_set_language

from accounts import health
from accounts.forms import NotificationSettingsForm, ProfileForm
from accounts.notification_text import notification_target_url, notification_title
from accounts.selectors import (
    access_notification,
    notification_settings_of,
    notifications_visible_to,
)
from accounts.services import (
    notification_mark_read,
    notification_settings_update,
    notifications_mark_all_read,
    user_set_language,
    user_update_profile,
)


class HomeView(TemplateView):
    template_name = "pages/home.html"


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
    notification = access_notification(request.user, pk, now=now)
    notification_mark_read(notification=notification, now=now)
    return redirect(notification_target_url(notification) or "notifications:list")


@require_POST
@login_required
def notification_read(request: HttpRequest, pk: int) -> HttpResponse:  # notifications:read
    now = timezone.now()
    notification = access_notification(request.user, pk, now=now)
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
        preferences = notification_settings_of(self.request.user)
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

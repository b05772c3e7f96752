from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST
from django.views.generic import FormView, ListView

from core.views import confirm_then, errors_to_form
from notifications.forms import MobileCodeForm, MobileNumberForm, NotificationSettingsForm
from notifications.kinds import SMS_KIND_LABELS
from notifications.selectors import (
    access_notification,
    mobile_verification_of,
    notification_settings_of,
    notifications_visible_to,
)
from notifications.services import (
    mobile_number_remove,
    mobile_verification_confirm,
    mobile_verification_start,
    notification_mark_read,
    notification_settings_update,
    notifications_mark_all_read,
)
from notifications.text import notification_target_url, notification_title
from notifications.transports import SmsTransport

# -- the notification centre ------------------------------------------------------------------


class NotificationListView(LoginRequiredMixin, ListView):
    template_name = "notifications/notification_list.html"
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


# -- settings, per channel --------------------------------------------------------------------


def _sms_choices() -> dict[str, str]:
    sms = SmsTransport()
    return {kind: label for kind, label in SMS_KIND_LABELS.items() if sms.allows(kind)}


class NotificationSettingsView(LoginRequiredMixin, FormView):
    template_name = "notifications/notification_settings.html"
    form_class = NotificationSettingsForm

    def dispatch(self, request, *args, **kwargs):
        self.preferences = (
            notification_settings_of(request.user) if request.user.is_authenticated else None
        )
        return super().dispatch(request, *args, **kwargs)

    @property
    def sms_ready(self) -> bool:
        """SMS is set up on this site and the user has a verified number."""
        return SmsTransport.is_configured() and bool(
            self.preferences and self.preferences.has_verified_mobile
        )

    def get_form_kwargs(self):
        preferences = self.preferences
        return {
            **super().get_form_kwargs(),
            "email_modes": preferences.email_modes if preferences else {},
            "sms_choices": _sms_choices() if self.sms_ready else None,
            "sms_kinds": preferences.sms_kinds if preferences else [],
            "initial": {"preferred_language": self.request.user.preferred_language},
        }

    def get_context_data(self, **kwargs):
        return {
            **super().get_context_data(**kwargs),
            "sms_available": SmsTransport.is_configured(),
            "preferences": self.preferences,
        }

    def form_valid(self, form):
        notification_settings_update(
            user=self.request.user,
            email_modes=form.email_modes,
            preferred_language=form.cleaned_data["preferred_language"],
            sms_kinds=form.sms_kinds,
        )
        messages.success(self.request, _("Your notification settings are saved."))
        return redirect("notifications:settings")


class MobileNumberView(LoginRequiredMixin, FormView):
    """Step 1 of adding a mobile number: type it, get a code by SMS."""

    template_name = "notifications/mobile_number.html"
    form_class = MobileNumberForm

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "sms_available": SmsTransport.is_configured()}

    def form_valid(self, form):
        with errors_to_form(form):
            mobile_verification_start(
                user=self.request.user, number=form.cleaned_data["number"], now=timezone.now()
            )
            messages.success(self.request, _("We have sent you a code by SMS."))
            return redirect("notifications:mobile_confirm")
        return self.form_invalid(form)


class MobileConfirmView(LoginRequiredMixin, FormView):
    """Step 2: type the code from the SMS."""

    template_name = "notifications/mobile_confirm.html"
    form_class = MobileCodeForm

    def get(self, request, *args, **kwargs):
        if mobile_verification_of(request.user) is None:
            return redirect("notifications:mobile")
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        return {
            **super().get_context_data(**kwargs),
            "verification": mobile_verification_of(self.request.user),
        }

    def form_valid(self, form):
        with errors_to_form(form):
            mobile_verification_confirm(
                user=self.request.user, code=form.cleaned_data["code"], now=timezone.now()
            )
            messages.success(
                self.request,
                _("Your mobile number is verified. Choose below what comes by SMS."),
            )
            return redirect("notifications:settings")
        return self.form_invalid(form)


@require_http_methods(["GET", "POST"])
@login_required
def mobile_number_remove_view(request: HttpRequest) -> HttpResponse:
    """Asks first (GET), then removes (POST)."""
    return confirm_then(
        request,
        act=lambda: mobile_number_remove(user=request.user),
        done=_("Your mobile number is removed. Nothing comes by SMS."),
        next_url="notifications:settings",
        template="notifications/mobile_remove.html",
    )

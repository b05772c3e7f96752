from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views import View
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django.views.generic import FormView, TemplateView
from django.views.i18n import set_language as django_set_language

from accounts import health, profile_panels
from accounts.forms import ProfileForm
from accounts.selectors import municipalities_by_name, single_municipality
from accounts.services import (
    account_delete,
    account_deletion_blockers,
    user_set_language,
    user_update_profile,
)

HOME_MUNICIPALITIES = 12


class HomeView(TemplateView):
    """The site's start page: what Brobygger is and the municipalities on it, each leading to its
    public page (issue #18); the rest are on the list of municipalities. In a deployment of one
    municipality, a signed-out visitor's home page is that municipality's page."""

    template_name = "pages/home.html"

    def get(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            only = single_municipality()
            if only is not None:
                return redirect("public:municipality", only.slug)
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        shown = list(municipalities_by_name().only("name", "slug")[: HOME_MUNICIPALITIES + 1])
        return super().get_context_data(
            municipalities=shown[:HOME_MUNICIPALITIES],
            more_municipalities=len(shown) > HOME_MUNICIPALITIES,
            **kwargs,
        )


class ProfileView(LoginRequiredMixin, FormView):
    template_name = "accounts/profile.html"
    form_class = ProfileForm

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "instance": self.request.user}

    def get_context_data(self, **kwargs):
        # What other apps show a person about themselves (accounts.profile_panels).
        context = super().get_context_data(**kwargs)
        return {**context, **profile_panels.context_for(self.request.user)}

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


@never_cache
@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def delete_account(request: HttpRequest) -> HttpResponse:  # accounts:delete_account
    """The holder deletes their own account, after reading what goes and what stays."""
    blockers = account_deletion_blockers(request.user)
    if request.method == "POST" and not blockers:
        if request.POST.get("confirm") != "yes":
            messages.error(
                request, _("Tick the box to confirm that you want to delete your account.")
            )
        else:
            try:
                account_delete(user=request.user)
            except ValidationError as refused:
                blockers = refused.messages
            else:
                logout(request)
                messages.success(request, _("Your account is deleted."))
                return redirect("home")
    return render(request, "accounts/delete_account.html", {"blockers": blockers})

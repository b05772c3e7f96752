from allauth.mfa.utils import is_mfa_enabled
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views import View
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST
from django.views.generic import DetailView, FormView, TemplateView
from django.views.i18n import set_language as django_set_language
from rules.contrib.views import PermissionRequiredMixin

from accounts import health
from accounts.forms import ProfileForm
from accounts.selectors import (
    municipalities_for_dashboard,
    municipalities_visible_to,
    municipality_staff,
    user_roles,
)
from accounts.services import user_set_language, user_update_profile
from organizations.selectors import organizations_active_in, organizations_for_dashboard


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
        context["two_factor_enabled"] = is_mfa_enabled(self.request.user)
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
        return context


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

"""Sign-in with a municipality's provider, its back-channel logout, and its settings page."""

from __future__ import annotations

from allauth.socialaccount.adapter import get_adapter
from allauth.socialaccount.models import SocialApp
from allauth.socialaccount.providers.base import AuthProcess
from allauth.socialaccount.providers.oauth2.client import OAuth2Error
from allauth.socialaccount.providers.oauth2.views import OAuth2LoginView
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from accounts.models import Municipality
from accounts.sso import selectors, tokens
from accounts.sso.adapter import TRY_SESSION_KEY
from accounts.sso.forms import SignInWithMunicipalityForm, SingleSignOnConfigForm
from accounts.sso.provider import MunicipalCallbackView, MunicipalOIDCAdapter
from accounts.sso.services import sso_backchannel_logout, sso_config_save
from core.views import errors_to_form


def login(request: HttpRequest, provider_id: str) -> HttpResponse:
    try:
        return OAuth2LoginView.adapter_view(MunicipalOIDCAdapter(request, provider_id))(request)
    except SocialApp.DoesNotExist as error:
        raise Http404 from error


def callback(request: HttpRequest, provider_id: str) -> HttpResponse:
    try:
        return MunicipalCallbackView.adapter_view(MunicipalOIDCAdapter(request, provider_id))(
            request
        )
    except SocialApp.DoesNotExist as error:
        raise Http404 from error


def _redirect_to_provider(request, provider_id: str, *, login_hint: str = "", data=None):
    try:
        provider = get_adapter().get_provider(request, provider_id)
    except SocialApp.DoesNotExist as error:
        raise Http404 from error
    next_url = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()}):
        next_url = None
    try:
        return provider.redirect(
            request, AuthProcess.LOGIN, next_url=next_url, data=data, login_hint=login_hint
        )
    except OAuth2Error:
        messages.error(request, _("The municipality's sign-in service cannot be reached now."))
        return redirect("account_login")


@require_POST
def start(request: HttpRequest) -> HttpResponse:
    """From the sign-in page: "Sign in with <municipality>", or a work address whose domain is a
    municipality's goes to that municipality's provider."""
    provider_id = request.POST.get("provider", "")
    if provider_id:
        return _redirect_to_provider(request, provider_id)
    form = SignInWithMunicipalityForm(request.POST)
    if form.is_valid():
        config = selectors.sso_config_for_email(form.cleaned_data["email"])
        if config is not None:
            return _redirect_to_provider(
                request, config.provider_id, login_hint=form.cleaned_data["email"]
            )
        messages.info(
            request,
            _(
                "No municipality signs in its staff with this address. Sign in with your "
                "e-mail address and password instead."
            ),
        )
    else:
        messages.error(request, _("Enter a valid e-mail address."))
    return redirect("account_login")


@csrf_exempt
@require_POST
def backchannel_logout(request: HttpRequest, provider_id: str) -> HttpResponse:
    """OpenID Connect Back-Channel Logout: the provider ends its session (the person signed
    out there, or IT disabled them) and tells us; every session it started here ends too."""
    config = selectors.sso_config_by_provider_id(provider_id)
    raw = request.POST.get("logout_token", "")
    if config is None or not config.enabled or not raw:
        return HttpResponseBadRequest()
    try:
        document = tokens.discovery(config.issuer)
        claims = tokens.validate_logout_token(
            raw, issuer=config.issuer, client_id=config.client_id, jwks_uri=document["jwks_uri"]
        )
    except OAuth2Error:
        return HttpResponseBadRequest()
    sso_backchannel_logout(
        config=config, sid=str(claims.get("sid", "")), subject=str(claims.get("sub", ""))
    )
    response = HttpResponse(status=200)
    response["Cache-Control"] = "no-store"
    return response


@login_required
def config(request: HttpRequest, slug: str) -> HttpResponse:
    """A coordinator's (or platform operator's) settings of the municipality's provider."""
    municipality = _municipality(slug)
    if not request.user.has_perm("accounts.manage_sso", municipality):
        raise Http404
    current = selectors.sso_config_of(municipality)
    if request.method == "POST":
        form = SingleSignOnConfigForm(request.POST)
        if form.is_valid():
            with errors_to_form(form):
                sso_config_save(municipality=municipality, by=request.user, **form.cleaned_data)
                messages.success(request, _("The sign-in settings are saved."))
                return redirect("accounts:sso_config", slug=slug)
    else:
        form = SingleSignOnConfigForm(initial=SingleSignOnConfigForm.initial_from(current))
    tried = request.session.pop(TRY_SESSION_KEY, None)
    if tried is not None and tried.get("municipality") != municipality.pk:
        tried = None
    return render(
        request,
        "accounts/sso_config.html",
        {
            "municipality": municipality,
            "form": form,
            "config": current,
            "tried": tried,
            "callback_path": f"/accounts/sso/municipality-{municipality.pk}/login/callback/",
            "backchannel_path": f"/accounts/sso/municipality-{municipality.pk}/backchannel-logout/",
        },
    )


def _municipality(slug: str) -> Municipality:
    municipality = selectors.municipality_by_slug(slug)
    if municipality is None:
        raise Http404
    return municipality


@login_required
@require_POST
def try_sign_in(request: HttpRequest, slug: str) -> HttpResponse:
    """Go through the provider once and come back to the settings with what it returned."""
    municipality = _municipality(slug)
    if not request.user.has_perm("accounts.manage_sso", municipality):
        raise Http404
    current = selectors.sso_config_of(municipality)
    if current is None:
        raise Http404
    try:
        provider = get_adapter().get_provider(request, current.provider_id)
    except SocialApp.DoesNotExist as error:
        raise Http404 from error
    try:
        return provider.redirect(request, AuthProcess.LOGIN, data={"try": True})
    except OAuth2Error:
        messages.error(request, _("The municipality's sign-in service cannot be reached now."))
        return redirect("accounts:sso_config", slug=slug)

"""Request logging, the user's language, and the two-factor requirement."""

import logging
import time

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.middleware.locale import LocaleMiddleware
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import translation
from django.utils.cache import patch_cache_control
from django.utils.functional import SimpleLazyObject, empty

from accounts.languages import language_for_page, language_for_request
from accounts.logging import redact_path
from accounts.selectors import (
    known_roles,
    known_two_factor,
    remember_two_factor,
    restore_roles,
    roles_for_cache,
    two_factor_enabled,
    user_roles,
)

request_logger = logging.getLogger("brobygger.request")


class RequestLogMiddleware:
    """One structured line per request. The path only, with its secrets redacted: query strings
    may carry search terms, and some paths carry keys (accounts.logging.redact_path).

    No client address: it is personal data, and behind the TLS proxy the connection's address
    is the proxy's (the proxy's own log has the visitor's)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        started = time.perf_counter()
        response = self.get_response(request)
        user = getattr(request, "user", None)
        request_logger.info(
            "request",
            extra={
                "method": request.method,
                "path": redact_path(request.path),
                "status": response.status_code,
                "duration_ms": round((time.perf_counter() - started) * 1000, 1),
                "user_id": user.pk if user is not None and user.is_authenticated else None,
            },
        )
        return response


class PrivateCacheMiddleware:
    """No shared cache keeps a page made for a signed-in user, and no cache at all (the
    browser's included, on a shared computer) keeps a page that shows a secret, someone's
    contact details or a refugee's personal data.

    Every response to a signed-in user is `Cache-Control: private` unless its view made it
    public. The pages below, and every page of the referrals app, are also `no-store`; the pages
    with a secret in their address or content for signed-out visitors too (a password-reset or
    confirmation link is opened signed out).
    """

    NO_STORE_NAMESPACES = frozenset({"referrals"})
    SECRET_VIEWS = frozenset(
        {
            "meetings:feeds",  # the feed addresses
            "account_reset_password_from_key",
            "account_confirm_email",
            "organizations:invitation",
            "mfa_activate_totp",
            "mfa_view_recovery_codes",
            "mfa_generate_recovery_codes",
            "mfa_download_recovery_codes",
        }
    )
    CONTACT_VIEWS = frozenset(
        {
            "accounts:profile",
            "account_email",
            "organizations:detail",  # to staff and members: the contact persons' e-mail, phone
            "organizations:edit",
            "organizations:members",
            "organizations:member_roles",
            "organizations:registry",
            "organizations:registry_export",
            "meetings:detail",  # participants' names and e-mail addresses
            "meetings:attendance",
        }
    )

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        signed_in = user is not None and user.is_authenticated
        match = request.resolver_match
        view_name = match.view_name if match is not None else None
        namespaces = set(match.namespaces) if match is not None else set()
        secret = view_name in self.SECRET_VIEWS or bool(namespaces & self.NO_STORE_NAMESPACES)
        if secret or (signed_in and view_name in self.CONTACT_VIEWS):
            patch_cache_control(response, private=True, no_store=True)
        elif signed_in and "public" not in response.get("Cache-Control", ""):
            patch_cache_control(response, private=True)
        return response


class UserLanguageMiddleware:
    """The page's language once the user is known (`accounts.languages`): the person's own
    choice, else their municipality's; for someone without either, the language of the
    municipality whose page this is; else bokmål (set by `SiteLanguageMiddleware`)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        language = language_for_request(request)
        request.language_is_known = language is not None
        if language is not None:
            self._activate(request, language)
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if getattr(request, "language_is_known", True) or request.resolver_match is None:
            return
        language = language_for_page(request.resolver_match.view_name, view_kwargs, request.GET)
        if language is not None:
            self._activate(request, language)

    @staticmethod
    def _activate(request, language: str) -> None:
        translation.activate(language)
        request.LANGUAGE_CODE = language


def sso_counts_as_two_factor(request) -> bool:
    """Signed in through the municipality's provider with two-factor there (its amr/acr met the
    municipality's minimum, accounts.sso.services.is_strong): our TOTP is not asked as well."""
    from accounts.sso.services import SESSION_KEY

    return bool(request.session.get(SESSION_KEY, {}).get("strong"))


class CachedAccessMiddleware:
    """Keeps the signed-in user's roles and two-factor state in the cache, so that a page does
    not ask the database for them on every request (they were three of every signed-in page's
    queries; the cache is one round trip to Redis).

    The cache key holds `User.access_version`, which PostgreSQL raises on every change of the
    user's memberships or authenticators (accounts migration 0014, whatever code path made the
    change); the user row is read on every request anyway. After a change the key is new, so
    the roles are read again: a role taken away or a two-factor device removed counts from the
    next request, in every session of that user. Without PostgreSQL (no triggers) nothing is
    kept. Platform admin and active come from the user row itself, never from the cache.

    Goes right after AuthenticationMiddleware: it wraps `request.user`."""

    # Short, so that a database restored from a backup (its versions back at older numbers)
    # cannot meet what the cache kept under those numbers for long; flush the cache on a restore.
    TIMEOUT = 600

    def __init__(self, get_response):
        self.get_response = get_response

    @staticmethod
    def key(user) -> str:
        return f"access:{user.pk}:{user.access_version}"

    @classmethod
    def prime(cls, user) -> None:
        """Read and keep the access of `user` (at sign-in). From a fresh copy of the row: the
        object signing in may be older than its memberships; the version is read first, so
        what is kept under it is at least that new."""
        if connection.vendor != "postgresql" or not user.is_authenticated:
            return
        fresh = type(user).objects.filter(pk=user.pk).first()
        if fresh is None or not fresh.is_active:
            return
        kept = {
            "roles": roles_for_cache(user_roles(fresh)),
            "two_factor": two_factor_enabled(fresh),
        }
        cache.set(cls.key(fresh), kept, cls.TIMEOUT)

    def __call__(self, request):
        if connection.vendor != "postgresql":
            return self.get_response(request)
        from django.contrib.auth.middleware import get_user

        request.user = SimpleLazyObject(lambda: self._restore(request, get_user(request)))
        response = self.get_response(request)
        self._keep(request)
        return response

    def _restore(self, request, user):
        if user.is_authenticated:
            stored = cache.get(self.key(user)) or {}
            request._access_kept = stored
            if "roles" in stored:
                restore_roles(user, stored["roles"])
            remember_two_factor(user, stored.get("two_factor"))
        return user

    def _keep(self, request) -> None:
        user = getattr(request, "user", None)
        if user is None or (isinstance(user, SimpleLazyObject) and user._wrapped is empty):
            return  # nobody asked who is signed in
        stored = getattr(request, "_access_kept", None)
        if stored is None or not user.is_authenticated:
            return  # signed out, or signed in during this request
        roles, two_factor = known_roles(user), known_two_factor(user)
        kept = dict(stored)
        if roles is not None:
            kept["roles"] = roles_for_cache(roles)
        if two_factor is not None:
            kept["two_factor"] = two_factor
        if kept != stored:
            # The version this request started with: if anything changed during the request,
            # the row's number is higher by now and the next request reads the roles again.
            cache.set(self.key(user), kept, self.TIMEOUT)


class RequireTwoFactorMiddleware:
    """Two-factor authentication, enforced here and nowhere else. Who needs it is the one list in
    accounts/permissions.py: coordinators, caseworkers and platform admins set up TOTP before
    anything else (`accounts.needs_two_factor`); an organisation's contact persons before the
    referral pages, with a word on why (`referrals.needs_two_factor`, `REFERRAL_PAGES`)."""

    # The pages where a contact person sees or answers referrals.
    REFERRAL_PAGES = frozenset(
        {
            "referrals:list",
            "referrals:referral",
            "referrals:accept",
            "referrals:decline",
            "referrals:contact",
            "referrals:unreachable",
        }
    )

    ALLOWED_URL_NAMES = (
        "mfa_index",
        "mfa_activate_totp",
        "mfa_view_recovery_codes",
        "mfa_generate_recovery_codes",
        "mfa_download_recovery_codes",
        "account_reauthenticate",  # allauth asks for the password again before TOTP activation
        "account_logout",
        "set_language",
        "healthz",
        "accessibility",
        "privacy",
    )

    def __init__(self, get_response):
        self.get_response = get_response
        self._allowed_paths: frozenset[str] | None = None

    def allowed_paths(self) -> frozenset[str]:
        if self._allowed_paths is None:
            self._allowed_paths = frozenset(reverse(name) for name in self.ALLOWED_URL_NAMES)
        return self._allowed_paths

    def __call__(self, request):
        user = request.user
        if (
            user.is_authenticated
            and user.has_perm("accounts.needs_two_factor")
            and not request.path.startswith(settings.STATIC_URL)
            and request.path not in self.allowed_paths()
            and not two_factor_enabled(user)
            and not sso_counts_as_two_factor(request)
        ):
            return redirect("mfa_activate_totp")
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        user = request.user
        if (
            user.is_authenticated
            and request.resolver_match.view_name in self.REFERRAL_PAGES
            and user.has_perm("referrals.needs_two_factor")
            and not two_factor_enabled(user)
        ):
            from django.contrib import messages
            from django.utils.translation import gettext as _

            messages.warning(
                request,
                _(
                    "Referrals contain personal data. Set up two-factor authentication first; "
                    "then you can see the referrals addressed to your organisation."
                ),
            )
            return redirect("mfa_activate_totp")
        return None


class SiteLanguageMiddleware(LocaleMiddleware):
    """Norwegian bokmål unless the visitor chose otherwise (language cookie).

    The browser's Accept-Language is not used: a Norwegian public service opens in Norwegian,
    and the language switcher on every page changes it.
    """

    def process_request(self, request):
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        language = chosen if chosen in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()


class PermissionsPolicyMiddleware:
    """The browser features the portal never uses are switched off for every page."""

    POLICY = "camera=(), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=()"

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", self.POLICY)
        return response


class IdleTimeoutMiddleware:
    """Sign out, after a while without activity, everyone who can see personal data:
    coordinators, caseworkers, platform admins and organisations' contact persons."""

    SESSION_KEY = "brobygger_last_seen"
    WRITE_EVERY_SECONDS = 60  # not a session write on every request

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if user.is_authenticated and self._sees_personal_data(user):
            now = int(time.time())
            last_seen = request.session.get(self.SESSION_KEY)
            if last_seen is not None and now - last_seen > settings.SENSITIVE_IDLE_MINUTES * 60:
                from django.contrib import messages
                from django.contrib.auth import logout
                from django.utils.http import urlencode
                from django.utils.translation import gettext as _

                logout(request)
                messages.info(
                    request,
                    _(
                        "You were signed out after %(minutes)s minutes without activity, to "
                        "protect personal data. Sign in again to go on."
                    )
                    % {"minutes": settings.SENSITIVE_IDLE_MINUTES},
                )
                next_path = request.get_full_path() if request.method == "GET" else "/"
                return redirect(f"{reverse('account_login')}?{urlencode({'next': next_path})}")
            if last_seen is None or now - last_seen >= self.WRITE_EVERY_SECONDS:
                request.session[self.SESSION_KEY] = now
        return self.get_response(request)

    @staticmethod
    def _sees_personal_data(user) -> bool:
        return user.has_perm("accounts.sees_personal_data")

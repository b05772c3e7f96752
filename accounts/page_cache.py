"""Whole public pages, cached for every signed-out visitor alike (issue #24).

A public page (an organisation's or an activity's page, the events calendar, the grants
catalogue and its schemes, a municipality's public pages, the open-data API, the public event
feeds) shows the same bytes to every signed-out visitor who asks for the same address in the same
language on the same day. `@public_page` keeps such an answer in the cache and serves it again
without running the view, until the data behind it changes:

- The value is stored with the version of the public data it was rendered under
  (accounts/versioned_cache.py). Saving or deleting a row of any model a public page shows
  (`WATCHED` below; many-to-many changes included) sets a new version, so the next request
  renders afresh: a change shows at once. `.update()` and bulk inserts send no signal; the
  120-second timeout is the safety net for those, and for what follows the clock within a day
  (a meeting that has just begun may stay listed as upcoming for up to two minutes).
- The key is the page's name, the language, the local date, the host and the full path with its
  query string. Languages, days and questions never mix.
- Only signed-out visitors without a message waiting are served from or fill the cache, with GET
  (not HEAD, not htmx). A signed-in visitor always gets the page rendered for them. Only a 200
  answer without cookies of its own and not marked private or no-store is kept.
- No CSRF token is ever in the cache: every token of the visitor's secret in the page (the
  language form's, any form's) is replaced by a placeholder before storing, and each answer from
  the cache gets a fresh token (a new mask of the visitor's secret, as `{% csrf_token %}` gives).
  The site's Content-Security-Policy uses no nonces, so there is nothing else per request in
  the body.
- `conditional=True` (feeds, the API; the same for every visitor, signed in or not) also gives
  the answer an ETag from its bytes and answers `If-None-Match` with 304.

Bodies are compressed (level 1). A visitor who asks ever new questions fills at most what the
server can render in 120 seconds.
"""

from __future__ import annotations

import functools
import hashlib
import re
import zlib

from django.apps import apps
from django.contrib import messages
from django.db.models.signals import post_delete, post_save
from django.http import HttpResponse
from django.middleware.csrf import _unmask_cipher_token, get_token
from django.utils import timezone, translation
from django.utils.cache import get_conditional_response

from accounts.versioned_cache import VersionedCache

PUBLIC_PAGES = VersionedCache("public-pages", timeout=120)

# Every model whose rows a public page shows, by label (this floor imports no app above it).
WATCHED = (
    "accounts.Municipality",
    "organizations.CategoryTerm",
    "organizations.TargetGroupTerm",
    "organizations.LanguageTerm",
    "organizations.Organization",
    "organizations.OrganizationMunicipality",
    "organizations.OrganizationMembership",
    "organizations.Activity",
    "organizations.ActivitySchedule",
    "agreements.Need",
    "agreements.Agreement",
    "agreements.Party",
    "meetings.Venue",
    "meetings.VenueOpening",
    "meetings.MeetingSeries",
    "meetings.Meeting",
    "meetings.Participation",
    "meetings.AgendaSchedule",
    "meetings.GroupMember",
    "referrals.InformationSheet",
    "referrals.PrivacyNotice",
    "referrals.OfferLeafletApproval",
    "grants.Scheme",
    "announcements.Announcement",
    "dashboard.MunicipalityPage",
    "dashboard.PublishedContact",
    "dashboard.GuideNote",
    "dashboard.Premises",
    "dashboard.PremisesSlot",
    "dashboard.Arena",
    "dashboard.PlaceRequest",
    "dashboard.Resource",
    "dashboard.Story",
)
WITH_RELATIONS_OF = (
    "organizations.Organization",
    "organizations.Activity",
    "agreements.Need",
    "meetings.Meeting",
    "grants.Scheme",
    "dashboard.MunicipalityPage",
    "dashboard.Premises",
    "dashboard.Arena",
)


def connect_signals() -> None:
    def models(labels):
        found = []
        for label in labels:
            try:
                found.append(apps.get_model(label))
            except LookupError:  # an app not installed (a trimmed settings module)
                continue
        return found

    PUBLIC_PAGES.watch(models(WATCHED), with_relations_of=models(WITH_RELATIONS_OF))
    # Members' names are on an organisation's page. A sign-in saves only `last_login`, which no
    # public page shows: that save leaves the cache alone.
    user = apps.get_model("accounts.User")
    post_save.connect(_user_saved, sender=user, dispatch_uid="public-pages:user:save")
    post_delete.connect(PUBLIC_PAGES.changed, sender=user, dispatch_uid="public-pages:user:delete")


def _user_saved(instance=None, update_fields=None, **kwargs) -> None:
    if update_fields is not None and set(update_fields) <= {"last_login"}:
        return
    PUBLIC_PAGES.changed(instance, update_fields=update_fields, **kwargs)


CSRF_PLACEHOLDER = b"\x00csrf-token\x00"
_TOKEN = re.compile(rb"(?<![A-Za-z0-9])[A-Za-z0-9]{64}(?![A-Za-z0-9])")
_CACHED_CONTENT_TYPES = ("text/html", "text/calendar", "application/json", "application/pdf")


def _key(name: str, request) -> str:
    path = hashlib.sha256(request.get_full_path().encode(errors="surrogatepass")).hexdigest()
    host = request.get_host()
    return f"{name}:{translation.get_language()}:{timezone.localdate().isoformat()}:{host}:{path}"


def _plain_visitor(request) -> bool:
    return (
        request.method == "GET"
        and not request.user.is_authenticated
        and "HX-Request" not in request.headers
        and len(messages.get_messages(request)) == 0
    )


def _without_tokens(request, body: bytes) -> bytes | None:
    """The body with every CSRF token of this visitor's secret replaced by the placeholder, or
    None when the secret shows some other way (such a page is not kept)."""
    secret = request.META.get("CSRF_COOKIE")
    if not secret:
        return body

    def blank(match: re.Match) -> bytes:
        token = match.group().decode()
        return CSRF_PLACEHOLDER if _unmask_cipher_token(token) == secret else match.group()

    blanked = _TOKEN.sub(blank, body)
    return None if secret.encode() in blanked else blanked


def _keepable(response) -> bool:
    cache_control = response.get("Cache-Control", "")
    return (
        response.status_code == 200
        and not response.streaming
        and not response.cookies
        and "private" not in cache_control
        and "no-store" not in cache_control
        and response.get("Content-Type", "").split(";")[0] in _CACHED_CONTENT_TYPES
    )


def _with_etag(request, response: HttpResponse) -> HttpResponse:
    etag = response.get("ETag") or f'"{hashlib.sha256(response.content).hexdigest()[:40]}"'
    response["ETag"] = etag
    not_modified = get_conditional_response(request, etag=etag, response=response)
    return not_modified or response


def public_page(name: str, *, conditional: bool = False, for_everyone: bool = False):
    """Serve the view's answer to signed-out visitors from the cache (see the module).
    `for_everyone`: the view does not look at who asks, so signed-in visitors share the cache too
    (feeds, the API). `conditional`: ETag and 304 (`If-None-Match`)."""

    def decorator(view):
        @functools.wraps(view)
        def wrapped(request, *args, **kwargs):
            plain = _plain_visitor(request) or (
                for_everyone and request.method == "GET" and "HX-Request" not in request.headers
            )
            if not plain:
                response = view(request, *args, **kwargs)
                if conditional and request.method in ("GET", "HEAD"):
                    if hasattr(response, "render") and not response.is_rendered:
                        response.render()
                    if response.status_code == 200 and not response.streaming:
                        return _with_etag(request, response)
                return response
            key = _key(name, request)
            stored, version = PUBLIC_PAGES.get(key)
            if stored is not None:
                headers, packed = stored
                body = zlib.decompress(packed)
                if CSRF_PLACEHOLDER in body:
                    body = body.replace(CSRF_PLACEHOLDER, get_token(request).encode())
                response = HttpResponse(body)
                for header, value in headers:
                    response[header] = value
                return _with_etag(request, response) if conditional else response
            response = view(request, *args, **kwargs)
            if hasattr(response, "render") and not response.is_rendered:
                response.render()
            if _keepable(response):
                body = _without_tokens(request, response.content)
                if body is not None:
                    headers = [(h, v) for h, v in response.items() if h.lower() != "set-cookie"]
                    PUBLIC_PAGES.set(key, version, (headers, zlib.compress(body, 1)))
            if conditional and response.status_code == 200 and not response.streaming:
                return _with_etag(request, response)
            return response

        return wrapped

    return decorator

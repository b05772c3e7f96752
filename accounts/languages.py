"""Which language a page or an e-mail is in.

A person's own choice always wins: a signed-in user's preferred language (set on signing up,
with the language switcher or on the profile), else the switcher's cookie. Without a choice, the
municipality's language (`Municipality.language`: its default language, else its country's):
- a staff user starts in the language of the municipality they act in (`request.tenant`),
- an organisation's people in that of the (first) municipality their organisation works in,
- a visitor to a municipality's pages in that municipality's: its own page and calendar (for
  its staff), and the public directories of organisations and activities filtered to it
  (`?municipality=<slug>`, the address a municipality links to from its own website);
and everyone else in `settings.LANGUAGE_CODE` (bokmål). E-mails follow the same rule for their
recipient (`language_for`), so a nynorsk municipality's staff get nynorsk e-mails.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from django.conf import settings

from accounts.page_cache import PUBLIC_PAGES
from accounts.selectors import home_municipality, municipality_by_slug

if TYPE_CHECKING:
    from django.http import HttpRequest, QueryDict

    from accounts.models import User

SLUG = re.compile(r"[-a-zA-Z0-9_]{1,50}")
# The pages that belong to one municipality, found by the `slug` in their address ...
MUNICIPALITY_PAGES = frozenset(
    {
        "accounts:municipality",
        "meetings:municipality_calendar",
        "public:municipality",
        "public:privacy",
    }
)
# ... or by the `municipality` filter in their query string.
MUNICIPALITY_FILTERED_PAGES = frozenset(
    {"organizations:directory", "organizations:activity_directory"}
)


def _supported(language: str | None) -> str | None:
    return language if language in dict(settings.LANGUAGES) else None


def language_for(user: User | None) -> str:
    """The language to write to this person in (e-mails): their choice, else their
    municipality's, else bokmål."""
    if user is None:
        return settings.LANGUAGE_CODE
    chosen = _supported(user.preferred_language)
    if chosen:
        return chosen
    municipality = home_municipality(user) if user.is_active else None
    return municipality.language if municipality is not None else settings.LANGUAGE_CODE


def language_for_user(request: HttpRequest, user: User) -> str | None:
    """The language for `user` on this request, known before the request is theirs (the message
    on signing in is made while the sign-in page, in the site's language, is answered): their
    choice, else the switcher's cookie, else their municipality's."""
    chosen = _supported(user.preferred_language) or _supported(
        request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
    )
    if chosen:
        return chosen
    municipality = home_municipality(user)
    return municipality.language if municipality is not None else None


def language_for_request(request: HttpRequest) -> str | None:
    """The language to show this request in, as far as the person tells it (their choice or
    their municipality), or None when only the page can tell (`language_for_page`)."""
    user = getattr(request, "user", None)
    signed_in = user is not None and user.is_authenticated
    if signed_in and _supported(user.preferred_language):
        return user.preferred_language
    cookie = _supported(request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME))
    if cookie:
        return cookie
    if signed_in:
        tenant = getattr(request, "tenant", None)
        municipality = tenant.municipality if tenant is not None else None
        if municipality is None:
            municipality = home_municipality(user)
        if municipality is not None:
            return municipality.language
    return None


def language_for_page(view_name: str, view_kwargs: dict, query: QueryDict) -> str | None:
    """The language of the municipality whose page this is, or None for any other page."""
    slug = None
    if view_name in MUNICIPALITY_PAGES:
        slug = view_kwargs.get("slug")
    elif view_name in MUNICIPALITY_FILTERED_PAGES:
        slug = query.get("municipality")
    if slug and SLUG.fullmatch(slug):  # what a visitor types never reaches the database raw
        return _language_of(slug)
    return None


def _language_of(slug: str) -> str | None:
    """The municipality's language, kept with the public pages' data version (a municipality
    that changes its language is saved, which sets a new version): a cached public page of a
    municipality costs no query."""
    found, version = PUBLIC_PAGES.get(f"language:{slug}")
    if found is None:
        municipality = municipality_by_slug(slug)
        found = municipality.language if municipality is not None else ""
        PUBLIC_PAGES.set(f"language:{slug}", version, found)
    return found or None

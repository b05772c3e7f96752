"""The public directories' content, cached for every visitor alike.

`/directory/` and `/activities/` show the same results to everyone who asks the same question:
they list verified organisations and active activities only, whoever is signed in. So the
content block of those pages (filter form, result count, results, pagination) is rendered once
per question and kept in the cache; the rest of the page (the header with its CSRF token and
signed-in menu, the messages) is rendered per request as before. No token and nothing about the
visitor is ever in the cached part.

A cached block is keyed by language, local date (an organisation's "looking for partners" ends
at midnight) and the full path with its query string. It is stored with the public-data version
it was rendered under. Saving or deleting anything that the directories show — an organisation,
an activity and its times, a municipality, a category, language or target-group term — sets a new
version, so the next request renders afresh. The version changes both at once (so the change is
visible within the same request cycle) and again when the transaction commits (so a request
that rendered the old data between the save and the commit cannot keep it cached). `.update()`
and `bulk_create()` send no signals: `TIMEOUT` is the safety net for those.

Blocks are compressed (level 1, about a sixth of the size) and live `TIMEOUT` seconds, which
bounds the memory a visitor can fill with ever new queries to what the server can render in that
time.
"""

import hashlib
import uuid
import zlib

from django.contrib import messages
from django.core.cache import cache
from django.db import transaction
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.safestring import mark_safe

TIMEOUT = 120
VERSION_KEY = "public-directory:version"


def _current_version() -> str:
    version = cache.get(VERSION_KEY)
    if version is None:
        # A first request, or the version was evicted: start a new one (never "no version",
        # which a block rendered before an eviction would also carry).
        cache.add(VERSION_KEY, uuid.uuid4().hex, timeout=None)
        version = cache.get(VERSION_KEY)
    return version


def _content_key(name: str, request) -> str:
    path = hashlib.sha256(request.get_full_path().encode(errors="surrogatepass")).hexdigest()
    language = translation.get_language()
    return f"public-directory:{name}:{language}:{timezone.localdate().isoformat()}:{path}"


def cached_content(name: str, request) -> tuple[str | None, str]:
    """The cached block for this request, or None, and the version to store a new one under."""
    key = _content_key(name, request)
    found = cache.get_many([VERSION_KEY, key])
    version = found.get(VERSION_KEY) or _current_version()
    stored = found.get(key)
    if stored is not None and stored[0] == version:
        return zlib.decompress(stored[1]).decode(), version
    return None, version


def store_content(name: str, request, version: str, content: str) -> None:
    packed = zlib.compress(content.encode(), 1)
    cache.set(_content_key(name, request), (version, packed), TIMEOUT)


def new_version() -> None:
    """Public data changed: every cached block is stale from now on."""
    cache.set(VERSION_KEY, uuid.uuid4().hex, timeout=None)


def public_data_changed(**kwargs) -> None:
    """Receiver for saves, deletes and many-to-many changes of what the directories show."""
    if kwargs.get("raw"):  # loaddata
        return
    new_version()
    connection = transaction.get_connection()
    if not any(func is new_version for _, func, _ in connection.run_on_commit):
        transaction.on_commit(new_version)  # once per transaction, however many rows it saves


def connect_signals() -> None:
    from django.db.models.signals import m2m_changed, post_delete, post_save

    from accounts.models import Municipality
    from organizations.models import (
        Activity,
        ActivitySchedule,
        CategoryTerm,
        LanguageTerm,
        Organization,
        TargetGroupTerm,
    )

    shown = (
        Organization,
        Activity,
        ActivitySchedule,
        Municipality,
        CategoryTerm,
        LanguageTerm,
        TargetGroupTerm,
    )
    for model in shown:
        uid = f"public-directory:{model._meta.label}"
        post_save.connect(public_data_changed, sender=model, dispatch_uid=f"{uid}:save")
        post_delete.connect(public_data_changed, sender=model, dispatch_uid=f"{uid}:delete")
    for model in (Organization, Activity):
        for field in model._meta.many_to_many:
            m2m_changed.connect(
                public_data_changed,
                sender=field.remote_field.through,
                dispatch_uid=f"public-directory:{field.remote_field.through._meta.label}",
            )


CSRF_PLACEHOLDER = "\x00csrf-token\x00"


def _is_plain_visitor(request) -> bool:
    """Signed out and with no message waiting: the whole page is the same for every such visitor
    except the CSRF token of the language form, which is put in per request."""
    return not request.user.is_authenticated and len(messages.get_messages(request)) == 0


class PublicContentCacheMixin:
    """For a public list view whose `template_name` renders the content block alone: serve that
    block from the cache, inside `page_template_name`, which extends the site's base page.

    For a signed-out visitor without messages the whole page is cached too, with a placeholder
    where the CSRF token goes; each answer gets its own token (a fresh mask of the visitor's
    secret, as `{% csrf_token %}` gives)."""

    cache_name: str
    page_template_name: str

    def get(self, request, *args, **kwargs):
        plain = _is_plain_visitor(request)
        if plain:
            page, page_version = cached_content(f"{self.cache_name}:page", request)
            if page is not None:
                return HttpResponse(page.replace(CSRF_PLACEHOLDER, get_token(request)))
        content, version = cached_content(self.cache_name, request)
        if content is None:
            response = super().get(request, *args, **kwargs)
            if response.status_code != 200:
                return response
            content = response.rendered_content
            store_content(self.cache_name, request, version, content)
        token = get_token(request)
        # The block was rendered by our own template from escaped values: it is safe HTML.
        page = render_to_string(
            self.page_template_name,
            {"content": mark_safe(content), "csrf_token": token},  # noqa: S308
            request,
        )
        if plain:
            blank = page.replace(token, CSRF_PLACEHOLDER)
            store_content(f"{self.cache_name}:page", request, page_version, blank)
        return HttpResponse(page)

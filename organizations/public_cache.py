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

from django.core.cache import cache
from django.db import transaction
from django.shortcuts import render
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


class PublicContentCacheMixin:
    """For a public list view whose `template_name` renders the content block alone: serve that
    block from the cache, inside `page_template_name`, which extends the site's base page."""

    cache_name: str
    page_template_name: str

    def get(self, request, *args, **kwargs):
        content, version = cached_content(self.cache_name, request)
        if content is None:
            response = super().get(request, *args, **kwargs)
            if response.status_code != 200:
                return response
            content = response.rendered_content
            store_content(self.cache_name, request, version, content)
        # The block was rendered by our own template from escaped values: it is safe HTML.
        return render(request, self.page_template_name, {"content": mark_safe(content)})  # noqa: S308

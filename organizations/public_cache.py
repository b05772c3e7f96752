"""The public directories' content, cached for every visitor alike.

`/directory/` and `/activities/` show the same results to everyone who asks the same question:
they list verified organisations and active activities only, whoever is signed in. So the
content block of those pages (filter form, result count, results, pagination) is rendered once
per question and kept in the cache; for a signed-in visitor the rest of the page (the header
with their menu and CSRF token, the messages) is rendered per request around it. For a
signed-out visitor without a message waiting the whole page is cached as well, with a
placeholder where the language form's CSRF token goes. No token and nothing about a visitor is
ever in a cached value.

A cached block is keyed by language, local date (an organisation's "looking for partners" ends
at midnight) and the full path with its query string. It is stored with the public-data version
it was rendered under (accounts/versioned_cache.py). Saving or deleting anything that the
directories show — an organisation, an activity and its times, a municipality, a category,
language or target-group term — sets a new version, so the next request renders afresh.

Blocks are compressed (level 1, about a sixth of the size) and live 120 seconds, which
bounds the memory a visitor can fill with ever new queries to what the server can render in that
time.
"""

import hashlib
import zlib
from urllib.parse import urlencode

from crispy_forms.templatetags.crispy_forms_filters import as_crispy_field
from django.contrib import messages
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.safestring import mark_safe

from accounts.versioned_cache import VersionedCache

DIRECTORIES = VersionedCache("public-directory", timeout=120)


def _content_key(name: str, request) -> str:
    path = hashlib.sha256(request.get_full_path().encode(errors="surrogatepass")).hexdigest()
    language = translation.get_language()
    return f"{name}:{language}:{timezone.localdate().isoformat()}:{path}"


def cached_content(name: str, request) -> tuple[str | None, str]:
    """The cached block for this request, or None, and the version to store a new one under."""
    packed, version = DIRECTORIES.get(_content_key(name, request))
    return (None if packed is None else zlib.decompress(packed).decode()), version


def store_content(name: str, request, version: str, content: str) -> None:
    DIRECTORIES.set(_content_key(name, request), version, zlib.compress(content.encode(), 1))


def filter_fields(name: str, request, form, leave_out: str = "q") -> str:
    """The filter form's fields other than `leave_out` (the search words), rendered, cached per
    language, data version and the values of those fields in the query string. Most questions
    differ only in their words, so the other fields (the municipality list, the choice lists)
    are drawn the same for all of them: rendering them was a fifth of an unanswered question."""
    skipped = set(leave_out.split())
    names = [field_name for field_name in form.fields if field_name not in skipped]
    values = urlencode([(n, v) for n in names for v in request.GET.getlist(n)])
    digest = hashlib.sha256(values.encode(errors="surrogatepass")).hexdigest()
    key = f"{name}:fields:{translation.get_language()}:{digest}"
    packed, version = DIRECTORIES.get(key)
    if packed is not None:
        html = zlib.decompress(packed).decode()
    else:
        html = "".join(as_crispy_field(form[n]) for n in names)
        DIRECTORIES.set(key, version, zlib.compress(html.encode(), 1))
    # Rendered by crispy from the form's own escaped values: safe HTML.
    return mark_safe(html)  # noqa: S308


def connect_signals() -> None:
    from accounts.models import Municipality
    from organizations.models import (
        Activity,
        ActivitySchedule,
        CategoryTerm,
        LanguageTerm,
        Organization,
        OrganizationMunicipality,
        TargetGroupTerm,
    )

    DIRECTORIES.watch(
        (
            Organization,
            OrganizationMunicipality,
            Activity,
            ActivitySchedule,
            Municipality,
            CategoryTerm,
            LanguageTerm,
            TargetGroupTerm,
        ),
        with_relations_of=(Organization, Activity),
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

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        form = context["filter"].form
        context["filter_fields"] = filter_fields(self.cache_name, self.request, form)
        return context

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

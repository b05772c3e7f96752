"""The open-data API (Open Referral HSDS 3.0): public, read-only, no login.

Only verified organisations and the active activities of verified organisations are published
(the directory selectors decide). Lists are pages: `?page=` (from 1) and `?per_page=` (at most
100); `?full=true` returns fully nested items instead of the items' own fields; `?search=` is the
directory's full-text search; `/services?organization_id=` gives one organisation's services.
Errors are JSON too: 400 for bad parameters, 404 for ids that are unknown or not public.
"""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.core.paginator import EmptyPage, Paginator
from django.db.models import Prefetch, QuerySet
from django.http import HttpRequest, JsonResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from accounts.page_cache import PUBLIC_PAGES, public_page
from accounts.site import absolute_url
from core.translated_fields import reader_order
from organizations import hsds, selectors
from organizations.models import Activity, ActivitySchedule, Organization

DEFAULT_PER_PAGE = 50
MAX_PER_PAGE = 100


class BadRequest(Exception):
    """A query parameter we cannot use; becomes a 400 with the message."""


def _json(data: dict[str, Any], status: int = 200) -> JsonResponse:
    response = JsonResponse(data, status=status, json_dumps_params={"ensure_ascii": False})
    # Open data: any web page may read it (no cookies are needed or sent).
    response["Access-Control-Allow-Origin"] = "*"
    return response


def _error(status: int, message: str) -> JsonResponse:
    return _json({"status": status, "message": message}, status=status)


def _not_found() -> JsonResponse:
    return _error(404, _("Nothing is published with this id."))


def _positive_int(request: HttpRequest, name: str, default: int) -> int:
    raw = request.GET.get(name, "").strip()
    if not raw:
        return default
    if not (raw.isascii() and raw.isdigit()) or int(raw) < 1:
        raise BadRequest(
            _("%(name)s must be a whole number from 1; got “%(value)s”.")
            % {"name": name, "value": raw[:20]}
        )
    return int(raw)


def _flag(request: HttpRequest, name: str) -> bool:
    raw = request.GET.get(name, "").strip().lower()
    if raw in ("", "false", "0", "no"):
        return False
    if raw in ("true", "1", "yes"):
        return True
    raise BadRequest(_("%(name)s must be true or false.") % {"name": name})


def _uuid(value: str) -> uuid.UUID | None:
    try:
        return uuid.UUID(value)
    except (ValueError, AttributeError):
        return None


def _count(request: HttpRequest, queryset: QuerySet) -> int:
    """How many rows the question has: counting all published activities was most of a page's
    SQL time (issue #24), and every page of one question asks the same. Kept with the public
    data's version (a saved activity or organisation sets a new one), so it is exact; the
    directory's "confirmed lately" follows the clock, which the cache's timeout (120 s) covers,
    as for the public pages.

    The key is the question (the endpoint and the parameters that shape its rows: `search`,
    `organization_id`), not the query's SQL: the SQL holds that clock's cut-off to the
    microsecond, so no two requests ever shared a count."""
    question = "\x00".join(
        [
            request.resolver_match.view_name if request.resolver_match else request.path,
            request.GET.get("search", "")[:200],
            request.GET.get("organization_id", "").strip(),
        ]
    )
    digest = hashlib.sha256(question.encode(errors="surrogatepass")).hexdigest()
    key = f"hsds-count:{timezone.localdate().isoformat()}:{digest}"
    count, version = PUBLIC_PAGES.get(key)
    if count is None:
        count = queryset.count()
        PUBLIC_PAGES.set(key, version, count)
    return count


def _page(
    request: HttpRequest, queryset: QuerySet, item: Callable[[Any], dict[str, Any]]
) -> dict[str, Any]:
    """The HSDS page envelope: a count query, then one page of rows (plus its prefetches)."""
    number = _positive_int(request, "page", 1)
    per_page = min(_positive_int(request, "per_page", DEFAULT_PER_PAGE), MAX_PER_PAGE)
    paginator = Paginator(queryset, per_page)
    paginator.count = _count(request, queryset)
    try:
        page = paginator.page(number)
    except EmptyPage:
        raise BadRequest(
            _("There is no page %(number)s; the last page is %(last)s.")
            % {"number": number, "last": paginator.num_pages}
        ) from None
    contents = [item(obj) for obj in page.object_list]
    return {
        "total_items": paginator.count,
        "total_pages": paginator.num_pages,
        "page_number": number,
        "size": len(contents),
        "first_page": not page.has_previous(),
        "last_page": not page.has_next(),
        "empty": paginator.count == 0,
        "contents": contents,
    }


def _handles_bad_requests(view):
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except BadRequest as error:
            return _error(400, str(error))

    return require_safe(wrapper)


# -- what is published, in a fixed number of queries ----------------------------------------------


def _services() -> QuerySet[Activity]:
    """Active activities of verified organisations with what a list item shows."""
    return (
        selectors.directory_activities()
        .prefetch_related(None)
        .prefetch_related("target_groups")
        .order_by(reader_order("title", "nb"), "pk")  # as HSDS names them
    )


def _full_services() -> QuerySet[Activity]:
    return _services().prefetch_related(
        "languages",
        Prefetch("schedules", queryset=ActivitySchedule.objects.order_by("weekday", "starts_at")),
    )


def _organizations() -> QuerySet[Organization]:
    return selectors.with_public_parent_uuid(
        selectors.directory_organizations().prefetch_related(None).order_by("name", "pk")
    )


def _full_organizations() -> QuerySet[Organization]:
    activities = (
        Activity.objects.filter(is_active=True)
        .select_related("municipality")  # the currency of the price
        .prefetch_related("target_groups")
        .order_by(reader_order("title", "nb"), "pk")  # as HSDS names them
    )
    return _organizations().prefetch_related(
        "municipalities", Prefetch("activities", queryset=activities)
    )


def _search(request: HttpRequest, queryset: QuerySet) -> QuerySet:
    value = request.GET.get("search", "")[:200]
    if "\x00" in value:  # PostgreSQL refuses NUL in text: a 400, not a 500
        raise BadRequest(_("search cannot contain null characters."))
    return selectors.text_search(queryset, value)


# -- endpoints ------------------------------------------------------------------------------------


@public_page("hsds-root", conditional=True, for_everyone=True)
@_handles_bad_requests
def root(request):  # hsds:root
    return _json(hsds.api_root())


@public_page("hsds-organization_list", conditional=True, for_everyone=True)
@_handles_bad_requests
def organization_list(request):  # hsds:organization_list
    if _flag(request, "full"):
        queryset = _full_organizations()

        def item(organization):
            return hsds.organization_full(
                organization, absolute=absolute_url, activities=organization.activities.all()
            )
    else:
        queryset = _organizations()

        def item(organization):
            return hsds.organization_list_item(organization, absolute=absolute_url)

    return _json(_page(request, _search(request, queryset), item))


@public_page("hsds-organization_detail", conditional=True, for_everyone=True)
@_handles_bad_requests
def organization_detail(request, object_id):  # hsds:organization_detail
    key = _uuid(object_id)
    organization = _full_organizations().filter(uuid=key).first() if key else None
    if organization is None:
        return _not_found()
    return _json(
        hsds.organization_full(
            organization,
            absolute=absolute_url,
            activities=organization.activities.all(),
        )
    )


@public_page("hsds-service_list", conditional=True, for_everyone=True)
@_handles_bad_requests
def service_list(request):  # hsds:service_list
    if _flag(request, "full"):
        queryset = _full_services()
        today = timezone.localdate()

        def item(activity):
            return hsds.service_full(activity, absolute=absolute_url, today=today)
    else:
        queryset = _services()

        def item(activity):
            return hsds.service_list_item(activity, absolute=absolute_url)

    organization_id = request.GET.get("organization_id", "").strip()
    if organization_id:
        key = _uuid(organization_id)
        if key is None:
            raise BadRequest(_("organization_id must be a UUID."))
        queryset = queryset.filter(organization__uuid=key)
    return _json(_page(request, _search(request, queryset), item))


@public_page("hsds-service_detail", conditional=True, for_everyone=True)
@_handles_bad_requests
def service_detail(request, object_id):  # hsds:service_detail
    key = _uuid(object_id)
    activity = _full_services().filter(uuid=key).first() if key else None
    if activity is None:
        return _not_found()
    return _json(hsds.service_full(activity, absolute=absolute_url, today=timezone.localdate()))

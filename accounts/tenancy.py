"""The tenant context: the municipality a staff user acts in, resolved once per request.

A user who is a coordinator or caseworker of municipalities (the "staff municipalities") acts
in one of them at a time, the *active municipality*. It is kept in the session, switched
explicitly with the header's form (`switch_municipality`, POST), and defaults to the first by
name. `TenantMiddleware` puts a lazy `Tenant` on every request as `request.tenant`: nothing is
read before a view, form or template asks, and then at most one query (the staff
municipalities; the roles themselves come from `accounts.selectors.user_roles`, cached on the
user). Everything that creates or lists something *for a municipality* (agreements and needs,
grant schemes and help slots, meetings, announcements, persons, the overview) takes
`request.tenant.municipality`, never a municipality of its own choosing.

Objects that already belong to a municipality (an agreement, a meeting, a referral) keep
theirs: their pages are reached by their own id and scoped by the selectors, whatever is active.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.functional import cached_property
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from accounts.models import Municipality
from accounts.selectors import user_roles

if TYPE_CHECKING:
    from collections.abc import Iterable

SESSION_KEY = "active_municipality"


class Tenant:
    """Which municipality the request acts in. Lazy: each property is computed once."""

    def __init__(self, request: HttpRequest):
        self._request = request

    @cached_property
    def municipalities(self) -> list[Municipality]:
        """The user's staff municipalities (coordinator, caseworker or leader), by name; one
        query."""
        user = getattr(self._request, "user", None)
        if user is None:
            return []
        roles = user_roles(user)
        ids = roles.municipalities | roles.leader_of  # a leader acts in theirs for the overview
        if not ids:
            return []
        return list(
            Municipality.objects.filter(pk__in=ids)
            .only("name", "slug", "country", "default_language", "accent_color", "logo")
            .order_by("name")
        )

    def preload(self, municipalities: Iterable[Municipality]) -> None:
        """Use a list a view has already loaded (the user's staff municipalities, by name)."""
        if "municipalities" not in self.__dict__:
            self.__dict__["municipalities"] = list(municipalities)

    @cached_property
    def municipality(self) -> Municipality | None:
        """The active municipality: the one chosen in this session if it is still the user's,
        else the first by name; None for a user who is staff nowhere."""
        municipalities = self.municipalities
        if not municipalities:
            return None
        session = getattr(self._request, "session", None)
        chosen = session.get(SESSION_KEY) if session is not None else None
        for municipality in municipalities:
            if municipality.pk == chosen:
                return municipality
        return municipalities[0]

    @property
    def can_switch(self) -> bool:
        """The header's switcher is shown to staff of two or more municipalities."""
        return len(self.municipalities) > 1


class TenantMiddleware:
    """Puts `request.tenant` on every request (after authentication and the session)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.tenant = Tenant(request)
        return self.get_response(request)


@login_required
@require_POST
def switch_municipality(request: HttpRequest) -> HttpResponse:
    """Make another of the user's staff municipalities the active one. A municipality the user
    is not staff in, or that does not exist, is a 404 and changes nothing."""
    slug = request.POST.get("municipality", "")
    chosen = next((m for m in request.tenant.municipalities if m.slug == slug), None)
    if chosen is None:
        raise Http404
    request.session[SESSION_KEY] = chosen.pk
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        target = "dashboard"
    return redirect(target)

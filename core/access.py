"""Load, then check: the one way a view gets an object (Zulip's `access_stream_by_id` idea).

Each app's selectors.py has one access function per model (`access_<model>`) built on these: a
read scoped to the user, then a rule of accounts/permissions.py. Missing and forbidden are the
same 404, so a page never tells that another tenant's object exists. Views call the access
functions, never `get_object_or_404` on a queryset of their own (tests/test_permission_layer.py)."""

from django.http import Http404
from django.shortcuts import get_object_or_404


def get_or_404(queryset, **lookup):
    """The object from `queryset` (already scoped to who asks, or a child set of an object the
    user was already given), or 404."""
    return get_object_or_404(queryset, **lookup)


def get_permitted_or_404(queryset, *, user, perm: str, on=None, **lookup):
    """The object from `queryset` (a selector's, already scoped to `user`) if `user` has `perm`
    on it, or on `on(object)`; 404 otherwise."""
    found = get_object_or_404(queryset, **lookup)
    if not user.has_perm(perm, on(found) if on else found):
        raise Http404
    return found

"""The action-view pattern: call a service; a refusal it explains (a ValidationError) is shown to
the user instead of a 500, on the form or as a message on the next page.

Write the success path inside the block; when the service refuses, the rest of the block is
skipped and the view goes on after it:

    with errors_to_form(form):
        person = services.person_register(by=request.user, **form.service_fields())
        messages.success(request, _("The person is registered."))
        return redirect(person)
    return render(request, "referrals/person_form.html", {"form": form})

Only ValidationError is caught: a PermissionDenied still gives the 403/404 it always gave."""

from collections.abc import Iterator
from contextlib import contextmanager

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404

from core.forms import apply_errors


@contextmanager
def errors_to_form(form, renamed: dict[str, str] | None = None) -> Iterator[None]:
    """A ValidationError in the block lands on `form`, next to the field it is about."""
    try:
        yield
    except ValidationError as error:
        apply_errors(form, error, renamed)


@contextmanager
def errors_to_messages(request) -> Iterator[None]:
    """A ValidationError in the block becomes an error message on the next page."""
    try:
        yield
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))


def get_permitted_or_404(queryset, *, user, perm: str, on=None, **lookup):
    """Load, then check: the object from `queryset` (a selector's, already scoped to `user`) if
    `user` has `perm` on it, or on `on(object)`. Missing and forbidden are the same 404, so a
    page never tells that another tenant's object exists."""
    found = get_object_or_404(queryset, **lookup)
    if not user.has_perm(perm, on(found) if on else found):
        raise Http404
    return found

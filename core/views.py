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

from core.access import get_permitted_or_404
from core.forms import apply_errors

__all__ = ["errors_to_form", "errors_to_messages", "get_permitted_or_404"]


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

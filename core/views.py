"""The action-view pattern: call a service; a refusal it explains (a ValidationError) is shown to
the user instead of a 500, on the form or as a message on the next page.

Write the success path inside the block; when the service refuses, the rest of the block is
skipped and the view goes on after it:

    with errors_to_form(form):
        person = services.person_register(by=request.user, **form.service_fields())
        messages.success(request, _("The person is registered."))
        return redirect(person)
    return render(request, "referrals/person_form.html", {"form": form})

Only ValidationError is caught: a PermissionDenied still gives the 403/404 it always gave.

`confirm_then` is the ask-first pattern: a GET shows the question, a POST does it."""

from collections.abc import Callable, Iterator
from contextlib import contextmanager

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from core.access import get_permitted_or_404
from core.forms import apply_errors

__all__ = [
    "address_of_pk",
    "confirm_then",
    "errors_to_form",
    "errors_to_messages",
    "get_permitted_or_404",
]


def address_of_pk(name: str) -> Callable[[int], str]:
    """A function giving the address of URL `name` for any primary key, from one reverse(): for
    pages that link hundreds of objects (a reverse() each was a large share of their time)."""
    marker = "2147483647"
    prefix, suffix = reverse(name, args=[int(marker)]).split(marker, 1)
    return lambda pk: f"{prefix}{pk}{suffix}"


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


def confirm_then(
    request,
    *,
    act: Callable[[], object],
    done: str,
    next_url: str,
    template: str,
    context: dict | None = None,
) -> HttpResponse:
    """Ask first, then act: a GET (or HEAD) renders `template`, the question with a button; a POST
    calls `act` (the service: the one place the action happens), says `done` and goes on to
    `next_url` (an address or a URL name). The view has loaded the object through its access
    function before: whoever may not act never sees the question either."""
    if request.method == "POST":
        act()
        messages.success(request, done)
        return redirect(next_url)
    return render(request, template, context or {})

"""The municipality's staff page for its coordinators: roles, last sign-in, change, remove."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.staff import selectors
from accounts.staff.forms import ChangeRoleForm
from accounts.staff.services import (
    municipality_membership_change_role,
    municipality_membership_remove,
)
from core.views import errors_to_messages


def _municipality_for(request: HttpRequest, slug: str):
    municipality = selectors.municipality_by_slug(slug)
    if municipality is None or not request.user.has_perm("accounts.manage_staff", municipality):
        raise Http404
    return municipality


def _membership_for(municipality, pk: int):
    membership = selectors.staff_membership(municipality, pk)
    if membership is None:
        raise Http404
    return membership


@login_required
def staff(request: HttpRequest, slug: str) -> HttpResponse:
    municipality = _municipality_for(request, slug)
    memberships = list(selectors.staff_of(municipality))
    return render(
        request,
        "accounts/staff.html",
        {
            "municipality": municipality,
            "memberships": memberships,
            "change_form": ChangeRoleForm(),
            "log": list(selectors.staff_log(municipality)),
        },
    )


@login_required
@require_POST
def change_role(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    municipality = _municipality_for(request, slug)
    membership = _membership_for(municipality, pk)
    form = ChangeRoleForm(request.POST)
    if form.is_valid():
        with errors_to_messages(request):
            municipality_membership_change_role(
                membership=membership, role=form.cleaned_data["role"], by=request.user
            )
            messages.success(request, _("The role is changed."))
    else:
        messages.error(request, _("Choose one of the roles."))
    return redirect("accounts:staff", slug=slug)


@login_required
def remove(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """Asks first (GET), removes on POST."""
    municipality = _municipality_for(request, slug)
    membership = _membership_for(municipality, pk)
    if request.method == "POST":
        with errors_to_messages(request):
            municipality_membership_remove(membership=membership, by=request.user)
            messages.success(
                request,
                _("%(name)s no longer has the role %(role)s here.")
                % {"name": membership.user, "role": membership.get_role_display()},
            )
        return redirect("accounts:staff", slug=slug)
    return render(
        request,
        "accounts/staff_remove.html",
        {"municipality": municipality, "membership": membership},
    )

"""The municipality's staff page for its coordinators: roles, last sign-in, change, remove."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from accounts.staff import selectors
from accounts.staff.forms import ChangeRoleForm, InviteForm
from accounts.staff.services import (
    municipality_membership_change_role,
    municipality_membership_remove,
    staff_invitation_accept,
    staff_invitation_create,
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
            "invite_form": InviteForm(),
            "invitations": list(selectors.open_invitations(municipality)),
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


@login_required
@require_POST
def invite(request: HttpRequest, slug: str) -> HttpResponse:
    """Invite somebody by e-mail to a staff role (the e-mail goes through the outbox)."""
    municipality = _municipality_for(request, slug)
    form = InviteForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give an e-mail address and choose one of the roles."))
        return redirect("accounts:staff", slug=slug)
    with errors_to_messages(request):
        staff_invitation_create(
            municipality=municipality,
            email=form.cleaned_data["email"],
            role=form.cleaned_data["role"],
            by=request.user,
        )
        messages.success(
            request,
            _("The invitation is on its way to %(email)s.") % {"email": form.cleaned_data["email"]},
        )
    return redirect("accounts:staff", slug=slug)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def invitation(request: HttpRequest, token) -> HttpResponse:
    """The link in a staff invitation: sign in (or create an account with the invited address,
    or use the municipality's sign-in service), then accept."""
    invitation = selectors.access_staff_invitation(token)
    if request.method == "POST":
        with errors_to_messages(request):
            staff_invitation_accept(invitation=invitation, by=request.user)
            messages.success(
                request,
                _("You are now %(role)s in %(municipality)s.")
                % {"role": invitation.get_role_display(), "municipality": invitation.municipality},
            )
            return redirect("home")
        return redirect(request.path)
    return render(request, "accounts/staff_invitation.html", {"invitation": invitation})

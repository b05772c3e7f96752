"""What the floors below tell the outbox: a first verified address (allauth) and a new staff
role (`accounts.signals.staff_role_given`) become notifications here, so that `accounts` never
imports the app above it."""

from allauth.account.signals import email_confirmed
from django.dispatch import receiver

from accounts.models import MunicipalityMembership, User
from accounts.signals import (
    notification_to_address_wanted,
    notification_wanted,
    staff_role_given,
)
from notifications.services import notification_schedule, notification_schedule_to_address


@receiver(email_confirmed)
def welcome_after_first_verification(sender, request, email_address, **kwargs):
    """The first verified address gets a welcome e-mail with what to do next (sent once)."""
    user = email_address.user
    if user.emailaddress_set.filter(verified=True).count() == 1:
        notification_schedule(
            recipient=user,
            kind="account_welcome",
            subject=user,
            due_at=user.date_joined.replace(microsecond=0),
        )


@receiver(staff_role_given, sender=MunicipalityMembership)
def tell_coordinators_of_new_role(sender, membership, by, now, **kwargs):
    """Every coordinator of the municipality, other than the giver and the new staff member,
    is told of the new role (`staff_role_added`)."""
    coordinators = User.objects.filter(
        is_active=True,
        municipality_memberships__municipality=membership.municipality,
        municipality_memberships__role=MunicipalityMembership.Role.COORDINATOR,
    ).exclude(pk__in=[membership.user_id] + ([by.pk] if by is not None else []))
    context = {
        "staff_name": str(membership.user),
        "staff_email": membership.user.email,
        "role": membership.role,
        "municipality_name": membership.municipality.name,
        "municipality_slug": membership.municipality.slug,
        "given_by_name": str(by) if by is not None else "",
    }
    for coordinator in coordinators:
        notification_schedule(
            recipient=coordinator,
            kind="staff_role_added",
            subject=membership,
            due_at=now,
            context=context,
        )


@receiver(notification_wanted)
def schedule_what_accounts_wants_sent(sender, recipient, kind, subject, due_at, context, **kwargs):
    """Staff management's messages (`staff_changed`, `staff_role_lapse_warning`), scheduled in the
    sender's transaction like any other notification."""
    notification_schedule(
        recipient=recipient, kind=kind, subject=subject, due_at=due_at, context=context
    )


@receiver(notification_to_address_wanted)
def schedule_what_accounts_wants_sent_to_an_address(
    sender, email, language, kind, subject, due_at, context, **kwargs
):
    """A staff invitation (`staff_invitation`) to somebody who may have no account yet."""
    notification_schedule_to_address(
        email=email, language=language, kind=kind, subject=subject, due_at=due_at, context=context
    )

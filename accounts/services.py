"""Business actions on accounts and the notification outbox."""

from __future__ import annotations

import logging
from datetime import datetime, timedelta
from smtplib import SMTPException
from typing import Any

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import IntegrityError, models, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from accounts.languages import language_for
from accounts.models import (
    Municipality,
    MunicipalityMembership,
    Notification,
    NotificationSettings,
    User,
)
from accounts.notification_kinds import GROUPS, EmailMode
from accounts.selectors import forget_roles

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 6


def user_update_profile(*, user: User, full_name: str, preferred_language: str) -> User:
    user.full_name = full_name
    user.preferred_language = preferred_language
    user.save(update_fields=["full_name", "preferred_language"])
    return user


def user_set_language(*, user: User, language: str) -> None:
    if language in dict(settings.LANGUAGES) and user.preferred_language != language:
        user.preferred_language = language
        user.save(update_fields=["preferred_language"])


# -- staff roles in a municipality ------------------------------------------------------------


def staff_role_refusal(
    *, by: User, user: User, municipality: Municipality, role: str
) -> str | None:
    """Why `by` may not give `user` this role in `municipality`, or None when they may.

    A municipality's coordinators give its staff roles. A platform admin gives only the first
    coordinator of a municipality that has none (someone has to start). Nobody gives a role to
    themselves: not a coordinator, not a platform admin."""
    if by.pk == user.pk:
        return _("Nobody can give themselves a role. Ask a coordinator of the municipality.")
    if by.has_perm("accounts.add_staff_role", municipality):
        return None
    if role == MunicipalityMembership.Role.COORDINATOR and by.has_perm(
        "accounts.add_first_coordinator", municipality
    ):
        return None
    if by.has_perm("accounts.use_admin_site"):
        return _(
            "%(municipality)s has a coordinator: its coordinators give its staff roles. "
            "A platform admin gives only the first coordinator of a municipality."
        ) % {"municipality": municipality}
    return _("Only the coordinators of %(municipality)s give its staff roles.") % {
        "municipality": municipality
    }


@transaction.atomic
def municipality_membership_create(
    *,
    municipality: Municipality,
    user: User,
    role: str,
    by: User | None,
    now: datetime | None = None,
) -> MunicipalityMembership:
    """Give `user` a staff role (coordinator or caseworker) in `municipality`: the one way a
    role is given (the admin, the coordinator's staff page, demo data).

    Who may give it: see `staff_role_refusal`. `by=None` is the command line (demo data), whose
    user holds the server already. Every coordinator of the municipality, other than the giver
    and the new staff member, is told of the new role.
    """
    # One at a time per municipality: two platform admins cannot both add "the first" coordinator.
    municipality = Municipality.objects.select_for_update().get(pk=municipality.pk)
    if role not in MunicipalityMembership.Role.values:
        raise ValidationError({"role": _("Choose coordinator or caseworker.")})
    if by is not None:
        refusal = staff_role_refusal(by=by, user=user, municipality=municipality, role=role)
        if refusal:
            raise PermissionDenied(refusal)
    if not user.is_active:
        raise ValidationError({"user": _("%(name)s's account is closed.") % {"name": user}})
    if MunicipalityMembership.objects.filter(
        user=user, municipality=municipality, role=role
    ).exists():
        raise ValidationError({"user": _("%(name)s already has this role here.") % {"name": user}})
    membership = MunicipalityMembership.objects.create(
        user=user, municipality=municipality, role=role
    )
    forget_roles(user)
    _notify_coordinators_of_new_role(membership, by=by, now=now or timezone.now())
    return membership


def _notify_coordinators_of_new_role(
    membership: MunicipalityMembership, *, by: User | None, now: datetime
) -> None:
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


def notification_schedule(
    *,
    recipient: User,
    kind: str,
    subject: models.Model,
    due_at: datetime,
    context: dict[str, Any] | None = None,
) -> Notification:
    """Store a notification once. Scheduling the same one again returns the stored row.

    `kind` names the e-mail templates: `emails/<kind>_subject.txt`, `<kind>.txt`, `<kind>.html`.
    `context` holds plain JSON values (ids, titles), never personal data about refugees.
    """
    subject_type = ContentType.objects.get_for_model(subject)
    key = {
        "recipient": recipient,
        "kind": kind,
        "subject_type": subject_type,
        "subject_id": subject.pk,
        "due_at": due_at,
    }
    try:
        with transaction.atomic():
            notification, _created = Notification.objects.get_or_create(
                **key, defaults={"context": context or {}}
            )
    except IntegrityError:  # created by someone else between our read and our write
        notification = Notification.objects.get(**key)
    return notification


def notifications_send_due(*, now: datetime, batch_size: int = 500) -> int:
    """Send each due notification once; safe to run twice or in two workers at the same time.

    Each row is locked (`SKIP LOCKED`), sent and marked sent in one transaction, so a second
    run never picks it up again. The narrow window that remains is at-least-once: if the worker
    dies after the mail server accepted the message but before the commit, the row is sent again
    with the same Message-ID, which lets receivers drop the duplicate.
    """
    sent = 0
    # One connection to the mail server for the whole batch (a new TLS session per message
    # would cost more than everything else here); reopened after a failure.
    connection = get_connection()
    subjects = _subjects_of_next_due(now=now, limit=batch_size)
    try:
        for _ in range(batch_size):
            outcome = _send_next_due(now=now, connection=connection, subjects=subjects)
            if outcome is None:
                break
            sent += outcome == "sent"
    finally:
        connection.close()
    return sent


def _send_next_due(*, now: datetime, connection, subjects: dict) -> str | None:
    """Handle one due notification in its own transaction: "sent", "held" (in-app only, left for
    the digest, or failed and backed off), or None when nothing is due."""
    with transaction.atomic():
        notification = (
            _due(now)
            .select_for_update(skip_locked=True, of=("self",))
            .select_related("recipient", "recipient__notification_settings")
            .first()
        )
        if notification is None:
            return None
        mode = _email_mode(notification)
        if mode == EmailMode.OFF:  # shown in the notification centre only
            notification.sent_at = now
            notification.channel = Notification.Channel.IN_APP
            notification.save(update_fields=["sent_at", "channel"])
            return "held"
        if mode == EmailMode.DIGEST:  # left for the evening digest
            notification.channel = Notification.Channel.DIGEST
            notification.save(update_fields=["channel"])
            return "held"
        notification.attempts += 1
        try:
            _subject_of(notification, subjects)
            _deliver(notification, connection=connection)
        except (SMTPException, OSError) as error:  # one bad address must not block the rest
            logger.warning("notification %s not sent: %s", notification.pk, error)
            connection.close()  # the next message opens a fresh connection
            notification.last_error = str(error)[:200]
            notification.due_at = now + timedelta(minutes=2**notification.attempts)
            notification.save(update_fields=["attempts", "last_error", "due_at"])
            return "held"
        notification.sent_at = now
        notification.channel = Notification.Channel.EMAIL
        notification.save(update_fields=["attempts", "sent_at", "channel"])
    return "sent"


def _due(now: datetime):
    return (
        Notification.objects.filter(
            sent_at__isnull=True, due_at__lte=now, attempts__lt=MAX_ATTEMPTS
        )
        .exclude(channel=Notification.Channel.DIGEST)
        .order_by("due_at", "pk")
    )


def _subjects_of_next_due(*, now: datetime, limit: int) -> dict:
    """The subjects (meetings, agreements ...) of the next `limit` due notifications, keyed by
    (type id, id): one query per type, with what their e-mails show of related rows
    (`notification_related` on the model, such as a meeting's venue). Reminders of one meeting
    go to all its participants: a batch loads the meeting once, not once per message. A batch
    takes seconds, so what a message shows is as fresh as its batch."""
    wanted: dict[int, set[int]] = {}
    for type_id, subject_id in _due(now).values_list("subject_type_id", "subject_id")[:limit]:
        wanted.setdefault(type_id, set()).add(subject_id)
    subjects = {}
    for type_id, ids in wanted.items():
        model = ContentType.objects.get_for_id(type_id).model_class()
        if model is None:  # a type that no longer exists: such rows fail when sent, as before
            continue
        queryset = model._base_manager.select_related(*getattr(model, "notification_related", ()))
        subjects.update({(type_id, pk): obj for pk, obj in queryset.in_bulk(ids).items()})
    return subjects


def _subject_of(notification: Notification, subjects: dict) -> None:
    """Give `notification` its subject from `subjects` (loading and keeping it when the batch
    did not foresee it: another worker took the rows it looked at)."""
    key = (notification.subject_type_id, notification.subject_id)
    if key not in subjects:
        subjects[key] = notification.subject
    else:
        notification.subject = subjects[key]


def _email_mode(notification: Notification) -> str:
    try:
        preferences = notification.recipient.notification_settings
    except NotificationSettings.DoesNotExist:
        return EmailMode.IMMEDIATE
    return preferences.mode_for(notification.kind)


def notifications_purge_sent(*, now: datetime, older_than: timedelta = timedelta(days=90)) -> int:
    deleted, _per_model = Notification.objects.filter(sent_at__lt=now - older_than).delete()
    return deleted


def _deliver(notification: Notification, *, connection=None) -> None:
    recipient = notification.recipient
    context = {
        **notification.context,
        "recipient": recipient,
        "notification": notification,
        "site_url": settings.SITE_URL,
        "settings_url": _settings_url(),
    }
    with translation.override(language_for(recipient)):
        subject = render_to_string(f"emails/{notification.kind}_subject.txt", context)
        text = render_to_string(f"emails/{notification.kind}.txt", context)
        html = render_to_string(f"emails/{notification.kind}.html", context)
    message = EmailMultiAlternatives(
        subject=" ".join(subject.split()),
        body=text,
        to=[recipient.email],
        headers={"Message-ID": notification.message_id},
        connection=connection,
    )
    message.attach_alternative(html, "text/html")
    message.send()


def _settings_url() -> str:
    return settings.SITE_URL + reverse("notifications:settings")


# -- the notification centre ------------------------------------------------------------------


def notification_mark_read(*, notification: Notification, now: datetime) -> Notification:
    if notification.read_at is None:
        Notification.objects.filter(pk=notification.pk, read_at__isnull=True).update(read_at=now)
        notification.read_at = now
    return notification


def notifications_mark_all_read(*, user: User, now: datetime) -> int:
    """Marks read what the user can see now (notifications that are due)."""
    return Notification.objects.filter(
        recipient=user, read_at__isnull=True, due_at__lte=now
    ).update(read_at=now)


def notification_settings_update(
    *, user: User, email_modes: dict[str, str], preferred_language: str
) -> NotificationSettings:
    """Store the e-mail mode per group (unknown groups and modes are dropped) and the language."""
    modes = {
        group: mode
        for group, mode in email_modes.items()
        if group in GROUPS and mode in EmailMode.values
    }
    preferences, _created = NotificationSettings.objects.update_or_create(
        user=user, defaults={"email_modes": modes}
    )
    if preferred_language == "" or preferred_language in dict(settings.LANGUAGES):
        user.preferred_language = preferred_language
        user.save(update_fields=["preferred_language"])
    return preferences


# -- the evening digest -----------------------------------------------------------------------


def notifications_send_digests(*, now: datetime) -> int:
    """One e-mail per person with every notification routed to their digest; returns how many.

    Per person, their waiting rows are locked (`SKIP LOCKED`), sent as one e-mail and marked sent
    in one transaction: a second run, at once or later, finds nothing left to send for them.
    A failure leaves the rows for the next run.
    """
    recipient_ids = list(
        Notification.objects.filter(
            channel=Notification.Channel.DIGEST, sent_at__isnull=True, due_at__lte=now
        )
        .order_by()
        .values_list("recipient_id", flat=True)
        .distinct()
    )
    sent = 0
    for recipient_id in recipient_ids:
        with transaction.atomic():
            # One run per person at a time: whoever locks the person's row sends their digest.
            # (Locking the notification rows alone with SKIP LOCKED could split one person's
            # rows between two runs, and send two digests.)
            if not list(
                User.objects.select_for_update(skip_locked=True)
                .filter(pk=recipient_id)
                .values_list("pk", flat=True)
            ):
                continue
            rows = list(
                Notification.objects.select_for_update(skip_locked=True, of=("self",))
                .select_related("recipient")
                .prefetch_related("subject")
                .filter(
                    recipient_id=recipient_id,
                    channel=Notification.Channel.DIGEST,
                    sent_at__isnull=True,
                    due_at__lte=now,
                )
                .order_by("due_at", "pk")
            )
            if not rows:  # another run holds them, or has just sent them
                continue
            try:
                _deliver_digest(rows)
            except (SMTPException, OSError) as error:
                logger.warning("digest for user %s not sent: %s", recipient_id, error)
                continue
            Notification.objects.filter(pk__in=[row.pk for row in rows]).update(sent_at=now)
            sent += 1
    return sent


def _deliver_digest(rows: list[Notification]) -> None:
    from accounts.notification_text import notification_open_url, notification_title

    recipient = rows[0].recipient
    with translation.override(language_for(recipient)):
        items = [
            {
                "title": notification_title(row),
                "url": settings.SITE_URL + notification_open_url(row),
            }
            for row in rows
        ]
        context = {
            "recipient": recipient,
            "items": items,
            "site_url": settings.SITE_URL,
            "notifications_url": settings.SITE_URL + reverse("notifications:list"),
            "settings_url": _settings_url(),
        }
        subject = render_to_string("emails/digest_subject.txt", context)
        text = render_to_string("emails/digest.txt", context)
        html = render_to_string("emails/digest.html", context)
    message = EmailMultiAlternatives(
        subject=" ".join(subject.split()),
        body=text,
        to=[recipient.email],
        headers={"Message-ID": f"<digest-{rows[0].pk}-{rows[-1].pk}@brobygger.invalid>"},
    )
    message.attach_alternative(html, "text/html")
    message.send()


@transaction.atomic
def user_enable_totp(*, user: User, secret: str) -> None:
    """Turn on TOTP with a known secret, and recovery codes (demo data and tests)."""
    from allauth.mfa.models import Authenticator
    from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
    from allauth.mfa.totp.internal.auth import TOTP

    if not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists():
        TOTP.activate(user, secret)
    if not Authenticator.objects.filter(user=user, type=Authenticator.Type.RECOVERY_CODES).exists():
        RecoveryCodes.activate(user)

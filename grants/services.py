"""Business actions on grant schemes, follows, applications, draft review and help slots.

Keyword-only, one transaction each; permissions asked of `accounts/permissions.py`; reminders
only create outbox rows (`notifications.services.notification_schedule`)."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from accounts.selectors import coordinators_of
from core.validation import required_text
from grants import deadlines
from grants.models import (
    Application,
    Attachment,
    ChecklistItem,
    DraftComment,
    DraftReply,
    DraftVersion,
    Follow,
    HelpSlot,
    Scheme,
    report_overdue,
)
from notifications.services import notification_schedule, notification_schedule_each
from organizations.models import Organization
from organizations.selectors import admins_and_contacts

if TYPE_CHECKING:
    from accounts.models import Municipality, User

REMINDER_DAYS = (30, 7)
REPORT_REMINDER_DAYS = 14
REPORT_OVERDUE_LOOKBACK_DAYS = 30
REMINDER_HOUR = 9


def _morning(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour=REMINDER_HOUR)))


def _about(application: Application, **more) -> dict:
    """What a notification about an application says: its title and its address, and `more`."""
    return {"title": application.title, "url": application.get_absolute_url(), **more}


def _editors(organization_id: int) -> list[User]:
    return admins_and_contacts(organization_id, active_only=True)


def _check_rules(fields: dict[str, Any]) -> None:
    errors = {}
    for name in ("deadline_rule", "window_opens_rule", "report_rule"):
        if fields.get(name):
            try:
                fields[name] = deadlines.normalize(fields[name])
            except deadlines.RuleError as error:
                errors[name] = str(error)
    low, high = fields.get("amount_min"), fields.get("amount_max")
    if low is not None and high is not None and low > high:
        errors["amount_max"] = _("The largest amount must be at least the smallest amount.")
    if errors:
        raise ValidationError(errors)


# -- schemes ------------------------------------------------------------------------------------


@transaction.atomic
def scheme_save(
    *, by: User, scheme: Scheme | None, municipality: Municipality | None, fields: dict[str, Any]
) -> Scheme:
    """A new scheme of the municipality (by one of its coordinators), or an edit of one."""
    if scheme is None:
        if not by.has_perm("grants.create_scheme", municipality):
            raise PermissionDenied
        scheme = Scheme(municipality=municipality, country=municipality.country, created_by=by)
    elif not by.has_perm("grants.change_scheme", scheme):
        raise PermissionDenied
    fields = dict(fields)
    meetings = fields.pop("information_meetings", None)
    _check_rules(fields)
    for name, value in fields.items():
        setattr(scheme, name, value)
    if not scheme.slug:
        scheme.slug = _unique_slug(scheme.name)
    scheme.full_clean(exclude=["slug"])
    scheme.save()
    if meetings is not None:
        scheme.information_meetings.set(meetings)
    return scheme


def _unique_slug(name: str) -> str:
    base = slugify(name)[:70] or "scheme"
    slug, number = base, 2
    while Scheme.objects.filter(slug=slug).exists():
        slug, number = f"{base}-{number}", number + 1
    return slug


@transaction.atomic
def scheme_follow(*, by: User, scheme: Scheme, organization: Organization) -> Follow:
    if not by.has_perm("grants.follow_scheme", organization):
        raise PermissionDenied
    if not scheme.is_published:
        raise ValidationError(_("Only a published scheme can be followed."))
    follow, _created = Follow.objects.get_or_create(
        scheme=scheme, organization=organization, defaults={"created_by": by}
    )
    return follow


@transaction.atomic
def scheme_unfollow(*, by: User, scheme: Scheme, organization: Organization) -> None:
    if not by.has_perm("grants.follow_scheme", organization):
        raise PermissionDenied
    Follow.objects.filter(scheme=scheme, organization=organization).delete()


def grant_reminders_schedule(*, now: datetime) -> int:
    """Daily: a reminder 30 and 7 days before each deadline of a followed scheme, to the
    following organisations' admins and contact persons, and one 14 days before a report is due.
    Reminders whose day has passed are not made; the outbox's unique key makes a second run
    schedule nothing new."""
    today = timezone.localdate(now)
    horizon = today + timedelta(
        days=max(REMINDER_DAYS) + 7
    )  # a week ahead: a missed run is harmless
    count = 0
    follows = Follow.objects.filter(scheme__status=Scheme.Status.PUBLISHED).select_related("scheme")
    editors: dict[int, list[User]] = {}
    for follow in follows:
        for deadline in follow.scheme.rule.occurrences(today, horizon):
            for days in REMINDER_DAYS:
                reminder_day = deadline - timedelta(days=days)
                if reminder_day < today:
                    continue
                if follow.organization_id not in editors:
                    editors[follow.organization_id] = _editors(follow.organization_id)
                count += notification_schedule_each(
                    editors[follow.organization_id],
                    kind="grant_deadline",
                    subject=follow,
                    due_at=_morning(reminder_day),
                    context={
                        "scheme_id": follow.scheme_id,
                        "scheme_name": follow.scheme.name,
                        "scheme_url": follow.scheme.get_absolute_url(),
                        "deadline": deadline.isoformat(),
                        "days": days,
                    },
                )
    reports = Application.objects.filter(
        status__in=[
            Application.Status.GRANTED,
            Application.Status.PARTLY_GRANTED,
            Application.Status.REPORT_DUE,
        ],
        report_due_on__gte=today,
        report_due_on__lte=today + timedelta(days=REPORT_REMINDER_DAYS),
    )
    for application in reports:
        count += notification_schedule_each(
            _editors(application.organization_id),
            kind="grant_report_due",
            subject=application,
            due_at=_morning(max(today, application.report_due_on - timedelta(days=14))),
            context=_about(application, report_due_on=application.report_due_on.isoformat()),
        )
    count += _report_overdue_reminders(today)
    return count


def _report_overdue_reminders(today: date) -> int:
    """One reminder to the organisation's admins and contact persons the morning after a
    granted application's report deadline passed without a report. Its due time is fixed by the
    deadline, so the outbox's unique key keeps it to one however often this runs; deadlines
    more than `REPORT_OVERDUE_LOOKBACK_DAYS` ago are not raked up."""
    count = 0
    overdue = Application.objects.filter(
        report_overdue(today),
        report_due_on__gte=today - timedelta(days=REPORT_OVERDUE_LOOKBACK_DAYS),
    ).select_related("organization")
    for application in overdue:
        count += notification_schedule_each(
            _editors(application.organization_id),
            kind="grant_report_overdue",
            subject=application,
            due_at=_morning(application.report_due_on + timedelta(days=1)),
            context=_about(application, report_due_on=application.report_due_on.isoformat()),
        )
    return count


# -- applications -------------------------------------------------------------------------------


def _check_amounts(fields: dict[str, Any]) -> None:
    for name in ("amount_applied", "amount_granted"):
        value = fields.get(name)
        if value is not None and (value < 0 or value != round(value, 2)):
            raise ValidationError(
                {name: _("Write an amount of at least 0 with at most two decimals, like 25000.50.")}
            )


@transaction.atomic
def application_create(
    *, by: User, organization: Organization, scheme: Scheme, fields: dict[str, Any]
) -> Application:
    """A new application in the tracker, with the scheme's document checklist copied in."""
    if not by.has_perm("grants.add_application", organization):
        raise PermissionDenied
    fields = {k: v for k, v in fields.items() if k not in {"status", "amount_granted"}}
    _check_amounts(fields)
    application = Application(organization=organization, scheme=scheme, created_by=by, **fields)
    if not application.deadline:
        application.deadline = scheme.current_deadline(timezone.localdate())
    if not fields.get("currency"):
        application.currency = scheme.currency
    application.full_clean()
    application.save()
    ChecklistItem.objects.bulk_create(
        ChecklistItem(application=application, text=text[:300], position=number)
        for number, text in enumerate(scheme.required_documents)
        if text.strip()
    )
    return application


EDITABLE_FIELDS = ("title", "amount_applied", "currency", "deadline", "notes", "is_private")


@transaction.atomic
def application_update(
    *, by: User, application: Application, fields: dict[str, Any]
) -> Application:
    if not by.has_perm("grants.change_application", application):
        raise PermissionDenied
    _check_amounts(fields)
    for name in EDITABLE_FIELDS:
        if name in fields:
            setattr(application, name, fields[name])
    application.full_clean()
    application.save()
    return application


@transaction.atomic
def application_set_status(
    *,
    by: User,
    application: Application,
    status: str,
    on: date | None = None,
    amount_granted: Decimal | None = None,
    report_due_on: date | None = None,
) -> Application:
    """Move along the allowed transitions only (`Application.TRANSITIONS`)."""
    if not by.has_perm("grants.change_application", application):
        raise PermissionDenied
    application = Application.objects.select_for_update().get(pk=application.pk)
    labels = dict(Application.Status.choices)
    if status not in labels:
        raise ValidationError({"status": _("Choose a status from the list.")})
    if status not in application.TRANSITIONS[application.status]:
        allowed = ", ".join(str(labels[s]) for s in application.TRANSITIONS[application.status])
        message = _("An application that is “%(current)s” cannot become “%(new)s”.") % {
            "current": labels[application.status],
            "new": labels[status],
        }
        if allowed:
            message += " " + _("It can become: %(allowed)s.") % {"allowed": allowed}
        else:
            message += " " + _("It is finished.")
        raise ValidationError({"status": message})
    on = on or timezone.localdate()
    Status = Application.Status
    if status in (Status.GRANTED, Status.PARTLY_GRANTED):
        if amount_granted is None:
            raise ValidationError({"amount_granted": _("Write the amount you were granted.")})
        _check_amounts({"amount_granted": amount_granted})
        if (
            status == Status.PARTLY_GRANTED
            and application.amount_applied is not None
            and amount_granted >= application.amount_applied
        ):
            raise ValidationError(
                {
                    "amount_granted": _(
                        "Partly granted means less than you applied for (%(applied)s)."
                    )
                    % {"applied": application.amount_applied}
                }
            )
        application.amount_granted = amount_granted
        application.decided_on = on
        if report_due_on is None and application.scheme.report_rule:
            try:
                rule = deadlines.parse_rule(application.scheme.report_rule)
            except deadlines.RuleError:
                rule = deadlines.Rule()
            report_due_on = rule.next_on_or_after(on + timedelta(days=1))
        application.report_due_on = report_due_on or application.report_due_on
    elif status == Status.REJECTED:
        application.decided_on = on
    elif status == Status.SUBMITTED:
        application.submitted_on = on
    elif status == Status.REPORT_DUE:
        application.report_due_on = report_due_on or application.report_due_on
    elif status == Status.REPORTED:
        application.reported_on = on
    application.status = status
    application.save()
    return application


@transaction.atomic
def application_tick(*, by: User, item: ChecklistItem, done: bool) -> ChecklistItem:
    if not by.has_perm("grants.change_application", item.application):
        raise PermissionDenied
    item.done = done
    item.save(update_fields=["done"])
    return item


@transaction.atomic
def application_delete(*, by: User, application: Application) -> None:
    if not by.has_perm("grants.change_application", application):
        raise PermissionDenied
    for attachment in application.attachments.all():
        attachment.file.delete(save=False)
    application.delete()


@transaction.atomic
def attachment_add(*, by: User, application: Application, file, name: str = "") -> Attachment:
    if not by.has_perm("grants.change_application", application):
        raise PermissionDenied
    attachment = Attachment(
        application=application, file=file, name=(name or file.name)[:200], uploaded_by=by
    )
    attachment.full_clean()
    attachment.save()
    return attachment


@transaction.atomic
def attachment_delete(*, by: User, attachment: Attachment) -> None:
    if not by.has_perm("grants.change_application", attachment.application):
        raise PermissionDenied
    attachment.file.delete(save=False)
    attachment.delete()


# -- draft review ---------------------------------------------------------------------------------


@transaction.atomic
def application_save_draft(
    *, by: User, application: Application, text: str, new_version: bool = False, file=None
) -> Application:
    """Save the draft; `new_version` keeps the text so far (and the comments on it) as the
    previous version and starts the next one. A `file` is the draft uploaded as a document: it
    is kept with the attachments, named by its version."""
    if not by.has_perm("grants.change_application", application):
        raise PermissionDenied
    fields = ["draft_text", "updated_at"]
    # The stored text, not the instance's (a bound form has already put the new text on it).
    stored = Application.objects.select_for_update().only("draft_text", "draft_version")
    previous = stored.get(pk=application.pk)
    if new_version and previous.draft_text.strip():
        DraftVersion.objects.create(
            application=application,
            number=previous.draft_version,
            text=previous.draft_text,
            created_by=by,
        )
        application.draft_version = previous.draft_version + 1
        fields.append("draft_version")
    application.draft_text = text
    application.save(update_fields=fields)
    if file is not None:
        name = _("Draft, version %(number)s") % {"number": application.draft_version}
        attachment_add(by=by, application=application, file=file, name=f"{name} ({file.name})")
    return application


@transaction.atomic
def application_share_draft(
    *, by: User, application: Application, municipality: Municipality | None, now: datetime
) -> Application:
    """Share the draft (and attachments) with one of the organisation's municipalities'
    coordinators; None stops sharing."""
    if not by.has_perm("grants.change_application", application):
        raise PermissionDenied
    if municipality is not None:
        if not application.organization.municipalities.filter(pk=municipality.pk).exists():
            raise ValidationError(
                {"municipality": _("Choose a municipality your organisation is active in.")}
            )
        if not application.draft_text.strip():
            raise ValidationError({"municipality": _("Write the draft before you share it.")})
    application.shared_with = municipality
    application.shared_at = now if municipality else None
    application.save(update_fields=["shared_with", "shared_at", "updated_at"])
    if municipality is not None:
        notification_schedule_each(
            coordinators_of(municipality.pk),
            kind="grant_draft_shared",
            subject=application,
            due_at=now,
            context=_about(application, organization=application.organization.name),
        )
    return application


@transaction.atomic
def draft_comment_add(
    *, by: User, application: Application, section: int | None, body: str, now: datetime
) -> DraftComment:
    if not by.has_perm("grants.comment_draft", application):
        raise PermissionDenied
    body = required_text(body, "body", _("Write a comment."))
    sections = {s["number"]: s for s in application.sections()}
    if section is not None and section not in sections:
        raise ValidationError({"section": _("Choose a section of the draft.")})
    quote = ""
    if section is not None:
        found = sections[section]
        quote = (found["heading"] or found["body"])[:200]
    comment = DraftComment.objects.create(
        application=application,
        section=section,
        version=application.draft_version,
        quote=quote,
        body=body,
        author=by,
    )
    notification_schedule_each(
        _editors(application.organization_id),
        kind="grant_draft_comment",
        subject=comment,
        due_at=now,
        context=_about(application),
    )
    return comment


@transaction.atomic
def draft_comment_reply(*, by: User, comment: DraftComment, body: str, now: datetime) -> DraftReply:
    """An answer in a comment's thread. The coordinators who wrote in the thread are told when
    the organisation answers; the organisation's editors when a coordinator answers."""
    application = comment.application
    if not by.has_perm("grants.reply_draft_comment", application):
        raise PermissionDenied
    body = required_text(body, "body", _("Write an answer."))
    reply = DraftReply.objects.create(comment=comment, body=body, author=by)
    editors = _editors(application.organization_id)
    if by in editors:
        reviewers = {comment.author_id} | {
            r.author_id for r in comment.replies.all() if r.author_id not in {e.pk for e in editors}
        }
        recipients = list(get_user_model().objects.filter(pk__in=reviewers - {None, by.pk}))
    else:
        recipients = [e for e in editors if e.pk != by.pk]
    notification_schedule_each(
        recipients,
        kind="grant_draft_reply",
        subject=reply,
        due_at=now,
        context=_about(application, organization=application.organization.name),
    )
    return reply


@transaction.atomic
def draft_comment_resolve(
    *, by: User, comment: DraftComment, now: datetime, resolved: bool = True
) -> DraftComment:
    if not by.has_perm("grants.change_application", comment.application):
        raise PermissionDenied
    comment.resolved_at = now if resolved else None
    comment.resolved_by = by if resolved else None
    comment.save(update_fields=["resolved_at", "resolved_by"])
    return comment


# -- help slots -----------------------------------------------------------------------------------


@transaction.atomic
def help_slot_create(
    *, by: User, municipality: Municipality, fields: dict[str, Any], now: datetime
) -> HelpSlot:
    if not by.has_perm("grants.manage_help_slots", municipality):
        raise PermissionDenied
    meeting = fields.get("meeting")
    if meeting is not None and meeting.municipality_id != municipality.pk:
        raise ValidationError({"meeting": _("Choose a meeting of your municipality.")})
    if fields["starts_at"] <= now:
        raise ValidationError({"starts_at": _("Choose a time in the future.")})
    slot = HelpSlot(municipality=municipality, created_by=by, **fields)
    slot.full_clean()
    slot.save()
    return slot


@transaction.atomic
def help_slot_delete(*, by: User, slot: HelpSlot) -> None:
    if not by.has_perm("grants.change_help_slot", slot):
        raise PermissionDenied
    slot.delete()


@transaction.atomic
def help_slot_book(
    *,
    by: User,
    slot: HelpSlot,
    organization: Organization,
    topic: str,
    now: datetime,
    interpreter_language: str = "",
) -> HelpSlot:
    if not by.has_perm("grants.book_help_slot", organization):
        raise PermissionDenied
    slot = HelpSlot.objects.select_for_update().get(pk=slot.pk)
    if not organization.municipalities.filter(pk=slot.municipality_id).exists():
        raise ValidationError(_("This help time is for organisations in another municipality."))
    if not organization.is_verified_in(slot.municipality_id):
        raise ValidationError(
            _("This help time is for organisations the municipality has verified.")
        )
    if slot.is_booked:
        raise ValidationError(_("Someone has just booked this time. Choose another one."))
    if slot.starts_at <= now:
        raise ValidationError(_("This time has passed."))
    slot.organization = organization
    slot.topic = topic.strip()[:300]
    slot.interpreter_language = interpreter_language
    slot.booked_by = by
    slot.booked_at = now
    slot.save()
    if slot.created_by_id:
        notification_schedule(
            recipient=slot.created_by,
            kind="grant_help_booked",
            subject=slot,
            due_at=now,
            context={
                "organization": organization.name,
                "starts_at": slot.starts_at.isoformat(),
                "topic": slot.topic,
                "interpreter": str(slot.get_interpreter_language_display())
                if slot.interpreter_language
                else "",
            },
        )
    return slot


@transaction.atomic
def help_slot_cancel_booking(*, by: User, slot: HelpSlot) -> HelpSlot:
    organization = slot.organization
    if organization is None:
        return slot
    if not by.has_perm("grants.cancel_help_booking", slot):
        raise PermissionDenied
    slot.organization = None
    slot.topic = ""
    slot.booked_by = None
    slot.booked_at = None
    slot.save()
    return slot

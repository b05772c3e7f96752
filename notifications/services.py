"""The notification outbox: scheduling, delivery by each channel, the centre, the settings."""

from __future__ import annotations

import logging
import secrets
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from smtplib import SMTPException
from time import monotonic
from typing import Any

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, models, transaction
from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.translation import gettext as _

from accounts.languages import language_for
from accounts.models import Municipality, User
from accounts.selectors import coordinators_of, home_municipality, remember_roles
from core.time import zone_for
from notifications.kinds import GROUPS, EmailMode
from notifications.models import (
    Delivery,
    MobileVerification,
    Notification,
    NotificationSettings,
)
from notifications.phone import phone_normalise
from notifications.signals import notification_sent
from notifications.transports import (
    EmailTransport,
    SmsTransport,
    Transport,
    TransportError,
    email_message,
    municipality_of,
    other_channels,
    settings_url,
    transport,
)

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 6


def notification_schedule(
    *,
    recipient: User,
    kind: str,
    subject: models.Model,
    due_at: datetime,
    context: dict[str, Any] | None = None,
) -> Notification:
    """Store a notification once. Scheduling the same one again returns the stored row.

    `kind` names the e-mail templates: `emails/<kind>_subject.txt`, `<kind>.txt`, `<kind>.html`
    (and `sms/<kind>.txt` for a kind that may go by SMS).
    `context` holds plain JSON values (ids, titles), never personal data about refugees.
    """
    return _store_once(
        {
            "recipient": recipient,
            "kind": kind,
            "subject_type": ContentType.objects.get_for_model(subject),
            "subject_id": subject.pk,
            "due_at": due_at,
        },
        context=context,
    )


def notification_schedule_each(
    recipients: Iterable[User],
    *,
    kind: str,
    subject: models.Model,
    due_at: datetime,
    context: dict[str, Any] | None = None,
) -> int:
    """The same notification (`notification_schedule`) to each of `recipients`; how many."""
    count = 0
    for recipient in recipients:
        notification_schedule(
            recipient=recipient, kind=kind, subject=subject, due_at=due_at, context=context
        )
        count += 1
    return count


def notification_schedule_to_address(
    *,
    email: str,
    language: str,
    kind: str,
    subject: models.Model,
    due_at: datetime,
    context: dict[str, Any] | None = None,
) -> Notification:
    """Like `notification_schedule`, for somebody without an account (an invitation): by e-mail
    to `email`, in `language`. Not shown in any notification centre."""
    return _store_once(
        {
            "recipient": None,
            "email": email,
            "kind": kind,
            "subject_type": ContentType.objects.get_for_model(subject),
            "subject_id": subject.pk,
            "due_at": due_at,
        },
        context=context,
        defaults={"language": language},
    )


def _store_once(key: dict, *, context: dict | None, defaults: dict | None = None) -> Notification:
    try:
        with transaction.atomic():
            notification, _created = Notification.objects.get_or_create(
                **key, defaults={"context": context or {}, **(defaults or {})}
            )
    except IntegrityError:  # created by someone else between our read and our write
        notification = Notification.objects.get(**key)
    return notification


# -- delivery ---------------------------------------------------------------------------------


def notifications_send_due(*, now: datetime, batch_size: int = 500) -> int:
    """Send each due notification once; safe to run twice or in two workers at the same time.
    Returns how many e-mails were sent.

    The sender claims a chunk of due rows at a time (`_claim`, one statement), sends each and
    marks each sent right after the mail server accepted it (one statement). A second worker
    skips claimed rows while their claimer's database connection lives, so a claimed row is
    sent by one worker only; the rows of a worker that died are taken by the next run as soon
    as PostgreSQL has noticed the lost connection. The narrow window that remains is
    at-least-once: if the worker dies after the mail server accepted a message but before it
    was marked sent, that one message is sent again with the same Message-ID, which lets
    receivers drop the duplicate.

    Its other channels are planned as each row is sent: one `Delivery` per (notification,
    channel), sent after the e-mails by the same rule (`deliveries_send_due`).
    """
    sent = 0
    handled = 0
    since = monotonic()  # claims carry `now` as their time: each chunk's hold counts from here
    # One connection to the mail server for the whole batch (a new TLS session per message
    # would cost more than everything else here); reopened after a failure.
    email = EmailTransport()
    try:
        while handled < batch_size:
            claim = _claim(now=now, limit=min(CLAIM_CHUNK, batch_size - handled), since=since)
            if not claim.rows:
                break
            handled += len(claim.rows)
            sent += _send_claimed(claim, now=now, email=email)
    finally:
        email.close()
    deliveries_send_due(now=now, batch_size=batch_size)
    return sent


def notification_send_now(*, notification_id: int, now: datetime) -> bool:
    """Send one notification at once if it is still unsent (an invitation, right after it is
    made); the periodic sender sends it otherwise. True when this call sent it."""
    email = EmailTransport()
    try:
        claim = _claim(now=now, limit=1, only=notification_id)
        return bool(claim.rows) and _send_claimed(claim, now=now, email=email) == 1
    finally:
        email.close()


# -- claims ------------------------------------------------------------------------------------
# A claim names who holds it. Straight to PostgreSQL, that is the database connection: its
# backend's process id and start time (`pg_stat_activity`), which together identify one
# connection for as long as it lives, so a row claimed by a connection that is gone (the worker
# died or lost its connection) may be claimed again at once.
#
# Behind a pooler in transaction mode (PgBouncer, `DATABASE_POOL_MODE=transaction`) a client
# holds a server connection for one transaction only: two workers' claims run on the same server
# backend one after the other, and the pooler may close that backend while a worker still sends.
# The backend's identity would make the second worker take the first one's rows as its own, or a
# live claim look dead. There a claim names itself instead: a random negative number (never a
# process id) with the time it was made, and it lapses only by age. The sender notices the pooler
# by itself: the process id the connection announced at login is not the server backend's.
#
# Either way a claim lapses after CLAIM_STALE, and its holder stops sending it after CLAIM_HOLD
# (half that), so two workers never send a claimed row at once even while clocks differ a little.
# The one statement locks the rows it takes (`FOR UPDATE SKIP LOCKED`), so two workers never
# claim the same row.

CLAIM_CHUNK = 50  # rows per claim: small enough that two workers share a batch evenly
CLAIM_STALE = timedelta(minutes=10)  # far longer than a chunk takes to send
CLAIM_HOLD = CLAIM_STALE / 2  # the holder sends no more of a chunk it has held this long

_CLAIM_SQL = """
WITH picked AS MATERIALIZED (
     SELECT d.id FROM accounts_notification AS d
      WHERE d.sent_at IS NULL AND d.due_at <= %(now)s AND d.attempts < %(max_attempts)s
        AND d.channel <> %(digest)s AND (%(only)s::bigint IS NULL OR d.id = %(only)s::bigint)
        AND (d.claimed_by_pid IS NULL
             OR d.claimed_at < %(stale)s
             OR (d.claimed_by_pid = %(pid)s AND d.claimed_by_start = %(start)s)
             OR (d.claimed_by_pid > 0  -- a connection's claim: gone with the connection
                 AND NOT EXISTS (SELECT 1 FROM pg_stat_activity AS a
                                  WHERE a.pid = d.claimed_by_pid
                                    AND a.backend_start = d.claimed_by_start)))
      ORDER BY d.due_at, d.id
      LIMIT %(limit)s
      FOR UPDATE OF d SKIP LOCKED)
UPDATE accounts_notification AS n
   SET claimed_by_pid = %(pid)s, claimed_by_start = %(start)s, claimed_at = %(now)s
  FROM picked
 WHERE n.id = picked.id
RETURNING n.id
"""


@dataclass
class _Claim:
    rows: list[Notification]
    pid: int | None = None  # the claim's identity with `start` (see above)
    start: datetime | None = None
    pooled: bool = False  # behind a pooler: named by a random number, not by the connection
    taken: float = 0.0  # monotonic() when claimed
    subjects: dict = field(default_factory=dict)


def _claim(
    *, now: datetime, limit: int, only: int | None = None, since: float | None = None
) -> _Claim:
    """Claim up to `limit` due rows for this connection, and load them with what their e-mails
    show: recipients with their settings and roles, and each subject once (`notification_related`
    and `notification_prefetch` on the subject's model, such as a meeting's venue and
    invitations). Reminders of one meeting go to all its participants: a chunk loads the
    meeting once, not once per message.

    The claim is stored with `now` as its time, so its hold counts from `since`, the moment
    (`monotonic()`) the caller took `now`."""
    taken = monotonic() if since is None else since
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            "SELECT pid, backend_start, clock_timestamp() FROM pg_stat_activity"
            " WHERE pid = pg_backend_pid()"
        )
        pid, start, clock = cursor.fetchone()
        pooled = _behind_a_pooler(pid)
        if pooled:
            pid, start = -1 - secrets.randbelow(2**31 - 1), clock
        cursor.execute(
            _CLAIM_SQL,
            {
                "now": now,
                "stale": now - CLAIM_STALE,
                "max_attempts": MAX_ATTEMPTS,
                "digest": Notification.Channel.DIGEST,
                "only": only,
                "limit": limit,
                "pid": pid,
                "start": start,
            },
        )
        claimed = [pk for (pk,) in cursor.fetchall()]
    if not claimed:
        return _Claim(rows=[])
    rows = list(
        Notification.objects.filter(pk__in=claimed)
        .select_related("recipient", "recipient__notification_settings")
        .order_by("due_at", "pk")
    )
    remember_roles([row.recipient for row in rows if row.recipient_id])
    return _Claim(
        rows=rows,
        pid=pid,
        start=start,
        pooled=pooled,
        taken=taken,
        subjects=_subjects_of(rows),
    )


def _behind_a_pooler(server_pid: int) -> bool:
    """Whether this connection's transactions may run on other server backends than this one:
    set so (`DATABASE_POOL_MODE`), or seen: a pooler announces a process id of its own at login,
    not the server backend's."""
    if getattr(settings, "DATABASE_POOL_MODE", "") == "transaction":
        return True
    return connection.connection.info.backend_pid != server_pid


def _still_ours(claim: _Claim) -> bool:
    """Whether the claim still holds: held for less than CLAIM_HOLD and, straight to
    PostgreSQL, this process still talks to the database over the connection that made it
    (after a lost connection others may have taken its rows)."""
    if monotonic() - claim.taken >= CLAIM_HOLD.total_seconds():
        return False
    if claim.pooled:  # named by itself, not by a connection: any connection will do
        return True
    return connection.connection is not None and connection.connection.info.backend_pid == claim.pid


def _release(claim: _Claim, rows: list[Notification]) -> None:
    if rows and _still_ours(claim):
        Notification.objects.filter(
            pk__in=[row.pk for row in rows],
            claimed_by_pid=claim.pid,
            claimed_by_start=claim.start,
            sent_at__isnull=True,
        ).update(claimed_by_pid=None, claimed_by_start=None, claimed_at=None)


def _send_claimed(claim: _Claim, *, now: datetime, email: EmailTransport) -> int:
    """Send the claimed rows one by one; returns how many e-mails were sent. Rows left when the
    connection changed under us, or after an error, are released for the next run."""
    sent = 0
    rows = list(claim.rows)
    try:
        while rows:
            if not _still_ours(claim):
                return sent  # our claims look abandoned now: whoever takes them sends them
            outcome = _send_one(rows[0], now=now, email=email, subjects=claim.subjects)
            rows.pop(0)
            sent += outcome == "sent"
    finally:
        _release(claim, rows)
    return sent


def _send_one(
    notification: Notification, *, now: datetime, email: EmailTransport, subjects: dict
) -> str:
    """Handle one claimed notification: "sent", or "held" (in-app only, left for the digest, or
    failed and backed off)."""
    mine = Notification.objects.filter(pk=notification.pk, sent_at__isnull=True)
    unclaimed = {"claimed_by_pid": None, "claimed_by_start": None, "claimed_at": None}
    mode = _email_mode(notification)
    if _plan_other_channels(notification, now=now, subjects=subjects) == "capped":
        mode = EmailMode.IMMEDIATE  # over the month's SMS cap: by e-mail instead, at once
    if mode == EmailMode.OFF:  # shown in the notification centre only
        mine.update(sent_at=now, channel=Notification.Channel.IN_APP, **unclaimed)
        return "held"
    if mode == EmailMode.DIGEST:  # left for the evening digest
        mine.update(channel=Notification.Channel.DIGEST, **unclaimed)
        return "held"
    notification.attempts += 1
    try:
        _subject_of(notification, subjects)
        email.send(notification)
    except (SMTPException, OSError) as error:  # one bad address must not block the rest
        logger.warning("notification %s not sent: %s", notification.pk, error)
        email.close()  # the next message opens a fresh connection
        mine.update(
            attempts=notification.attempts,
            last_error=str(error)[:200],
            due_at=now + timedelta(minutes=2**notification.attempts),
            **unclaimed,
        )
        return "held"
    _mark_sent(notification.pk, now=now, attempts=notification.attempts)
    notification.sent_at = now
    notification.channel = Notification.Channel.EMAIL
    notification_sent.send(sender=Notification, notification=notification, now=now)
    return "sent"


# Marking a row sent is the one statement every message pays (10,000 in a fan-out): written
# out once instead of compiled by the ORM per message. The same rule as `mine` above: only a row
# that is still unsent.
_MARK_SENT_SQL = (
    "UPDATE accounts_notification SET sent_at = %s, attempts = %s, channel = %s "
    "WHERE id = %s AND sent_at IS NULL"
)


def _mark_sent(pk: int, *, now: datetime, attempts: int) -> None:
    with connection.cursor() as cursor:
        cursor.execute(_MARK_SENT_SQL, [now, attempts, Notification.Channel.EMAIL, pk])


def _subjects_of(rows: list[Notification]) -> dict:
    """The subjects (meetings, agreements ...) of these notifications, keyed by (type id, id):
    one query per type, with what their e-mails show of related rows (`notification_related`,
    `notification_prefetch` on the model). A chunk takes a second or two, so what a message
    shows is as fresh as its chunk."""
    wanted: dict[int, set[int]] = {}
    for row in rows:
        wanted.setdefault(row.subject_type_id, set()).add(row.subject_id)
    subjects = {}
    for type_id, ids in wanted.items():
        model = ContentType.objects.get_for_id(type_id).model_class()
        if model is None:  # a type that no longer exists: such rows fail when sent, as before
            continue
        queryset = model._base_manager.select_related(
            *getattr(model, "notification_related", ())
        ).prefetch_related(*getattr(model, "notification_prefetch", ()))
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
    if notification.recipient_id is None:  # somebody without an account: e-mail is all there is
        return EmailMode.IMMEDIATE
    try:
        preferences = notification.recipient.notification_settings
    except NotificationSettings.DoesNotExist:
        return EmailMode.IMMEDIATE
    return preferences.mode_for(notification.kind)


def notifications_purge_sent(*, now: datetime, older_than: timedelta = timedelta(days=90)) -> int:
    deleted, _per_model = Notification.objects.filter(sent_at__lt=now - older_than).delete()
    return deleted


# -- other channels (SMS): planned while the notification is locked, sent once each ----------


def _plan_other_channels(
    notification: Notification, *, now: datetime, subjects: dict
) -> str | None:
    """Plan one `Delivery` per other channel the recipient wants this notification by:
    "planned", "capped" (a channel's messages for the month are used up in the municipality:
    e-mail instead, at once, and its coordinators are told once), or None."""
    if notification.recipient_id is None:
        return None
    outcome = None
    for channel in other_channels():
        if not channel.allows(notification.kind):
            continue
        try:
            preferences = notification.recipient.notification_settings
        except NotificationSettings.DoesNotExist:
            return None
        to = channel.address_for(preferences, notification.kind)
        if not to:
            continue
        planned = _plan(notification, channel=channel, to=to, now=now, subjects=subjects)
        outcome = "capped" if planned == "capped" else (outcome or planned)
    return outcome


@transaction.atomic  # the municipality's lock below is held until the delivery is stored
def _plan(
    notification: Notification, *, channel: Transport, to: str, now: datetime, subjects: dict
) -> str | None:
    if Delivery.objects.filter(notification=notification, channel=channel.channel).exists():
        return "planned"  # an earlier attempt at the e-mail planned it already
    _subject_of(notification, subjects)
    municipality = _municipality_of(notification)
    if municipality is None:  # nobody to count it against: not by this channel
        return None
    cap = channel.monthly_cap()
    if cap is not None:
        # One at a time per municipality, so that two workers cannot both take the last one.
        Municipality.objects.select_for_update().filter(pk=municipality.pk).first()
        month_start = now.astimezone(zone_for(municipality.country)).replace(
            day=1, hour=0, minute=0, second=0, microsecond=0
        )
        used = Delivery.objects.filter(
            municipality=municipality, channel=channel.channel, due_at__gte=month_start
        ).count()
        if used >= cap:
            _tell_coordinators_the_cap_is_reached(
                municipality, channel=channel.channel, cap=cap, month_start=month_start
            )
            return "capped"
    Delivery.objects.get_or_create(
        notification=notification,
        channel=channel.channel,
        defaults={"municipality": municipality, "to": to, "due_at": now},
    )
    return "planned"


def _municipality_of(notification: Notification) -> Municipality | None:
    """The municipality whose SMS cap a notification counts against: the one it is about
    (`transports.municipality_of`), unless it is about the municipality itself (a message to
    its coordinators, such as the cap being reached)."""
    if isinstance(notification.subject, Municipality):
        return None
    return municipality_of(notification)


def _tell_coordinators_the_cap_is_reached(
    municipality: Municipality, *, channel: str, cap: int, month_start: datetime
) -> None:
    """`<channel>_cap_reached`, once a month per coordinator: the row's due time is the month's
    start, and a row is stored once."""
    notification_schedule_each(
        coordinators_of(municipality.pk),
        kind=f"{channel}_cap_reached",
        subject=municipality,
        due_at=month_start,
        context={"municipality_name": municipality.name, "cap": cap},
    )


def deliveries_send_due(*, now: datetime, batch_size: int = 500) -> int:
    """Send each due delivery (SMS) once, by the outbox's rule: locked, sent and marked sent in
    one transaction; a failure backs off and is tried again, at most MAX_ATTEMPTS times."""
    channels = [channel.channel for channel in other_channels()]
    if not channels:
        return 0
    sent = 0
    for _n in range(batch_size):
        outcome = _send_next_delivery(now=now, channels=channels)
        if outcome is None:
            break
        sent += outcome == "sent"
    return sent


def _send_next_delivery(*, now: datetime, channels: list[str]) -> str | None:
    with transaction.atomic():
        delivery = (
            Delivery.objects.filter(
                channel__in=channels,
                sent_at__isnull=True,
                due_at__lte=now,
                attempts__lt=MAX_ATTEMPTS,
            )
            .order_by("due_at", "pk")
            .select_for_update(skip_locked=True, of=("self",))
            .select_related("notification", "notification__recipient")
            .first()
        )
        if delivery is None:
            return None
        delivery.attempts += 1
        try:
            delivery.gateway_id = transport(delivery.channel).send(delivery)
        except TransportError as error:
            logger.warning("delivery %s (%s) not sent: %s", delivery.pk, delivery.channel, error)
            delivery.last_error = str(error)[:200]
            delivery.due_at = now + timedelta(minutes=2**delivery.attempts)
            delivery.save(update_fields=["attempts", "last_error", "due_at"])
            return "held"
        delivery.sent_at = now
        delivery.save(update_fields=["attempts", "sent_at", "gateway_id"])
    return "sent"


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
    *,
    user: User,
    email_modes: dict[str, str],
    preferred_language: str,
    sms_kinds: list[str] | None = None,
) -> NotificationSettings:
    """Store the e-mail mode per group (unknown groups and modes are dropped), the language, and
    (given `sms_kinds`) the kinds wanted by SMS: only kinds SMS may carry, and only with a
    verified mobile number."""
    modes = {
        group: mode
        for group, mode in email_modes.items()
        if group in GROUPS and mode in EmailMode.values
    }
    preferences, _created = NotificationSettings.objects.update_or_create(
        user=user, defaults={"email_modes": modes}
    )
    if sms_kinds is not None:
        sms = SmsTransport()
        preferences.sms_kinds = (
            [kind for kind in dict.fromkeys(sms_kinds) if sms.allows(kind)]
            if preferences.has_verified_mobile
            else []
        )
        preferences.save(update_fields=["sms_kinds", "updated_at"])
    if preferred_language == "" or preferred_language in dict(settings.LANGUAGES):
        user.preferred_language = preferred_language
        user.save(update_fields=["preferred_language"])
    return preferences


# -- a verified mobile number -----------------------------------------------------------------

CODE_VALID_FOR = timedelta(minutes=10)
CODE_TRIES = 5
CODES_PER_HOUR = 3


def _code_hash(user: User, code: str) -> str:
    return salted_hmac("notifications.mobile_code", f"{user.pk}:{code}").hexdigest()


@transaction.atomic
def mobile_verification_start(*, user: User, number: str, now: datetime) -> MobileVerification:
    """Send a six-digit code by SMS to `number` (normalised to E.164); the number becomes the
    user's once they type the code back (`mobile_verification_confirm`)."""
    sms = SmsTransport()
    if not sms.is_configured():
        raise ValidationError({"number": _("SMS is not available on this site.")})
    home = home_municipality(user)
    default_country = home.country if home is not None else "NO"
    e164 = phone_normalise(number, default_country=default_country)
    row = MobileVerification.objects.select_for_update().filter(user=user).first()
    if row is not None and row.window_started_at > now - timedelta(hours=1):
        if row.sent_in_window >= CODES_PER_HOUR:
            raise ValidationError(
                {"number": _("You have asked for three codes this hour. Try again later.")}
            )
        sent_in_window, window_started_at = row.sent_in_window + 1, row.window_started_at
    else:
        sent_in_window, window_started_at = 1, now
    code = f"{secrets.randbelow(10**6):06d}"
    row, _created = MobileVerification.objects.update_or_create(
        user=user,
        defaults={
            "number": e164,
            "code_hash": _code_hash(user, code),
            "expires_at": now + CODE_VALID_FOR,
            "tries": 0,
            "window_started_at": window_started_at,
            "sent_in_window": sent_in_window,
        },
    )
    from django.template.loader import render_to_string
    from django.utils import translation

    with translation.override(language_for(user)):
        text = " ".join(render_to_string("sms/mobile_code.txt", {"code": code}).split())
    try:
        sms.send_text(to=e164, text=text, ref=f"verify-{user.pk}")
    except TransportError as error:
        logger.warning("verification code for user %s not sent: %s", user.pk, error)
        raise ValidationError(
            {"number": _("The code could not be sent just now. Try again in a few minutes.")}
        ) from error
    return row


def mobile_verification_confirm(*, user: User, code: str, now: datetime) -> NotificationSettings:
    """The typed code matches the one sent: the number is the user's verified mobile number.
    A wrong code counts as a try; after five, or ten minutes, a new code is needed."""
    with transaction.atomic():
        row = MobileVerification.objects.select_for_update().filter(user=user).first()
        if row is None or row.expires_at < now or row.tries >= CODE_TRIES:
            outcome = "expired"
        elif constant_time_compare(_code_hash(user, code.strip()), row.code_hash):
            preferences, _created = NotificationSettings.objects.get_or_create(user=user)
            preferences.mobile_number = row.number
            preferences.mobile_verified_at = now
            preferences.save(update_fields=["mobile_number", "mobile_verified_at", "updated_at"])
            row.delete()
            return preferences
        else:
            row.tries += 1
            row.save(update_fields=["tries"])
            outcome = "wrong"
    if outcome == "expired":
        raise ValidationError({"code": _("This code no longer works. Ask for a new one.")})
    raise ValidationError({"code": _("The code is not right. Check the SMS and try again.")})


@transaction.atomic
def mobile_number_remove(*, user: User) -> None:
    """No more SMS: the number and the kinds chosen for SMS are forgotten."""
    NotificationSettings.objects.filter(user=user).update(
        mobile_number="", mobile_verified_at=None, sms_kinds=[]
    )
    MobileVerification.objects.filter(user=user).delete()


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
    from django.urls import reverse
    from django.utils import translation

    from notifications.text import notification_open_url, notification_title

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
        "settings_url": settings_url(),
    }
    email_message(
        template="emails/digest",
        context=context,
        language=language_for(recipient),
        to=recipient.email,
        message_id=f"<digest-{rows[0].pk}-{rows[-1].pk}@brobygger.invalid>",
    ).send()

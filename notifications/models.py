"""The notification outbox, each person's notification settings, and the deliveries by channels
other than e-mail (SMS).

The tables keep the names they had when these models lived in `accounts` (`db_table`): moving
the models to this app moved no data (see the migrations `accounts.0005` and
`notifications.0001`).
"""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _


class Notification(models.Model):
    """The outbox: one row per message that must reach one person once.

    Stored once (unique on recipient, kind, subject object and due time) and sent by the
    periodic task `send_due_notifications`, which claims a chunk of due rows, sends each and
    marks each sent right after its mail server accepted it.
    Later capabilities only create rows, through `notifications.services.notification_schedule`.

    Every row whose due time has passed is also shown in the notification centre. `channel` says
    how the sender routed its e-mail by the recipient's settings: empty until then; `digest`
    waits for the evening digest (still unsent); `email`, `in_app` (e-mail off) and `digest` once
    sent. Other channels (SMS) are `Delivery` rows of their own, each sent once.

    A row for somebody without an account (an invitation to join an organisation) has no
    `recipient` but an `email` address and the `language` to write in.
    """

    class Channel(models.TextChoices):
        EMAIL = "email", _("e-mail")
        DIGEST = "digest", _("daily digest")
        IN_APP = "in_app", _("only on the site")

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="notifications",
        verbose_name=_("recipient"),
        null=True,
        blank=True,
    )
    email = models.EmailField(
        _("e-mail address"),
        blank=True,
        help_text=_("Only for someone without an account (an invitation)."),
    )
    language = models.CharField(
        _("language"),
        max_length=8,
        blank=True,
        help_text=_("Only for someone without an account: the language to write in."),
    )
    kind = models.CharField(_("kind"), max_length=60)
    subject_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    subject_id = models.PositiveBigIntegerField()
    subject = GenericForeignKey("subject_type", "subject_id")
    context = models.JSONField(_("context"), default=dict, blank=True)
    due_at = models.DateTimeField(_("due"))
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    read_at = models.DateTimeField(_("read"), null=True, blank=True)
    channel = models.CharField(
        _("delivered by"), max_length=10, choices=Channel.choices, blank=True, default=""
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    last_error = models.CharField(_("last error"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    # Who is sending it now (`notifications.services`, "Claims"): the database connection that
    # claimed it (its backend's process id and start time, which identify it while it lives)
    # and when. Nobody else takes the row while that connection lives and the claim is fresh.
    claimed_by_pid = models.IntegerField(null=True, blank=True, editable=False)
    claimed_by_start = models.DateTimeField(null=True, blank=True, editable=False)
    claimed_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        db_table = "accounts_notification"
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        constraints = [
            models.UniqueConstraint(
                fields=["recipient", "kind", "subject_type", "subject_id", "due_at"],
                name="notification_once",
            ),
            models.UniqueConstraint(
                fields=["email", "kind", "subject_type", "subject_id", "due_at"],
                condition=models.Q(recipient__isnull=True),
                name="notification_to_address_once",
            ),
            models.CheckConstraint(
                condition=models.Q(recipient__isnull=False) | ~models.Q(email=""),
                name="notification_has_someone_to_reach",
            ),
        ]
        indexes = [
            # The sender's "next due" (ORDER BY due_at, id LIMIT 1 FOR UPDATE SKIP LOCKED) reads
            # it in order, without sorting every row that is due at the same moment.
            models.Index(
                fields=["due_at", "id"],
                condition=models.Q(sent_at__isnull=True),
                name="notification_due_unsent_idx",
            ),
            # The unread count in the header of every page.
            models.Index(
                fields=["recipient", "due_at"],
                condition=models.Q(read_at__isnull=True),
                name="notification_unread_idx",
            ),
        ]

    def __str__(self) -> str:
        to = self.recipient_id or self.email
        return f"{self.kind} → {to} @ {self.due_at:%Y-%m-%d %H:%M}"

    @property
    def message_id(self) -> str:
        """A stable Message-ID so that a receiver can drop a duplicate."""
        return f"<notification-{self.pk}@brobygger.invalid>"

    @property
    def address(self) -> str:
        """Where its e-mail goes."""
        return self.recipient.email if self.recipient_id else self.email

    @property
    def language_code(self) -> str:
        """The language its messages are written in."""
        if self.recipient_id:
            from accounts.languages import language_for

            return language_for(self.recipient)
        return self.language or settings.LANGUAGE_CODE


class NotificationSettings(models.Model):
    """How one person wants their notifications, per channel.

    E-mail, per group of kinds (`email_modes`): no row, or no entry for a group, means e-mail at
    once. SMS, per kind (`sms_kinds`): off unless chosen, and only to a verified mobile number
    (`mobile_number`, E.164, with `mobile_verified_at`). The language of the messages is the
    user's preferred language.
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="notification_settings",
        verbose_name=_("user"),
    )
    email_modes = models.JSONField(
        _("e-mail per group"), default=dict, blank=True, help_text="group code → EmailMode"
    )
    sms_kinds = models.JSONField(
        _("kinds by SMS"), default=list, blank=True, help_text="kinds sent by SMS as well"
    )
    mobile_number = models.CharField(_("mobile number"), max_length=16, blank=True)
    mobile_verified_at = models.DateTimeField(_("mobile number verified"), null=True, blank=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        db_table = "accounts_notificationsettings"
        verbose_name = _("notification settings")
        verbose_name_plural = _("notification settings")

    def __str__(self) -> str:
        return str(self.user)

    def mode_for(self, kind: str) -> str:
        from notifications.kinds import EmailMode, group_of

        group = group_of(kind)
        if group is None:
            return EmailMode.IMMEDIATE
        mode = self.email_modes.get(group, EmailMode.IMMEDIATE)
        return mode if mode in EmailMode.values else EmailMode.IMMEDIATE

    @property
    def has_verified_mobile(self) -> bool:
        return bool(self.mobile_number and self.mobile_verified_at)


class Delivery(models.Model):
    """A notification sent by a channel other than e-mail: at most one per (notification,
    channel), locked, sent and marked sent in one transaction, like the outbox row itself."""

    class Channel(models.TextChoices):
        SMS = "sms", _("SMS")

    notification = models.ForeignKey(
        Notification, on_delete=models.CASCADE, related_name="deliveries"
    )
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices)
    # Whose monthly SMS cap it counts against (the meeting's or the grant scheme's municipality).
    municipality = models.ForeignKey(
        "accounts.Municipality",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("municipality"),
    )
    to = models.CharField(_("to"), max_length=32)
    due_at = models.DateTimeField(_("due"))
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    last_error = models.CharField(_("last error"), max_length=200, blank=True)
    gateway_id = models.CharField(_("gateway's id"), max_length=64, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("delivery")
        verbose_name_plural = _("deliveries")
        constraints = [
            models.UniqueConstraint(fields=["notification", "channel"], name="delivery_once")
        ]
        indexes = [
            models.Index(
                fields=["due_at", "id"],
                condition=models.Q(sent_at__isnull=True),
                name="delivery_due_unsent_idx",
            ),
            models.Index(fields=["municipality", "channel", "due_at"], name="delivery_cap_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.channel} #{self.notification_id}"


class MobileVerification(models.Model):
    """A code sent by SMS to a mobile number a person wants their SMS at. The number counts as
    theirs once they type the code back (within `expires_at`, in a few tries)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="+",
    )
    number = models.CharField(max_length=16)
    code_hash = models.CharField(max_length=64)
    expires_at = models.DateTimeField()
    tries = models.PositiveSmallIntegerField(default=0)
    # At most a few codes an hour per person: the hour's start and the codes sent in it.
    window_started_at = models.DateTimeField()
    sent_in_window = models.PositiveSmallIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.user_id} → {self.number}"

"""Users, municipalities (the tenant boundary), municipal roles and the notification outbox."""

from django.conf import settings
from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def _create_user(self, email: str, password: str | None, **extra_fields) -> "User":
        if not email:
            raise ValueError("An e-mail address is required.")
        user = self.model(email=self.normalize_email(email), **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email: str, password: str | None = None, **extra_fields) -> "User":
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email: str, password: str | None = None, **extra_fields) -> "User":
        extra_fields.setdefault("is_staff", True)
        extra_fields.setdefault("is_superuser", True)
        return self._create_user(email, password, **extra_fields)


class User(AbstractUser):
    """A person who signs in with an e-mail address. Platform admins are `is_staff` users."""

    username = None
    first_name = None
    last_name = None
    email = models.EmailField(_("e-mail address"), unique=True)
    full_name = models.CharField(_("full name"), max_length=150)
    preferred_language = models.CharField(
        _("preferred language"),
        max_length=8,
        choices=settings.LANGUAGES,
        default=settings.LANGUAGE_CODE,
    )

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["full_name"]

    objects = UserManager()

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self) -> str:
        return self.full_name or self.email

    def get_full_name(self) -> str:
        return self.full_name

    # Personal data about refugees has no superuser bypass: Django lets an active superuser
    # through every permission before any rule runs, and platform admins are superusers.
    NO_SUPERUSER_BYPASS = ("referrals.",)
    # Nor does an organisation's own work or a municipality's: grant applications and their
    # drafts, a municipality's schemes and help times, its announcements. Their rules name
    # platform admins where they may act (reading applications, keeping the shared catalogue).
    # Object checks only: Django's admin asks without an object and stays open to them.
    NO_SUPERUSER_BYPASS_FOR_OBJECTS = ("grants.", "announcements.")
    # Acts of a party, with or without an object: approving an agreement for a party, answering
    # an invitation to a meeting, giving someone a staff role in a municipality. They are done by
    # the party itself (its coordinators, its admins and contact persons, the invited person);
    # being a superuser makes nobody a party. (Referrals, consents included, are above.)
    PARTY_ACTS = (
        "agreements.approve_for_party",
        "meetings.answer_participation",
        "accounts.add_staff_role",
        "accounts.add_first_coordinator",
    )

    def has_perm(self, perm: str, obj=None) -> bool:
        if (
            perm in self.PARTY_ACTS
            or perm.startswith(self.NO_SUPERUSER_BYPASS)
            or (obj is not None and perm.startswith(self.NO_SUPERUSER_BYPASS_FOR_OBJECTS))
        ):
            import rules

            return self.is_active and rules.has_perm(perm, self, obj)
        return super().has_perm(perm, obj)

    def get_short_name(self) -> str:
        return self.full_name.split(" ")[0] if self.full_name else self.email


class DayWithoutMeetings(models.TextChoices):
    """Days that are not public holidays, yet nobody holds a volunteer meeting on them: the
    meeting planner does not propose them (`meetings.planner.days_without_meetings` dates them)."""

    CHRISTMAS_EVE = "christmas_eve", _("Christmas Eve (24 December)")
    NEW_YEARS_EVE = "new_years_eve", _("New Year's Eve (31 December)")
    EASTER_SATURDAY = "easter_saturday", _("Easter Saturday")
    WHIT_SATURDAY = "whit_saturday", _("Whitsun Eve (the Saturday before Whit Sunday)")


def default_days_without_meetings() -> list[str]:
    return [
        DayWithoutMeetings.CHRISTMAS_EVE,
        DayWithoutMeetings.NEW_YEARS_EVE,
        DayWithoutMeetings.EASTER_SATURDAY,
    ]


class Municipality(models.Model):
    """The tenant: coordinators, caseworkers and their data belong to one municipality."""

    class Country(models.TextChoices):
        NORWAY = "NO", _("Norway")
        DENMARK = "DK", _("Denmark")

    name = models.CharField(_("name"), max_length=100)
    number = models.CharField(
        _("municipality number"),
        max_length=4,
        help_text=_("The four-digit Norwegian municipality number or Danish municipality code."),
    )
    country = models.CharField(
        _("country"), max_length=2, choices=Country.choices, default=Country.NORWAY
    )
    slug = models.SlugField(_("short name in addresses"), unique=True)
    days_without_meetings = models.JSONField(
        _("days without meetings"),
        default=default_days_without_meetings,
        blank=True,
        help_text=_(
            "Days that are not public holidays but on which the meeting planner proposes no "
            "meetings. Public holidays are always left out."
        ),
    )

    class Meta:
        verbose_name = _("municipality")
        verbose_name_plural = _("municipalities")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["country", "number"], name="municipality_number_unique"
            ),
            models.CheckConstraint(
                condition=models.Q(number__regex=r"^[0-9]{3,4}$"),
                name="municipality_number_digits",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class MunicipalityMembership(models.Model):
    """A municipal role: a coordinator, a caseworker or a leader of one municipality. A leader
    (management) reads the overview, the reports, the agreements and the minutes of meetings,
    and nothing about persons or referrals."""

    class Role(models.TextChoices):
        COORDINATOR = "coordinator", _("coordinator")
        CASEWORKER = "caseworker", _("caseworker")
        LEADER = "leader", _("leader")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="municipality_memberships",
        verbose_name=_("user"),
    )
    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.CASCADE,
        related_name="memberships",
        verbose_name=_("municipality"),
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("municipal role")
        verbose_name_plural = _("municipal roles")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "municipality", "role"], name="municipality_membership_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.get_role_display()} – {self.municipality}"

    def get_absolute_url(self) -> str:
        """The municipality's page, where its staff are listed."""
        from django.urls import reverse

        return reverse("accounts:municipality", args=[self.municipality.slug])


class Notification(models.Model):
    """The outbox: one row per message that must reach one person once.

    Stored once (unique on recipient, kind, subject object and due time) and sent by the
    periodic task `send_due_notifications`, which marks it sent in the same transaction.
    Later capabilities only create rows, through `accounts.services.notification_schedule`.

    Every row whose due time has passed is also shown in the notification centre. `channel` says
    how the sender routed it by the recipient's settings: empty until then; `digest` waits for the
    evening digest (still unsent); `email`, `in_app` (e-mail off) and `digest` once sent.
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

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        constraints = [
            models.UniqueConstraint(
                fields=["recipient", "kind", "subject_type", "subject_id", "due_at"],
                name="notification_once",
            )
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
        return f"{self.kind} → {self.recipient_id} @ {self.due_at:%Y-%m-%d %H:%M}"

    @property
    def message_id(self) -> str:
        """A stable Message-ID so that a receiver can drop a duplicate."""
        return f"<notification-{self.pk}@brobygger.invalid>"


class NotificationSettings(models.Model):
    """How one person wants their notifications by e-mail, per group of kinds.

    No row, or no entry for a group, means e-mail at once. The language of the e-mails is the
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
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("notification settings")
        verbose_name_plural = _("notification settings")

    def __str__(self) -> str:
        return str(self.user)

    def mode_for(self, kind: str) -> str:
        from accounts.notification_kinds import EmailMode, group_of

        group = group_of(kind)
        if group is None:
            return EmailMode.IMMEDIATE
        mode = self.email_modes.get(group, EmailMode.IMMEDIATE)
        return mode if mode in EmailMode.values else EmailMode.IMMEDIATE

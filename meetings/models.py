"""Meeting places, meetings (single or in a series), who is invited, and calendar feed tokens.

Times are stored in UTC and shown in Europe/Oslo. A series keeps its recurrence rule and wall-clock
time; its occurrences are stored as Meeting rows (so that each can be answered, moved or cancelled
on its own) and re-derived from the rule when the series changes.
"""

import secrets
from datetime import timedelta

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from accounts.models import Municipality
from core.models import Timestamped, WithUuid
from core.weekly import WeeklySlot, ends_after_start
from organizations.models import Organization

DEFAULT_REMINDERS = [2 * 24 * 60, 3 * 60]  # minutes before the start: 2 days and 3 hours


def default_reminders() -> list[int]:
    return list(DEFAULT_REMINDERS)


# The longest a meeting may last (meetings.services refuses longer ones). Calendars use it to
# read only the meetings that start at most this long before the period they show.
MAX_DURATION = timedelta(hours=12)


class Venue(WithUuid):
    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.CASCADE,
        related_name="venues",
        verbose_name=_("municipality"),
    )
    organization = models.ForeignKey(
        Organization,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="venues",
        verbose_name=_("offered by"),
        help_text=_("Empty when the venue is the municipality's own."),
    )
    name = models.CharField(_("name"), max_length=200)
    address = models.CharField(_("address"), max_length=200)
    postal_code = models.CharField(_("postcode"), max_length=10, blank=True)
    city = models.CharField(_("town"), max_length=100, blank=True)
    room = models.CharField(_("room"), max_length=100, blank=True)
    capacity = models.PositiveIntegerField(_("capacity (people)"))
    step_free = models.BooleanField(_("step-free access"), default=False)
    accessibility_notes = models.TextField(
        _("other accessibility notes"), max_length=2000, blank=True
    )
    equipment = models.TextField(_("equipment"), max_length=2000, blank=True)
    contact = models.CharField(_("who to contact"), max_length=200, blank=True)
    is_active = models.BooleanField(_("in use"), default=True)

    class Meta:
        verbose_name = _("venue")
        verbose_name_plural = _("venues")
        ordering = ["name"]

    def __str__(self) -> str:
        return f"{self.name}, {self.room}" if self.room else self.name

    def get_absolute_url(self) -> str:
        return reverse("meetings:venue", args=[self.pk])


class VenueOpening(WeeklySlot):
    """When a venue can be booked, e.g. weekdays 08–22 and Saturday 10–16."""

    start_field = "opens_at"
    end_field = "closes_at"
    order_message = _("The closing time must be after the opening time.")

    venue = models.ForeignKey(Venue, on_delete=models.CASCADE, related_name="openings")
    opens_at = models.TimeField(_("opens"))
    closes_at = models.TimeField(_("closes"))

    class Meta:
        verbose_name = _("opening hours")
        verbose_name_plural = _("opening hours")
        ordering = ["weekday", "opens_at"]
        constraints = [
            ends_after_start("opens_at", "closes_at", name="venue_opening_closes_after_opening")
        ]


class Kind(models.TextChoices):
    START_UP = "start_up", _("Start-up meeting")
    COOPERATION = "cooperation", _("Cooperation meeting")
    DIALOGUE = "dialogue", _("Dialogue meeting")
    EVALUATION = "evaluation", _("Evaluation meeting")
    GRANT_INFORMATION = "grant_information", _("Grant information meeting")
    VOLUNTEER_FAIR = "volunteer_fair", _("Volunteer fair")
    TRAINING = "training", _("Training or talk")
    PUBLIC_EVENT = "public_event", _("Open public event")
    INTERNAL_FOLLOW_UP = "internal_follow_up", _("Internal follow-up")
    OTHER = "other", _("Other")


class MeetingSeries(WithUuid):
    """A recurring meeting: an RFC 5545 RRULE at a wall-clock time in Europe/Oslo."""

    rrule = models.CharField(_("recurrence rule"), max_length=300)
    dtstart = models.DateTimeField(_("first start"))
    duration = models.DurationField(_("duration"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("meeting series")
        verbose_name_plural = _("meeting series")

    def __str__(self) -> str:
        return self.rrule


class Meeting(WithUuid, Timestamped):
    class Status(models.TextChoices):
        # A draft is seen only by its organisers: no invitation, calendar, feed or answer yet,
        # until they publish it (meetings.services.meeting_publish). It holds its venue.
        DRAFT = "draft", _("Draft")
        SCHEDULED = "scheduled", _("Scheduled")
        CANCELLED = "cancelled", _("Cancelled")

    # The meetings that book their venue (the database's exclusion constraint, migration 0010).
    HOLDS_VENUE = (Status.DRAFT, Status.SCHEDULED)

    # What a notification e-mail about a meeting shows besides the meeting itself: loaded with it
    # when a batch of notifications is sent (notifications.services._subjects_of).
    notification_related = ("venue",)
    notification_prefetch = ("participations",)  # the answer links in its e-mails

    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.CASCADE,
        related_name="meetings",
        verbose_name=_("municipality"),
    )
    organizer_organization = models.ForeignKey(
        Organization,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="organized_meetings",
        verbose_name=_("organised by"),
        help_text=_("Empty when the municipality organises it."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), max_length=5000, blank=True)
    agenda = models.TextField(_("agenda"), max_length=5000, blank=True)
    minutes = models.TextField(_("minutes"), max_length=20000, blank=True)
    working_hours_reason = models.TextField(
        _("why in working hours"),
        max_length=500,
        blank=True,
        help_text=_(
            "Shown to those invited when a meeting with organisations is on a weekday "
            "before 17:00, when volunteers are usually at work."
        ),
    )
    venue = models.ForeignKey(
        Venue,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="meetings",
        verbose_name=_("venue"),
    )
    online_url = models.URLField(_("online link"), blank=True)
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    capacity = models.PositiveIntegerField(_("capacity"), null=True, blank=True)
    is_public = models.BooleanField(_("public"), default=False)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.SCHEDULED)
    sequence = models.PositiveIntegerField(default=0)  # iCalendar SEQUENCE, up on every change
    series = models.ForeignKey(
        MeetingSeries,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="occurrences",
    )
    recurrence_id = models.DateTimeField(null=True, blank=True)  # the occurrence's original start
    detached = models.BooleanField(default=False)  # edited on its own: series edits leave it be
    reminder_minutes = models.JSONField(_("reminders (minutes before)"), default=default_reminders)
    # When the agenda went to those invited, N days before (AgendaSchedule): set once, with the
    # notifications, so that it goes out once.
    agenda_sent_at = models.DateTimeField(null=True, blank=True, editable=False)
    minute_taker = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("who takes the minutes"),
    )
    # When the minute-taker was reminded (the day after the meeting, no minutes yet): once.
    minutes_reminded_at = models.DateTimeField(null=True, blank=True, editable=False)
    # The municipality's coordinating group was invited as one (R30): its members got their own
    # invitations then, and the minutes go to the group as it is when they are written.
    group_invited = models.BooleanField(_("coordinating group invited"), default=False)
    # The agreement this is the evaluation meeting of (R36): its minutes reach the leaders and
    # contact persons of the agreement's parties, like a meeting of its recurring series.
    evaluated_agreement = models.ForeignKey(
        "agreements.Agreement",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="evaluation_meetings",
        verbose_name=_("evaluated agreement"),
    )

    class Meta:
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        ordering = ["starts_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__gt=models.F("starts_at")),
                name="meeting_ends_after_start",
            ),
            models.UniqueConstraint(
                fields=["series", "recurrence_id"], name="meeting_one_row_per_occurrence"
            ),
        ]
        indexes = [
            models.Index(fields=["municipality", "starts_at"], name="meeting_municipality_start"),
            models.Index(fields=["venue", "starts_at"], name="meeting_venue_start"),
            # Calendars over every municipality (the public one): a month is a range of this.
            models.Index(fields=["starts_at"], name="meeting_start"),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("meetings:detail", args=[self.pk])

    @property
    def is_cancelled(self) -> bool:
        return self.status == self.Status.CANCELLED

    @property
    def is_draft(self) -> bool:
        return self.status == self.Status.DRAFT

    @property
    def duration(self) -> timedelta:
        return self.ends_at - self.starts_at


class Participation(models.Model):
    """An invitation (to an organisation or a person) and its answer; for public events also a
    registration, possibly on the waiting list."""

    class Response(models.TextChoices):
        PENDING = "pending", _("Not answered")
        YES = "yes", _("Yes")
        MAYBE = "maybe", _("Maybe")
        NO = "no", _("No")

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="participations")
    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, null=True, blank=True, related_name="participations"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="participations",
    )
    response = models.CharField(
        _("answer"), max_length=10, choices=Response.choices, default=Response.PENDING
    )
    party_size = models.PositiveSmallIntegerField(_("how many come"), default=1)
    waitlisted = models.BooleanField(_("on the waiting list"), default=False)
    attended = models.BooleanField(_("attended"), null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    answered_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(organization__isnull=False) | models.Q(user__isnull=False),
                name="participation_has_invitee",
            ),
            models.UniqueConstraint(
                fields=["meeting", "organization"],
                condition=models.Q(organization__isnull=False),
                name="participation_once_per_organization",
            ),
            models.UniqueConstraint(
                fields=["meeting", "user"],
                condition=models.Q(organization__isnull=True),
                name="participation_once_per_person",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organization or self.user} → {self.meeting}"

    @property
    def counts_towards_capacity(self) -> bool:
        return self.response in (self.Response.YES, self.Response.MAYBE) and not self.waitlisted


class CalendarFeed(models.Model):
    """A secret-token iCalendar subscription for one person or one organisation."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="calendar_feed",
    )
    organization = models.OneToOneField(
        Organization, on_delete=models.CASCADE, null=True, blank=True, related_name="calendar_feed"
    )
    token = models.CharField(max_length=64, unique=True, default=secrets.token_urlsafe)
    weekly_digest = models.BooleanField(_("weekly e-mail of next week's meetings"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=models.Q(user__isnull=False) ^ models.Q(organization__isnull=False),
                name="calendar_feed_one_owner",
            )
        ]

    def __str__(self) -> str:
        return f"feed of {self.user or self.organization}"

    def get_absolute_url(self) -> str:
        return reverse("meetings:feed", args=[self.token])


class AgendaTemplate(models.Model):
    """A municipality's own agenda for a kind of meeting (R34), in place of the shipped one
    (meetings.agenda_templates.SHIPPED). A new meeting of that kind starts from it."""

    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.CASCADE,
        related_name="agenda_templates",
        verbose_name=_("municipality"),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    text = models.TextField(_("agenda"), max_length=5000)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("agenda template")
        verbose_name_plural = _("agenda templates")
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "kind"], name="agenda_template_once_per_kind"
            )
        ]

    def __str__(self) -> str:
        return f"{self.municipality}: {self.get_kind_display()}"


class TimePoll(models.Model):
    """A meeting without a fixed time yet (R33): the organiser offers 3–6 times, the invited
    organisations mark each yes / if need be / no, and the organiser fixes one, which creates the
    meeting (with its invitations) from the poll."""

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        DECIDED = "decided", _("Time fixed")

    MIN_OPTIONS = 3  # the planner's best 3–6 (R33)
    MAX_OPTIONS = 6
    PLANNER_OPTIONS = 5  # how many of its best times the planner fills in

    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.CASCADE,
        related_name="time_polls",
        verbose_name=_("municipality"),
    )
    organizer_organization = models.ForeignKey(
        Organization,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("organised by"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=200)
    agenda = models.TextField(_("agenda"), max_length=5000, blank=True)
    duration = models.DurationField(_("duration"))
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)
    meeting = models.OneToOneField(
        Meeting, on_delete=models.SET_NULL, null=True, blank=True, related_name="time_poll"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("time poll")
        verbose_name_plural = _("time polls")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("meetings:poll", args=[self.pk])

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.OPEN


class TimePollOption(models.Model):
    poll = models.ForeignKey(TimePoll, on_delete=models.CASCADE, related_name="options")
    starts_at = models.DateTimeField(_("starts"))

    class Meta:
        ordering = ["starts_at"]
        constraints = [
            models.UniqueConstraint(fields=["poll", "starts_at"], name="time_poll_option_once")
        ]

    def __str__(self) -> str:
        return f"{self.poll}: {self.starts_at:%Y-%m-%d %H:%M}"


class TimePollInvitee(models.Model):
    """An organisation asked; its admins and contact persons answer for it."""

    poll = models.ForeignKey(TimePoll, on_delete=models.CASCADE, related_name="invitees")
    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    answered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["poll", "organization"], name="time_poll_invitee_once")
        ]

    def __str__(self) -> str:
        return f"{self.organization} → {self.poll}"


class TimePollVote(models.Model):
    class Answer(models.TextChoices):
        YES = "yes", _("Yes")
        IF_NEED_BE = "if_need_be", _("If need be")
        NO = "no", _("No")

    invitee = models.ForeignKey(TimePollInvitee, on_delete=models.CASCADE, related_name="votes")
    option = models.ForeignKey(TimePollOption, on_delete=models.CASCADE, related_name="votes")
    answer = models.CharField(_("answer"), max_length=10, choices=Answer.choices)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["invitee", "option"], name="time_poll_vote_once")
        ]

    def __str__(self) -> str:
        return f"{self.invitee}: {self.answer}"


class AgendaSchedule(models.Model):
    """How many days before a meeting its agenda goes to those invited (R34). A municipality
    without a row uses DEFAULT_DAYS."""

    DEFAULT_DAYS = 3

    municipality = models.OneToOneField(
        Municipality, on_delete=models.CASCADE, related_name="agenda_schedule"
    )
    days_before = models.PositiveSmallIntegerField(
        _("send the agenda this many days before"), default=DEFAULT_DAYS
    )

    class Meta:
        verbose_name = _("agenda schedule")
        verbose_name_plural = _("agenda schedules")

    def __str__(self) -> str:
        return f"{self.municipality}: {self.days_before}"


class LogisticsItem(models.Model):
    """One line of a meeting's logistics checklist (R39): the room, coffee and food, the agenda,
    an interpreter, accessibility, materials — to do, done or not needed, and who takes it. For
    the organisers only."""

    class Kind(models.TextChoices):
        ROOM = "room", _("Room booked")
        FOOD = "food", _("Coffee and food ordered")
        AGENDA = "agenda", _("Draft agenda sent")
        INTERPRETER = "interpreter", _("Interpreter booked")
        ACCESSIBILITY = "accessibility", _("Step-free access and hearing loop checked")
        CHILDCARE = "childcare", _("Childcare arranged")
        MATERIALS = "materials", _("Materials ready (name tags, handouts, projector)")

    class Status(models.TextChoices):
        TO_DO = "to_do", _("To do")
        DONE = "done", _("Done")
        NOT_NEEDED = "not_needed", _("Not needed")

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="logistics")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.TO_DO)
    taken_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("who takes it"),
    )
    note = models.CharField(_("note"), max_length=200, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["meeting", "kind"], name="logistics_item_once")
        ]

    def __str__(self) -> str:
        return f"{self.meeting}: {self.kind}"


class GroupMember(models.Model):
    """A member of the municipality's coordinating group (R30): someone from the municipality or
    from an organisation active there. The group is invited to a meeting as one, receives the
    minutes of its meetings, and is shown on the municipality's public page: the role and the
    organisation always, the person's name only when they agreed to it (set by the member on
    their profile, or recorded by a coordinator; the last one wins)."""

    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.CASCADE,
        related_name="group_members",
        verbose_name=_("municipality"),
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="group_memberships",
        verbose_name=_("person"),
    )
    # Empty: the person is there for the municipality.
    organization = models.ForeignKey(
        Organization,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="group_members",
        verbose_name=_("organisation"),
    )
    role_title = models.CharField(_("role in the group"), max_length=100)
    name_shown = models.BooleanField(_("name shown on the public page"), default=False)
    # Who last set `name_shown`, and when: the member themselves, or a coordinator recording
    # what the person said. The last one wins.
    name_set_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("name shown set by"),
    )
    name_set_at = models.DateTimeField(_("name shown set at"), null=True, blank=True)
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("member of the coordinating group")
        verbose_name_plural = _("members of the coordinating group")
        ordering = ["role_title", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["municipality", "user"], name="group_member_once")
        ]

    def __str__(self) -> str:
        return str(self.user)

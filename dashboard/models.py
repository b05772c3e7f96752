"""What a municipality publishes on its public page (issue #18): its own short texts and the
contact persons it chooses to show. Nobody's name, phone or e-mail is published unless a
coordinator entered it here for that purpose."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils.text import capfirst, get_text_list
from django.utils.translation import gettext_lazy as _

from accounts.models import Municipality
from core.weekly import Weekday, WeeklySlot, ends_after_start
from organizations.choices import ActivityType


class MunicipalityPage(models.Model):
    """The municipality's own words on its public page (R75)."""

    municipality = models.OneToOneField(
        Municipality,
        on_delete=models.CASCADE,
        related_name="public_page",
        verbose_name=_("municipality"),
    )
    cooperation = models.TextField(
        _("how cooperation works here"), max_length=3000, blank=True, default=""
    )
    supplements = models.TextField(
        _("what the voluntary sector does here"),
        max_length=3000,
        blank=True,
        default="",
        help_text=_("For example: the voluntary sector supplements, it does not replace."),
    )
    switchboard = models.CharField(
        _("the municipality's main phone number"), max_length=30, blank=True, default=""
    )
    website = models.URLField(_("the municipality's website"), blank=True, default="")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("public municipality page")
        verbose_name_plural = _("public municipality pages")

    def __str__(self) -> str:
        return str(self.municipality)

    def get_absolute_url(self) -> str:
        return reverse("public:municipality", args=[self.municipality.slug])


class PublishedContact(models.Model):
    """A person the municipality chooses to show as a contact on its public page."""

    class Kind(models.TextChoices):
        COORDINATOR = "coordinator", _("Volunteer coordinator")
        MUNICIPAL_CONTACT = "municipal_contact", _("Contact person in the municipality")
        ADULT_EDUCATION = "adult_education", _("Adult education")
        REFUGEE_SERVICE = "refugee_service", _("Refugee service")
        NAV = "nav", _("NAV")
        OTHER = "other", _("Other")

    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.CASCADE,
        related_name="published_contacts",
        verbose_name=_("municipality"),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    name = models.CharField(_("name"), max_length=200)
    role = models.CharField(_("role"), max_length=200, blank=True, default="")
    phone = models.CharField(_("phone"), max_length=30, blank=True, default="")
    email = models.EmailField(_("e-mail"), blank=True, default="")

    class Meta:
        verbose_name = _("published contact")
        verbose_name_plural = _("published contacts")
        ordering = ["kind", "name"]

    def __str__(self) -> str:
        return self.name


class GuideNote(models.Model):
    """The coordinator's word on one topic of the "where to refer" guide (R78): what a teacher
    or a NAV worker should know before sending someone to this kind of activity."""

    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.CASCADE,
        related_name="guide_notes",
        verbose_name=_("municipality"),
    )
    topic = models.CharField(_("topic"), max_length=30, choices=ActivityType.choices)
    note = models.TextField(_("note"), max_length=1000)

    class Meta:
        verbose_name = _("note in the referral guide")
        verbose_name_plural = _("notes in the referral guide")
        constraints = [
            models.UniqueConstraint(fields=["municipality", "topic"], name="guide_note_once")
        ]

    def __str__(self) -> str:
        return f"{self.municipality}: {self.get_topic_display()}"


# "Tuesdays and Thursdays 17:00–20:00": a weekday that recurs, for the premises' times.
WEEKDAYS_PLURAL = {
    Weekday.MONDAY: _("Mondays"),
    Weekday.TUESDAY: _("Tuesdays"),
    Weekday.WEDNESDAY: _("Wednesdays"),
    Weekday.THURSDAY: _("Thursdays"),
    Weekday.FRIDAY: _("Fridays"),
    Weekday.SATURDAY: _("Saturdays"),
    Weekday.SUNDAY: _("Sundays"),
}


class Premises(models.Model):
    """Premises the municipality lends to voluntary organisations at fixed weekly times (R16,
    seed 002 §5.2: "hver tirsdag og torsdag fra kl. 17-20")."""

    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.CASCADE,
        related_name="premises",
        verbose_name=_("municipality"),
    )
    name = models.CharField(_("name"), max_length=200)
    address = models.CharField(_("address"), max_length=300)
    capacity = models.PositiveIntegerField(
        _("capacity"), null=True, blank=True, help_text=_("How many people fit.")
    )
    note = models.TextField(
        _("note"),
        max_length=1000,
        blank=True,
        default="",
        help_text=_("For example: whom to ask for the key, what equipment there is."),
    )
    # The municipal venue of the booking calendar: granting a request books its times there as
    # weekly series (R16, W22), and the venue's exclusion constraint guards double booking.
    venue = models.ForeignKey(
        "meetings.Venue",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="premises",
        verbose_name=_("venue in the booking calendar"),
        help_text=_("A granted request books its weekly times at this venue."),
    )

    class Meta:
        verbose_name = _("premises")
        verbose_name_plural = _("premises")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def times(self) -> list[str]:
        """The slots with the same times together: ["Tuesdays and Thursdays 17:00–20:00"].
        Uses `slots.all()`, so a prefetch keeps it free of queries."""
        days_by_time: dict = {}
        for slot in sorted(self.slots.all(), key=lambda s: (s.starts_at, s.weekday)):
            days_by_time.setdefault((slot.starts_at, slot.ends_at), []).append(slot.weekday)
        return [
            capfirst(
                f"{get_text_list([str(WEEKDAYS_PLURAL[day]) for day in days], str(_('and')))} "
                f"{start:%H:%M}–{end:%H:%M}"
            )
            for (start, end), days in days_by_time.items()
        ]


class PremisesSlot(WeeklySlot):
    """A weekly time at which organisations may use the premises."""

    premises = models.ForeignKey(
        Premises, on_delete=models.CASCADE, related_name="slots", verbose_name=_("premises")
    )
    starts_at = models.TimeField(_("from"))
    ends_at = models.TimeField(_("to"))

    class Meta:
        verbose_name = _("time for premises")
        verbose_name_plural = _("times for premises")
        ordering = ["weekday", "starts_at"]
        constraints = [
            ends_after_start("starts_at", "ends_at", name="premises_slot_ends_after_start"),
            models.UniqueConstraint(
                fields=["premises", "weekday", "starts_at"], name="premises_slot_once"
            ),
        ]


class Arena(models.Model):
    """A place where newcomers are and where an organisation can present its offer (R17):
    a school, adult education, the refugee service, NAV."""

    class Kind(models.TextChoices):
        SCHOOL = "school", _("School")
        ADULT_EDUCATION = "adult_education", _("Adult education")
        REFUGEE_SERVICE = "refugee_service", _("Refugee service")
        NAV = "nav", _("NAV / jobcentre")
        OTHER = "other", _("Other")

    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.CASCADE,
        related_name="arenas",
        verbose_name=_("municipality"),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    name = models.CharField(_("name"), max_length=200)
    access = models.TextField(
        _("how to get access"),
        max_length=1000,
        help_text=_("For example: whom to ask, and when organisations may come and present."),
    )
    # The arena's own contact person, told by e-mail when an organisation asks to present its
    # offer there (W21); the coordinator still answers the organisation.
    contact_name = models.CharField(_("contact person"), max_length=200, blank=True, default="")
    contact_role = models.CharField(_("their role"), max_length=200, blank=True, default="")
    contact_email = models.EmailField(
        _("contact person's e-mail"),
        blank=True,
        default="",
        help_text=_("Told by e-mail when an organisation asks to present its offer here."),
    )
    contact_phone = models.CharField(
        _("contact person's phone"), max_length=30, blank=True, default=""
    )
    contact_public = models.BooleanField(
        _("show the contact person on the public page"), default=False
    )

    class Meta:
        verbose_name = _("arena")
        verbose_name_plural = _("arenas")
        ordering = ["kind", "name"]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        super().clean()
        has_contact = any(
            [self.contact_name, self.contact_role, self.contact_email, self.contact_phone]
        )
        errors = {}
        if has_contact and not self.contact_name.strip():
            errors["contact_name"] = _("Give the contact person's name.")
        if has_contact and not self.contact_email.strip():
            errors["contact_email"] = _("Give the contact person's e-mail address.")
        if errors:
            raise ValidationError(errors)


class PlaceRequest(models.Model):
    """An organisation asks to use the municipality's premises at some of their weekly times
    (R16, W22) or to present its offer at an arena where newcomers are (R17, W21); a coordinator
    of the municipality grants or declines it, with a reason when declining."""

    class Status(models.TextChoices):
        WAITING = "waiting", _("Waiting for the municipality")
        GRANTED = "granted", _("Granted")
        DECLINED = "declined", _("Declined")
        WITHDRAWN = "withdrawn", _("Withdrawn")
        PROPOSED = "proposed", _("Another time proposed")

    # Who may move a request from which status to which.
    ANSWERABLE = frozenset({Status.WAITING})
    WITHDRAWABLE = frozenset({Status.WAITING, Status.GRANTED, Status.PROPOSED})

    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.CASCADE,
        related_name="place_requests",
        verbose_name=_("municipality"),
    )
    organization = models.ForeignKey(
        "organizations.Organization",
        on_delete=models.CASCADE,
        related_name="place_requests",
        verbose_name=_("organisation"),
    )
    premises = models.ForeignKey(
        Premises,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="requests",
        verbose_name=_("premises"),
    )
    slots = models.ManyToManyField(
        PremisesSlot, blank=True, related_name="requests", verbose_name=_("times")
    )
    arena = models.ForeignKey(
        Arena,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="requests",
        verbose_name=_("arena"),
    )
    message = models.TextField(_("what for"), max_length=2000)
    # The weekly series a grant booked at the premises' venue (one per time), released again
    # when the organisation withdraws.
    booked = models.ManyToManyField(
        "meetings.MeetingSeries", blank=True, related_name="+", verbose_name=_("booked series")
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.WAITING
    )
    reply = models.TextField(_("the municipality's answer"), max_length=2000, blank=True)
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("asked"), auto_now_add=True)

    class Meta:
        verbose_name = _("request for premises or an arena")
        verbose_name_plural = _("requests for premises or arenas")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(premises__isnull=False, arena__isnull=True)
                    | models.Q(premises__isnull=True, arena__isnull=False)
                ),
                name="place_request_premises_or_arena",
            )
        ]

    def __str__(self) -> str:
        return f"{self.organization} → {self.place}"

    def get_absolute_url(self) -> str:
        return reverse("public:request", args=[self.municipality.slug, self.pk])

    @property
    def place(self):
        return self.premises or self.arena


class SlotProposal(models.Model):
    """A coordinator who cannot grant the asked weekly time proposes another (R16, W22): a weekly
    time of the same or other premises, from a day, with a word. The organisation accepts it (the
    request is granted with it and the venue booked) or declines it with its reason (the
    request waits for the coordinator again). Every proposal stays: the request's history."""

    class Status(models.TextChoices):
        OPEN = "open", _("Waiting for the organisation")
        ACCEPTED = "accepted", _("Accepted")
        DECLINED = "declined", _("Declined by the organisation")
        WITHDRAWN = "withdrawn", _("The request was withdrawn")

    place_request = models.ForeignKey(
        PlaceRequest, on_delete=models.CASCADE, related_name="proposals", verbose_name=_("request")
    )
    slot = models.ForeignKey(
        PremisesSlot, on_delete=models.CASCADE, related_name="+", verbose_name=_("proposed time")
    )
    starts_on = models.DateField(_("from"), null=True, blank=True)
    # What the organisation had asked for, as it read then ("Hall: Tuesday 17:00–20:00").
    asked = models.CharField(_("asked for"), max_length=500, blank=True)
    message = models.TextField(_("a word to the organisation"), max_length=2000)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.OPEN
    )
    reason = models.TextField(_("the organisation's reason"), max_length=2000, blank=True)
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    proposed_at = models.DateTimeField(_("proposed"))
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)

    class Meta:
        verbose_name = _("proposed time")
        verbose_name_plural = _("proposed times")
        ordering = ["-proposed_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["place_request"],
                condition=models.Q(status="open"),
                name="slot_proposal_one_open",
            )
        ]

    def __str__(self) -> str:
        return f"{self.slot.premises.name}: {self.slot}"


class Resource(models.Model):
    """A document or link the municipality publishes for organisations (R74): a template, a
    guide, a list of contacts, good-practice material. Public, or for signed-in organisations
    and the municipality's staff only."""

    class Category(models.TextChoices):
        TEMPLATE = "template", _("Template")
        GUIDE = "guide", _("Guide")
        CONTACTS = "contacts", _("Contacts")
        GOOD_PRACTICE = "good_practice", _("Good practice")
        OTHER = "other", _("Other")

    class Audience(models.TextChoices):
        PUBLIC = "public", _("Everyone")
        MEMBERS = "members", _("Signed-in organisations and staff")

    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.CASCADE,
        related_name="resources",
        verbose_name=_("municipality"),
    )
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), max_length=2000, blank=True, default="")
    category = models.CharField(_("category"), max_length=20, choices=Category.choices)
    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES)
    url = models.URLField(_("link"), max_length=500, blank=True, default="")
    file = models.FileField(_("file"), upload_to="resources/", blank=True, default="")
    audience = models.CharField(
        _("who sees it"), max_length=10, choices=Audience.choices, default=Audience.PUBLIC
    )
    published_on = models.DateField(_("date"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("resource")
        verbose_name_plural = _("resources")
        ordering = ["-published_on", "title"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(url="", file=""), name="resource_has_link_or_file"
            )
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("public:resources", args=[self.municipality.slug])


class Story(models.Model):
    """A good story (R72): an organisation tells in a few lines what its work gave, after asking
    the people involved, and names no refugee. The municipality's coordinator publishes it on the
    public page and in the period report, or declines it with a reason the organisation reads."""

    class Status(models.TextChoices):
        SUBMITTED = "submitted", _("Waiting for the coordinator")
        PUBLISHED = "published", _("Published")
        DECLINED = "declined", _("Declined")

    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.CASCADE,
        related_name="stories",
        verbose_name=_("municipality"),
    )
    organization = models.ForeignKey(
        "organizations.Organization",
        on_delete=models.CASCADE,
        related_name="stories",
        verbose_name=_("organisation"),
    )
    title = models.CharField(_("title"), max_length=120)
    text = models.TextField(_("the story"), max_length=2000)
    # The submitter confirmed that the people involved were asked and that no refugee is named.
    people_asked = models.BooleanField(_("the people involved were asked"), default=False)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.SUBMITTED
    )
    reason = models.TextField(_("why it is declined"), max_length=1000, blank=True, default="")
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    submitted_at = models.DateTimeField(auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("good story")
        verbose_name_plural = _("good stories")
        ordering = ["-submitted_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(people_asked=True), name="story_people_asked"
            ),
        ]
        indexes = [
            models.Index(fields=["municipality", "status"], name="story_municipality_status"),
        ]

    def __str__(self) -> str:
        return self.title

"""Grant guidance: schemes (the catalogue, with their eligibility rules as data), organisations
following a scheme, applications with their document checklist, draft review comments, and the
coordinators' help slots."""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.core.validators import FileExtensionValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from accounts.models import Municipality
from core.models import Timestamped
from core.translated_fields import shown
from grants import deadlines
from organizations.choices import Language
from organizations.models import Organization

AMOUNT = {"max_digits": 12, "decimal_places": 2, "validators": [MinValueValidator(0)]}


class Currency(models.TextChoices):
    NOK = "NOK", "NOK"
    DKK = "DKK", "DKK"


class SchemeManager(models.Manager["Scheme"]):
    def get_by_natural_key(self, slug: str) -> Scheme:
        return self.get(slug=slug)


class Scheme(models.Model):
    """A grant scheme. The fixture `grant_schemes` (loaded by slug, the natural key) is the
    shared starter catalogue; coordinators add their municipality's own."""

    class Administrator(models.TextChoices):
        NATIONAL = "national", _("A national body")
        COUNTY = "county", _("The county")
        MUNICIPALITY = "municipality", _("The municipality")
        FOUNDATION = "foundation", _("A foundation")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published")

    country = models.CharField(
        _("country"),
        max_length=2,
        choices=Municipality.Country.choices,
        default=Municipality.Country.NORWAY,
        help_text=_("Organisations in this country may apply; others never see the scheme."),
    )
    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="grant_schemes",
        verbose_name=_("municipality"),
        help_text=_("Empty for the shared catalogue; set for a municipality's own scheme."),
    )
    slug = models.SlugField(_("short name in addresses"), max_length=80, unique=True)
    name = models.CharField(_("name"), max_length=200)
    administrator = models.CharField(
        _("administered by"), max_length=20, choices=Administrator.choices
    )
    administrator_name = models.CharField(_("name of the grant manager"), max_length=200)
    summary = models.TextField(_("summary in plain language"), max_length=5000)
    who_may_apply = models.TextField(_("who may apply"), max_length=5000, blank=True)
    what_is_funded = models.TextField(_("what is funded"), max_length=5000, blank=True)
    amount_min = models.DecimalField(_("smallest amount"), null=True, blank=True, **AMOUNT)
    amount_max = models.DecimalField(_("largest amount"), null=True, blank=True, **AMOUNT)
    currency = models.CharField(
        _("currency"), max_length=3, choices=Currency.choices, default=Currency.NOK
    )
    co_funding = models.TextField(_("co-funding"), max_length=5000, blank=True)
    required_documents = models.JSONField(
        _("required documents"), default=list, blank=True, help_text=_("One item per line.")
    )
    reporting = models.TextField(_("reporting duty"), max_length=5000, blank=True)
    official_url = models.URLField(_("official page"), blank=True)
    guidance_languages = models.JSONField(_("guidance available in"), default=list, blank=True)
    deadline_rule = models.CharField(
        _("deadline"), max_length=200, blank=True, help_text=deadlines.FORMAT_EXAMPLE
    )
    window_opens_rule = models.CharField(
        _("application window opens"),
        max_length=200,
        blank=True,
        help_text=deadlines.FORMAT_EXAMPLE,
    )
    report_rule = models.CharField(
        _("report due"), max_length=200, blank=True, help_text=deadlines.FORMAT_EXAMPLE
    )
    deadline_pattern = models.CharField(
        _("usual deadline, in words"),
        max_length=200,
        blank=True,
        help_text=_(
            "Shown until this round's date is entered above, e.g. “usually early February”."
        ),
    )
    deadline_note = models.CharField(
        _("about the deadline"),
        max_length=300,
        blank=True,
        help_text=_("For example: “Set by each municipality” or a time of day."),
    )
    check_official_deadline = models.BooleanField(
        _("the date may change: check the official page"), default=True
    )
    last_verified = models.DateField(_("facts last checked"), null=True, blank=True)
    source = models.CharField(
        _("where the facts come from"),
        max_length=300,
        blank=True,
        help_text=_("For example the page or report the facts were read in."),
    )
    facts_confirmed = models.BooleanField(
        _("the facts are confirmed on the grant manager's page"),
        default=True,
        help_text=_("Untick when some facts come second-hand: the page then says to check them."),
    )
    delegated_to_municipality = models.BooleanField(
        _("the municipality hands out this scheme's money (a local round)"), default=False
    )
    cooperation_is_criterion = models.BooleanField(
        _("cooperation with the municipality counts when applications are weighed"),
        default=False,
    )
    contact_person = models.CharField(
        _("contact person at the grant manager"), max_length=200, blank=True
    )
    contact_email = models.EmailField(_("contact e-mail"), blank=True)
    information_meetings = models.ManyToManyField(
        "meetings.Meeting",
        blank=True,
        related_name="grant_schemes",
        verbose_name=_("information meetings and workshops"),
    )
    # Eligibility rules (data, read by grants.matching). An empty list means "anyone".
    requires_voluntary_register = models.BooleanField(
        _("must be in the Register of Non-Profit Organisations"), default=False
    )
    requires_org_number = models.BooleanField(_("must have an organisation number"), default=False)
    requires_cvr = models.BooleanField(_("must have a CVR number (Denmark)"), default=False)
    categories = models.JSONField(
        _("kinds of organisation that may apply"), default=list, blank=True
    )
    excluded_categories = models.JSONField(
        _("kinds of organisation that may not apply"), default=list, blank=True
    )
    levels = models.JSONField(_("levels that may apply"), default=list, blank=True)
    branches_apply_centrally = models.BooleanField(
        _("local branches apply through their central body"), default=False
    )
    activity_types = models.JSONField(_("activities funded"), default=list, blank=True)
    target_groups = models.JSONField(_("target groups"), default=list, blank=True)
    size_bands = models.JSONField(_("yearly turnover"), default=list, blank=True)
    other_conditions = models.TextField(_("other conditions to check"), max_length=5000, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    objects = SchemeManager()

    class Meta:
        verbose_name = _("grant scheme")
        verbose_name_plural = _("grant schemes")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(amount_min__isnull=True)
                | models.Q(amount_max__isnull=True)
                | models.Q(amount_min__lte=models.F("amount_max")),
                name="grant_scheme_amount_range",
            )
        ]
        indexes = [models.Index(fields=["status", "name"], name="grant_scheme_status_name_idx")]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("grants:scheme", args=[self.slug])

    def natural_key(self) -> tuple[str]:
        return (self.slug,)

    @property
    def is_published(self) -> bool:
        return self.status == self.Status.PUBLISHED

    @property
    def text_language(self) -> str:
        """The language the scheme's own texts are written in: its municipality's, or for the
        shared catalogue its country's first (bokmål, Danish). Templates mark the texts with it,
        so a screen reader reads bokmål texts on a nynorsk page as bokmål (WCAG 3.1.2)."""
        if self.municipality_id:
            return self.municipality.language
        return Municipality.LANGUAGES_BY_COUNTRY.get(self.country, ("nb",))[0]

    @property
    def rule(self) -> deadlines.Rule:
        try:
            return deadlines.parse_rule(self.deadline_rule)
        except deadlines.RuleError:
            return deadlines.Rule()

    def next_deadline(self, today: date) -> date | None:
        return self.rule.next_on_or_after(today)

    def current_deadline(self, today: date) -> date | None:
        """This round's date, only when a coordinator has entered it (never a pattern's)."""
        return deadlines.shown(self.rule, today)["date"]

    def shown_deadline(self, today: date) -> dict:
        """What the reader is told about the next deadline; a pattern in the reader's language
        or the closest, with `language` the one it is written in."""
        pattern = shown(self, "deadline_pattern")
        return deadlines.shown(self.rule, today, pattern.text) | {
            "language": pattern.language or self.text_language
        }

    def guidance_language_names(self) -> list[str]:
        labels = dict(settings.LANGUAGES) | {"no": _("Norwegian"), "en": _("English")}
        from organizations.choices import Language

        labels |= dict(Language.choices)
        return [str(labels.get(code, code)) for code in self.guidance_languages]


class Follow(models.Model):
    """An organisation follows a scheme: its admins and contact persons get deadline reminders."""

    scheme = models.ForeignKey(Scheme, on_delete=models.CASCADE, related_name="follows")
    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="grant_follows"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    # Its deadline reminders by SMS count against a municipality's monthly SMS cap
    # (notifications.services): `sms_municipality`. Loaded with it when a batch is sent.
    notification_municipality = "sms_municipality"
    notification_related = ("scheme__municipality",)

    class Meta:
        verbose_name = _("followed scheme")
        verbose_name_plural = _("followed schemes")
        constraints = [
            models.UniqueConstraint(fields=["scheme", "organization"], name="grant_follow_once")
        ]

    def __str__(self) -> str:
        return f"{self.organization} → {self.scheme}"

    @property
    def sms_municipality(self) -> Municipality | None:
        """The scheme's municipality; for a national scheme, the first (by name) of the
        municipalities the organisation is active in."""
        if self.scheme.municipality is not None:
            return self.scheme.municipality
        return self.organization.municipalities.order_by("name").first()


class Application(Timestamped):
    class Status(models.TextChoices):
        PLANNED = "planned", _("Planned")
        IN_PROGRESS = "in_progress", _("In progress")
        SUBMITTED = "submitted", _("Submitted")
        GRANTED = "granted", _("Granted")
        PARTLY_GRANTED = "partly_granted", _("Partly granted")
        REJECTED = "rejected", _("Rejected")
        REPORT_DUE = "report_due", _("Report due")
        REPORTED = "reported", _("Reported")

    # The allowed status changes: the one table (services check it, the page offers it).
    TRANSITIONS: dict[str, tuple[str, ...]] = {
        Status.PLANNED: (Status.IN_PROGRESS, Status.SUBMITTED),
        Status.IN_PROGRESS: (Status.PLANNED, Status.SUBMITTED),
        Status.SUBMITTED: (Status.GRANTED, Status.PARTLY_GRANTED, Status.REJECTED),
        Status.GRANTED: (Status.REPORT_DUE, Status.REPORTED),
        Status.PARTLY_GRANTED: (Status.REPORT_DUE, Status.REPORTED),
        Status.REJECTED: (),
        Status.REPORT_DUE: (Status.REPORTED,),
        Status.REPORTED: (),
    }
    GRANTED_STATUSES = (Status.GRANTED, Status.PARTLY_GRANTED, Status.REPORT_DUE, Status.REPORTED)

    organization = models.ForeignKey(
        Organization,
        on_delete=models.CASCADE,
        related_name="grant_applications",
        verbose_name=_("organisation"),
    )
    scheme = models.ForeignKey(
        Scheme, on_delete=models.PROTECT, related_name="applications", verbose_name=_("scheme")
    )
    title = models.CharField(_("title"), max_length=200)
    amount_applied = models.DecimalField(_("amount applied for"), null=True, blank=True, **AMOUNT)
    amount_granted = models.DecimalField(_("amount granted"), null=True, blank=True, **AMOUNT)
    currency = models.CharField(
        _("currency"), max_length=3, choices=Currency.choices, default=Currency.NOK
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.PLANNED
    )
    deadline = models.DateField(_("application deadline"), null=True, blank=True)
    submitted_on = models.DateField(_("submitted"), null=True, blank=True)
    decided_on = models.DateField(_("decision"), null=True, blank=True)
    report_due_on = models.DateField(_("report due"), null=True, blank=True)
    reported_on = models.DateField(_("reported"), null=True, blank=True)
    notes = models.TextField(_("notes"), max_length=5000, blank=True)
    is_private = models.BooleanField(
        _("private"),
        default=False,
        help_text=_("The municipality's coordinators do not see a private application."),
    )
    draft_text = models.TextField(
        _("draft application text"),
        max_length=50000,
        blank=True,
        help_text=_("Separate sections with an empty line; a line starting with # is a heading."),
    )
    draft_version = models.PositiveSmallIntegerField(_("draft version"), default=1)
    shared_with = models.ForeignKey(
        Municipality,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="shared_grant_drafts",
        verbose_name=_("draft shared with"),
    )
    shared_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        verbose_name = _("grant application")
        verbose_name_plural = _("grant applications")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(amount_applied__isnull=True) | models.Q(amount_applied__gte=0),
                name="grant_application_applied_non_negative",
            ),
            models.CheckConstraint(
                condition=models.Q(amount_granted__isnull=True) | models.Q(amount_granted__gte=0),
                name="grant_application_granted_non_negative",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("grants:application", args=[self.pk])

    @property
    def next_statuses(self) -> list[tuple[str, str]]:
        labels = dict(self.Status.choices)
        return [(code, labels[code]) for code in self.TRANSITIONS[self.status]]

    def sections(self) -> list[dict]:
        return split_sections(self.draft_text)


def report_overdue(today: date) -> models.Q:
    """A granted application whose report deadline has passed without a report."""
    return models.Q(
        status__in=Application.GRANTED_STATUSES,
        reported_on__isnull=True,
        report_due_on__lt=today,
    ) & ~models.Q(status=Application.Status.REPORTED)


def split_sections(text: str) -> list[dict]:
    """A draft split into sections at empty lines; `# Heading` names a section."""
    sections = []
    for block in text.replace("\r\n", "\n").split("\n\n"):
        lines = block.strip().split("\n")
        if not lines[0]:
            continue
        heading = lines[0].lstrip("#").strip() if lines[0].startswith("#") else ""
        body = "\n".join(lines[1:] if heading else lines).strip()
        sections.append({"number": len(sections) + 1, "heading": heading, "body": body})
    return sections


class ChecklistItem(models.Model):
    """One required document, copied from the scheme when the application is made."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="checklist")
    text = models.CharField(_("document"), max_length=300)
    position = models.PositiveSmallIntegerField(default=0)
    done = models.BooleanField(_("done"), default=False)

    class Meta:
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return self.text


class Attachment(models.Model):
    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="attachments"
    )
    file = models.FileField(
        _("file"),
        upload_to="grants/",
        validators=[FileExtensionValidator(["pdf", "docx", "odt", "xlsx", "png", "jpg", "jpeg"])],
    )
    name = models.CharField(_("name"), max_length=200)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["uploaded_at"]

    def __str__(self) -> str:
        return self.name


class DraftComment(models.Model):
    """A coordinator's comment on one section of a shared draft."""

    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="draft_comments"
    )
    section = models.PositiveSmallIntegerField(_("section"), null=True, blank=True)
    version = models.PositiveSmallIntegerField(_("draft version"), default=1)
    quote = models.CharField(_("about"), max_length=200, blank=True)
    body = models.TextField(_("comment"), max_length=4000)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    resolved_at = models.DateTimeField(null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["section", "created_at"]

    def __str__(self) -> str:
        return self.body[:50]


class DraftVersion(models.Model):
    """An earlier version of a draft, kept with the application with the comments made on it
    (the current version is `Application.draft_text`)."""

    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="draft_versions"
    )
    number = models.PositiveSmallIntegerField(_("version"))
    text = models.TextField(_("draft application text"), max_length=50000)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["application", "number"], name="grant_draft_version_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.application} v{self.number}"

    def sections(self) -> list[dict]:
        return split_sections(self.text)


class DraftReply(models.Model):
    """An answer in a comment's thread: the organisation answers the coordinator, and back."""

    comment = models.ForeignKey(DraftComment, on_delete=models.CASCADE, related_name="replies")
    body = models.TextField(_("answer"), max_length=4000)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return self.body[:50]


class HelpSlot(models.Model):
    """A one-to-one help time a coordinator offers (an application clinic); one organisation
    books it."""

    municipality = models.ForeignKey(
        Municipality, on_delete=models.CASCADE, related_name="grant_help_slots"
    )
    meeting = models.ForeignKey(
        "meetings.Meeting",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="grant_help_slots",
        verbose_name=_("grant information meeting"),
    )
    starts_at = models.DateTimeField(_("starts"))
    minutes = models.PositiveSmallIntegerField(_("length in minutes"), default=30)
    place = models.CharField(_("place or link"), max_length=300)
    note = models.CharField(_("note"), max_length=300, blank=True)
    organization = models.ForeignKey(
        Organization,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="grant_help_bookings",
        verbose_name=_("booked by"),
    )
    topic = models.CharField(_("what you want help with"), max_length=300, blank=True)
    interpreter_language = models.CharField(
        _("interpreter needed in"),
        max_length=10,
        choices=Language.choices,
        blank=True,
        help_text=_("Empty: no interpreter needed."),
    )
    booked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    booked_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        verbose_name = _("help slot")
        verbose_name_plural = _("help slots")
        ordering = ["starts_at"]

    def __str__(self) -> str:
        return f"{self.municipality} {self.starts_at:%Y-%m-%d %H:%M}"

    @property
    def is_booked(self) -> bool:
        return self.organization_id is not None

"""Cooperation needs and cooperation agreements: parties, a responsibility matrix, sections,
approval by every party of an exact version, and the versions that were approved."""

from django.conf import settings
from django.core.validators import FileExtensionValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from accounts.models import Municipality
from core.models import Timestamped, WithUuid
from organizations.models import Activity, Organization


class Need(models.Model):
    """What the municipality needs help with; organisations answer that they can contribute."""

    municipality = models.ForeignKey(
        Municipality, on_delete=models.CASCADE, related_name="needs", verbose_name=_("municipality")
    )
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), max_length=5000)
    target_group = models.CharField(_("target group"), max_length=200, blank=True)
    starts_on = models.DateField(_("from"), null=True, blank=True)
    ends_on = models.DateField(_("until"), null=True, blank=True)
    quantity = models.PositiveIntegerField(
        _("how many people or households"), null=True, blank=True
    )
    help_wanted = models.CharField(_("the kind of help wanted"), max_length=300, blank=True)
    is_published = models.BooleanField(_("published"), default=True)
    # When the organisations that asked for it were told of the need (once, when first published).
    announced_at = models.DateTimeField(null=True, blank=True, editable=False)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("cooperation need")
        verbose_name_plural = _("cooperation needs")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("agreements:need", args=[self.pk])


class NeedResponse(models.Model):
    """An organisation's "we can help" and the coordinator's answer to it."""

    class Status(models.TextChoices):
        WAITING = "waiting", _("Waiting for the municipality")
        ACCEPTED = "accepted", _("Accepted")
        DECLINED = "declined", _("Not needed this time")

    need = models.ForeignKey(Need, on_delete=models.CASCADE, related_name="responses")
    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="need_responses"
    )
    note = models.TextField(_("how you can contribute"), max_length=2000)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.WAITING
    )
    reply = models.TextField(_("the municipality's answer"), max_length=2000, blank=True)
    replied_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["need", "organization"], name="need_response_once")
        ]

    def __str__(self) -> str:
        return f"{self.organization} → {self.need}"


class Kind(models.TextChoices):
    FRAMEWORK = "framework", _("System level (framework agreement)")
    INITIATIVE = "initiative", _("Initiative level")


class Responsible(models.TextChoices):
    MUNICIPALITY = "municipality", _("The municipality")
    ORGANIZATION = "organization", _("The organisation")
    SHARED = "shared", _("Shared")


class Template(models.Model):
    """A starting point. Creating an agreement copies it; later edits leave agreements alone."""

    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="agreement_templates",
        help_text=_("Empty for the templates that come with Brobygger."),
    )
    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES)
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=200)
    purpose = models.TextField(_("purpose"), max_length=5000, blank=True)
    target_group = models.TextField(_("target group"), max_length=5000, blank=True)
    contact_sharing = models.TextField(
        _("how contact data about refugees is passed on"), max_length=5000, blank=True
    )
    municipal_support = models.TextField(
        _("support from the municipality"), max_length=5000, blank=True
    )
    meeting_frequency = models.CharField(
        _("how often the parties meet"), max_length=200, blank=True
    )
    sections = models.JSONField(default=list, blank=True)  # [{"heading": ..., "body": ...}]
    matrix = models.JSONField(default=list, blank=True)  # [{"task", "responsible", "description"}]

    class Meta:
        verbose_name = _("agreement template")
        verbose_name_plural = _("agreement templates")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Agreement(WithUuid, Timestamped):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        APPROVAL = "approval", _("Sent for approval")
        ACTIVE = "active", _("Active")
        REVISION = "revision", _("Being revised")
        ENDED = "ended", _("Ended")

    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.CASCADE,
        related_name="agreements",
        verbose_name=_("municipality"),
    )
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    framework = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="initiatives",
        verbose_name=_("framework agreement"),
        limit_choices_to={"kind": Kind.FRAMEWORK},
    )
    activities = models.ManyToManyField(
        Activity, blank=True, related_name="agreements", verbose_name=_("activities covered")
    )
    need = models.ForeignKey(
        Need, on_delete=models.SET_NULL, null=True, blank=True, related_name="agreements"
    )
    title = models.CharField(_("title"), max_length=200)
    purpose = models.TextField(_("purpose"), max_length=5000, blank=True)
    target_group = models.TextField(_("target group"), max_length=5000, blank=True)
    starts_on = models.DateField(_("starts"))
    ends_on = models.DateField(_("ends"), null=True, blank=True, help_text=_("Empty: open-ended."))
    review_on = models.DateField(_("review date"), null=True, blank=True)
    meeting_frequency = models.CharField(
        _("how often the parties meet"), max_length=200, blank=True
    )
    meeting_series = models.ForeignKey(
        "meetings.MeetingSeries",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="agreements",
        verbose_name=_("recurring meeting in the calendar"),
    )
    contact_sharing = models.TextField(
        _("how contact data about refugees is passed on"), max_length=5000, blank=True
    )
    municipal_support = models.TextField(
        _("support from the municipality"), max_length=5000, blank=True
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    is_public = models.BooleanField(pgettext_lazy("agreement", "public"), default=False)
    revision = models.PositiveIntegerField(default=0)  # up on every edit: stale forms are caught
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    approval_requested_at = models.DateTimeField(null=True, blank=True)
    # Who owns and leads the work (R29): one of the parties, and the person or role leading it.
    owner = models.ForeignKey(
        "Party",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("the party that owns and leads the work"),
    )
    work_lead = models.CharField(_("who leads the work (name or role)"), max_length=200, blank=True)
    # An organisation's own draft (R22): its admins write it until the municipality's
    # coordinator takes it over (then it is the coordinator's, sent for approval as usual).
    drafted_by = models.ForeignKey(
        Organization,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="drafted_agreements",
        verbose_name=_("drafted by"),
    )
    taken_over_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("cooperation agreement")
        verbose_name_plural = _("cooperation agreements")
        ordering = ["-updated_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__isnull=True)
                | models.Q(ends_on__gte=models.F("starts_on")),
                name="agreement_ends_after_start",
            )
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("agreements:detail", args=[self.pk])

    @property
    def is_editable(self) -> bool:
        return self.status in (self.Status.DRAFT, self.Status.APPROVAL, self.Status.REVISION)

    @property
    def is_organization_draft(self) -> bool:
        """An organisation's draft the municipality has not taken over yet (R22)."""
        return (
            self.status == self.Status.DRAFT
            and self.drafted_by_id is not None
            and self.taken_over_at is None
        )


class Party(models.Model):
    """The municipality (organization empty) or one organisation."""

    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="parties")
    organization = models.ForeignKey(
        Organization,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="agreement_parties",
    )
    representatives = models.CharField(_("who represents the party"), max_length=300, blank=True)
    contact_person = models.CharField(
        _("contact person for the cooperation"), max_length=200, blank=True
    )
    contributes = models.TextField(_("what the party contributes"), max_length=2000, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["agreement", "organization"],
                condition=models.Q(organization__isnull=False),
                name="party_organization_once",
            ),
            models.UniqueConstraint(
                fields=["agreement"],
                condition=models.Q(organization__isnull=True),
                name="party_municipality_once",
            ),
        ]

    def __str__(self) -> str:
        return str(self.organization or self.agreement.municipality)


class Section(models.Model):
    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="sections")
    position = models.PositiveSmallIntegerField(default=0)
    heading = models.CharField(_("heading"), max_length=200)
    body = models.TextField(_("text"), max_length=20000, blank=True)

    class Meta:
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return self.heading


class Row(models.Model):
    """One line of the responsibility matrix: task → who → description → when."""

    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="rows")
    position = models.PositiveSmallIntegerField(default=0)
    task = models.CharField(_("task"), max_length=300)
    responsible = models.CharField(
        _("responsible"), max_length=12, choices=Responsible.choices, default=Responsible.SHARED
    )
    organization = models.ForeignKey(
        Organization,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("organisation"),
    )
    description = models.TextField(_("description"), max_length=2000, blank=True)
    due_on = models.DateField(_("due"), null=True, blank=True)
    recurrence_note = models.CharField(_("how often"), max_length=200, blank=True)

    class Meta:
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return self.task


class Version(models.Model):
    """A numbered snapshot of the whole text, made when it is sent for approval. Read-only."""

    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    snapshot = models.JSONField()
    created_at = models.DateTimeField(auto_now_add=True)
    approved_at = models.DateTimeField(null=True, blank=True)  # when the last party approved

    class Meta:
        ordering = ["number"]
        constraints = [
            models.UniqueConstraint(fields=["agreement", "number"], name="version_number_once")
        ]

    def __str__(self) -> str:
        return f"{self.agreement} v{self.number}"

    def get_absolute_url(self) -> str:
        return reverse("agreements:version", args=[self.agreement_id, self.number])


class Approval(models.Model):
    version = models.ForeignKey(Version, on_delete=models.CASCADE, related_name="approvals")
    party = models.ForeignKey(Party, on_delete=models.CASCADE, related_name="approvals")
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    approved_by_name = models.CharField(max_length=150)  # kept if the account goes
    approved_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["version", "party"], name="approval_once_per_party")
        ]

    def __str__(self) -> str:
        return f"{self.party} approved {self.version}"


class Comment(models.Model):
    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    author_name = models.CharField(max_length=150)
    party_name = models.CharField(max_length=200)
    body = models.TextField(_("comment or proposed change"), max_length=4000)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at"]

    def __str__(self) -> str:
        return f"{self.author_name}: {self.body[:30]}"


class Attachment(models.Model):
    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(
        _("file"),
        upload_to="agreements/",
        validators=[FileExtensionValidator(["pdf", "png", "jpg", "jpeg"])],
    )
    name = models.CharField(_("name"), max_length=200)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return self.name


class Evaluation(models.Model):
    """What an evaluation of the agreement found (R27, R36): for each task of the responsibility
    matrix whether it was done, partly done or not done, with a comment, and a note. The tasks
    and who had them are copied, so the record stays as it was when the matrix is revised."""

    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="evaluations")
    meeting = models.ForeignKey(
        "meetings.Meeting",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("evaluation meeting"),
    )
    held_on = models.DateField(_("evaluated on"))
    note = models.TextField(_("what the parties agreed next"), max_length=4000, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    recorded_by_name = models.CharField(max_length=150)  # kept if the account goes
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-held_on", "-pk"]
        verbose_name = _("evaluation")
        verbose_name_plural = _("evaluations")

    def __str__(self) -> str:
        return f"{self.agreement}: {self.held_on}"

    @property
    def result_counts(self) -> list[tuple[str, int]]:
        """How many tasks were done, partly done and not done (from the prefetched items)."""
        results = [item.result for item in self.items.all()]
        return [(label, results.count(value)) for value, label in EvaluationItem.Result.choices]


class EvaluationItem(models.Model):
    class Result(models.TextChoices):
        DONE = "done", _("Done")
        PARTLY = "partly", _("Partly done")
        NOT_DONE = "not_done", _("Not done")

    evaluation = models.ForeignKey(Evaluation, on_delete=models.CASCADE, related_name="items")
    position = models.PositiveSmallIntegerField(default=0)
    task = models.CharField(_("task"), max_length=300)
    responsible = models.CharField(_("responsible"), max_length=12, choices=Responsible.choices)
    organization_name = models.CharField(max_length=200, blank=True)  # as it was then
    result = models.CharField(_("result"), max_length=10, choices=Result.choices)
    comment = models.CharField(_("comment"), max_length=1000, blank=True)

    class Meta:
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return f"{self.task}: {self.result}"

    @property
    def responsible_name(self) -> str:
        return self.organization_name or str(self.get_responsible_display())


class StatusChange(models.Model):
    """One line of the agreement's status history (R22): what happened, from which status to
    which, who did it (empty: the system, e.g. a scheduled expiry) and when, with an optional
    reason. Written by the service that changes the status, in the same transaction."""

    class Event(models.TextChoices):
        CREATED = "created", _("Draft made")
        DRAFTED = "drafted", _("Draft made by the organisation")
        TAKEN_OVER = "taken_over", _("Draft taken over by the municipality")
        SENT = "sent", _("Sent for approval")
        RESENT = "resent", _("Changed and sent for approval again")
        APPROVED = "approved", _("Approved by a party")
        IN_FORCE = "in_force", _("Approved by every party: in force")
        REVISION = "revision", _("Revision started")
        ENDED = "ended", _("Ended")
        EXPIRED = "expired", _("Expired at its end date")

    agreement = models.ForeignKey(
        Agreement, on_delete=models.CASCADE, related_name="status_changes"
    )
    event = models.CharField(_("what happened"), max_length=12, choices=Event.choices)
    from_status = models.CharField(
        _("from status"), max_length=10, choices=Agreement.Status.choices, blank=True
    )
    to_status = models.CharField(_("to status"), max_length=10, choices=Agreement.Status.choices)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    by_name = models.CharField(max_length=150, blank=True)  # kept if the account goes; "" = system
    version = models.PositiveIntegerField(null=True, blank=True)  # the version sent or approved
    detail = models.CharField(max_length=300, blank=True)  # names: who approved, who drafted
    reason = models.TextField(_("reason"), max_length=1000, blank=True)
    at = models.DateTimeField(_("when"))

    class Meta:
        ordering = ["pk"]  # the order the services wrote them in
        verbose_name = _("status change")
        verbose_name_plural = _("status changes")

    def __str__(self) -> str:
        return f"{self.agreement_id}: {self.from_status} → {self.to_status}"

"""Persons, their consent, referrals to organisations, and the append-only access log.

Privacy is the shape of these models: a person has only the fields a volunteer contact needs
(no field for special-category data exists), every referral points to the consent that allows
it, personal fields are erased in place on schedule (the rows stay for the statistics), and
every display of personal fields leaves an `AccessLogEntry` that nobody can change.
"""

from __future__ import annotations

import datetime

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import Municipality
from organizations.choices import Language
from organizations.models import Activity, Organization
from referrals.choices import (
    RIGHT_TO_LEFT,
    ChildAgeBand,
    DeclineCategory,
    Handover,
    Household,
    Interest,
    Offer,
    OfferAnswer,
    SharedField,
    SheetLanguage,
    SignedHow,
    SuitabilityCheck,
)

CONSENT_MONTHS = 6


def default_valid_until() -> datetime.date:
    return timezone.localdate() + relativedelta(months=CONSENT_MONTHS)


class InformationSheet(models.Model):
    """What the person is told before consenting, in one language; every edit is a new version.

    Brobygger ships version 1 of each language (`municipality` empty: Norwegian, English and
    Danish written by us; Arabic, Farsi/Dari, Tigrinya, Ukrainian and Somali as drafts translated
    by us, which no consent may use until a coordinator has had the translation checked and
    approves it). The drafts come twice: from the Norwegian original for Norwegian
    municipalities and from the Danish one for Danish municipalities (`country`). A
    coordinator's edit or approval creates the municipality's next version; a
    consent keeps the exact version it was given on.
    """

    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="information_sheets",
        verbose_name=_("municipality"),
    )
    language = models.CharField(_("language"), max_length=2, choices=SheetLanguage.choices)
    country = models.CharField(
        _("country"),
        max_length=2,
        choices=Municipality.Country.choices,
        blank=True,
        default="",
        help_text=_(
            "Only on a sheet Brobygger ships: the country whose original the draft translation "
            "is made from (Norwegian or Danish). Empty: for municipalities in every country."
        ),
    )
    version = models.PositiveIntegerField(_("version"))
    title = models.CharField(_("title"), max_length=200, blank=True)
    body = models.TextField(
        _("information text"),
        max_length=20000,
        blank=True,
        help_text=_("What is shared, with whom, why, for how long, and how to withdraw consent."),
    )
    consent_text = models.TextField(
        _("consent declaration"),
        max_length=5000,
        blank=True,
        help_text=_("The sentence the person confirms or signs."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    is_draft = models.BooleanField(
        _("draft"),
        default=False,
        help_text=_("A draft translation: no consent can be recorded on it until it is approved."),
    )
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("approved by"),
    )
    approved_at = models.DateTimeField(_("approved"), null=True, blank=True)

    class Meta:
        verbose_name = _("information sheet")
        verbose_name_plural = _("information sheets")
        ordering = ["language", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "country", "language", "version"],
                nulls_distinct=False,
                name="information_sheet_version_once",
            ),
            models.CheckConstraint(
                condition=models.Q(country="") | models.Q(municipality__isnull=True),
                name="information_sheet_country_only_when_shipped",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_language_display()} v{self.version}"

    @property
    def is_rtl(self) -> bool:
        return self.language in RIGHT_TO_LEFT

    @property
    def direction(self) -> str:
        return "rtl" if self.is_rtl else "ltr"

    @property
    def is_filled_in(self) -> bool:
        return bool(self.body.strip() and self.consent_text.strip())

    @property
    def is_usable(self) -> bool:
        """A consent can be recorded on it: filled in and not a draft waiting for approval."""
        return self.is_filled_in and not self.is_draft


class Person(models.Model):
    """A refugee who wants a volunteer contact, owned by the caseworker's municipality.

    Only what a volunteer contact needs. There is no field for health, ethnicity, religion,
    political views, union membership, sexuality, criminal or social-case information, and the
    two free-text fields carry a warning not to write such data.
    """

    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.PROTECT,
        related_name="persons",
        verbose_name=_("municipality"),
    )
    given_name = models.CharField(_("given name"), max_length=100, blank=True)
    family_name = models.CharField(_("family name"), max_length=100, blank=True)
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    postal_code = models.CharField(_("postcode"), max_length=4, blank=True)
    postal_area = models.CharField(_("postal area"), max_length=100, blank=True)
    street_address = models.CharField(
        _("street address"),
        max_length=200,
        blank=True,
        help_text=_("Only when the person wants the address shared; leave empty otherwise."),
    )
    languages = models.JSONField(_("preferred languages"), default=list, blank=True)
    interests = models.JSONField(_("interests"), default=list, blank=True)
    interests_other = models.CharField(_("other interests"), max_length=200, blank=True)
    household = models.CharField(
        _("household type"), max_length=10, choices=Household.choices, blank=True
    )
    wants_family_offer = models.BooleanField(
        _("wants an offer for the whole family"), default=False
    )
    children_age_bands = models.JSONField(_("children's ages"), default=list, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(_("registered"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    erased_at = models.DateTimeField(_("personal data erased"), null=True, blank=True)

    # The one list of what the person tells the caseworker about themselves: the person form's
    # fields, what erasure empties in place (the row stays for the statistics) and what the
    # export shows. A new field goes here or in NOT_PERSONAL_FIELDS; a test fails until it does.
    PERSONAL_FIELDS = (
        "given_name",
        "family_name",
        "phone",
        "email",
        "postal_code",
        "postal_area",
        "street_address",
        "languages",
        "interests",
        "interests_other",
        "household",
        "wants_family_offer",
        "children_age_bands",
    )
    # Kept after erasure: whose the row is, and when things happened.
    NOT_PERSONAL_FIELDS = (
        "id",
        "municipality",
        "created_by",
        "created_at",
        "updated_at",
        "erased_at",
    )

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("persons")
        ordering = ["family_name", "given_name", "pk"]
        indexes = [models.Index(fields=["municipality", "erased_at"], name="person_muni_erased")]

    def __str__(self) -> str:
        return self.display_name

    def get_absolute_url(self) -> str:
        return reverse("referrals:person", args=[self.pk])

    @property
    def display_name(self) -> str:
        if self.erased_at:
            return str(_("Erased person #%(pk)s") % {"pk": self.pk})
        return f"{self.given_name} {self.family_name}".strip()

    @property
    def is_erased(self) -> bool:
        return self.erased_at is not None

    def get_languages_display(self) -> list[str]:
        labels = dict(Language.choices)
        return [str(labels.get(code, code)) for code in self.languages]

    def get_interests_display(self) -> list[str]:
        labels = dict(Interest.choices)
        shown = [str(labels.get(code, code)) for code in self.interests]
        if self.interests_other:
            shown.append(self.interests_other)
        return shown

    def get_children_age_bands_display(self) -> list[str]:
        labels = dict(ChildAgeBand.choices)
        return [str(labels.get(code, code)) for code in self.children_age_bands]


class Consent(models.Model):
    """The person's consent: what they were told, what may be shared, with whom, for what, until
    when. It lifts the municipality's duty of confidentiality for exactly that scope."""

    person = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="consents", verbose_name=_("person")
    )
    informed_on = models.DateField(_("informed on"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    information_language = models.CharField(
        _("language of the information"), max_length=2, choices=SheetLanguage.choices
    )
    information_sheet = models.ForeignKey(
        InformationSheet,
        on_delete=models.PROTECT,
        related_name="consents",
        verbose_name=_("information sheet"),
    )
    interpreter_present = models.BooleanField(_("an interpreter was present"), default=False)
    shared_fields = models.JSONField(_("may be shared"), default=list)
    organizations = models.ManyToManyField(
        Organization,
        blank=True,
        related_name="consents",
        verbose_name=_("with these organisations"),
    )
    municipality_chooses = models.BooleanField(
        _("with organisations the municipality chooses"), default=False
    )
    offer = models.CharField(_("for this offer"), max_length=30, choices=Offer.choices)
    offer_note = models.CharField(
        _("the offer in the person's words"),
        max_length=200,
        blank=True,
        help_text=_("For example “a refugee guide to get to know Drammen”."),
    )
    signed_how = models.CharField(_("how it was given"), max_length=10, choices=SignedHow.choices)
    person_confirmed = models.BooleanField(_("the person confirmed"), default=False)
    valid_from = models.DateField(_("valid from"), default=timezone.localdate)
    valid_until = models.DateField(_("valid until"), default=default_valid_until)
    withdrawn_on = models.DateField(_("withdrawn on"), null=True, blank=True)
    withdrawn_at = models.DateTimeField(_("withdrawal recorded"), null=True, blank=True)
    created_at = models.DateTimeField(_("recorded"), auto_now_add=True)

    class Meta:
        verbose_name = _("consent")
        verbose_name_plural = _("consents")
        ordering = ["-valid_until", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(person_confirmed=True), name="consent_person_confirmed"
            ),
            models.CheckConstraint(
                condition=models.Q(valid_until__gte=models.F("valid_from")),
                name="consent_period_order",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_offer_display()} ({self.valid_from} – {self.valid_until})"

    def get_absolute_url(self) -> str:
        return reverse("referrals:consent", args=[self.pk])

    def is_valid(self, today: datetime.date | None = None) -> bool:
        today = today or timezone.localdate()
        return self.withdrawn_at is None and self.valid_from <= today <= self.valid_until

    def covers(self, organization: Organization | None) -> bool:
        """Whether the consent lets the municipality refer to this organisation (None: routing)."""
        if organization is None:
            return self.municipality_chooses or bool(self._organization_ids())
        return self.municipality_chooses or organization.pk in self._organization_ids()

    def _organization_ids(self) -> set[int]:
        cached = getattr(self, "_organization_id_cache", None)
        if cached is None:
            cached = {o.pk for o in self.organizations.all()}
            self._organization_id_cache = cached
        return cached

    def allows(self, field: str) -> bool:
        return field in self.shared_fields

    def get_shared_fields_display(self) -> list[str]:
        labels = dict(SharedField.choices)
        return [str(labels[code]) for code in SharedField.values if code in self.shared_fields]


class Referral(models.Model):
    """A request to an organisation (or to the coordinator for routing) to contact a person."""

    class Status(models.TextChoices):
        SUBMITTED = "submitted", _("Submitted")
        ROUTED = "routed", _("Routed")
        ACCEPTED = "accepted", _("Accepted")
        DECLINED = "declined", _("Declined")
        CONTACT_MADE = "contact_made", _("Contact made")
        UNREACHABLE = "unreachable", _("Could not reach")
        CLOSED = "closed", _("Closed")
        WITHDRAWN = "withdrawn", _("Consent withdrawn")
        EXPIRED = "expired", _("Consent expired")

    # The allowed transitions, in one place. Services refuse anything else.
    TRANSITIONS: dict[str, frozenset[str]] = {
        Status.SUBMITTED: frozenset(
            {Status.ROUTED, Status.ACCEPTED, Status.DECLINED, Status.WITHDRAWN, Status.EXPIRED}
        ),
        Status.ROUTED: frozenset(
            {Status.ACCEPTED, Status.DECLINED, Status.WITHDRAWN, Status.EXPIRED}
        ),
        Status.ACCEPTED: frozenset(
            {Status.CONTACT_MADE, Status.UNREACHABLE, Status.WITHDRAWN, Status.EXPIRED}
        ),
        Status.DECLINED: frozenset({Status.CLOSED}),
        Status.CONTACT_MADE: frozenset({Status.CLOSED}),
        Status.UNREACHABLE: frozenset({Status.CLOSED}),
        Status.CLOSED: frozenset(),
        Status.WITHDRAWN: frozenset(),
        Status.EXPIRED: frozenset(),
    }
    OPEN = frozenset({Status.SUBMITTED, Status.ROUTED, Status.ACCEPTED})
    WAITING_FOR_ANSWER = frozenset({Status.SUBMITTED, Status.ROUTED})

    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.PROTECT,
        related_name="referrals",
        verbose_name=_("municipality"),
    )
    person = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="referrals", verbose_name=_("person")
    )
    consent = models.ForeignKey(
        Consent, on_delete=models.PROTECT, related_name="referrals", verbose_name=_("consent")
    )
    organization = models.ForeignKey(
        Organization,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="referrals",
        verbose_name=_("organisation"),
        help_text=_("Leave empty to let the coordinator choose the organisation."),
    )
    activity = models.ForeignKey(
        Activity,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="referrals",
        verbose_name=_("activity"),
    )
    offer = models.CharField(_("offer"), max_length=30, choices=Offer.choices)
    note = models.TextField(
        _("note to the organisation"),
        max_length=1000,
        blank=True,
        help_text=_(
            "What the person hopes for, e.g. practising Norwegian on weekday evenings. Never write "
            "about health, religion, ethnicity, politics, sexuality, criminal or social-case "
            "matters."
        ),
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.SUBMITTED
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(_("submitted"), default=timezone.now)
    routed_at = models.DateTimeField(_("routed"), null=True, blank=True)
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)
    accepted_at = models.DateTimeField(_("accepted"), null=True, blank=True)
    contact_at = models.DateTimeField(_("contact made or given up"), null=True, blank=True)
    ended_at = models.DateTimeField(_("ended"), null=True, blank=True)
    decline_category = models.CharField(
        _("reason for declining"),
        max_length=30,
        choices=DeclineCategory.choices,
        blank=True,
        help_text=_("What the coordinator's statistics count; it says nothing about the person."),
    )
    # Free text for the caseworker only: it may name the person however the form warns, so it is
    # erased with the note (and the person's fields) and never shown to coordinators.
    decline_reason = models.CharField(
        _("note to the caseworker"),
        max_length=300,
        blank=True,
        help_text=_(
            "Optional, only the caseworker sees it. For example “we have a group for young "
            "people from May”. Never write the person's name, phone number or other personal "
            "data."
        ),
    )
    interpreter_needed = models.BooleanField(
        _("the first meeting needs an interpreter"), default=False, db_default=False
    )
    interpreter_language = models.CharField(
        _("interpreter's language"),
        max_length=3,
        choices=Language.choices,
        blank=True,
        default="",
        db_default="",
    )
    # The caseworker's suitability check (SuitabilityCheck codes), every one ticked (R45).
    suitability = models.JSONField(
        _("suitability confirmed"), default=list, db_default=[], blank=True
    )
    handover = models.CharField(
        _("how the details reached the volunteer"),
        max_length=10,
        choices=Handover.choices,
        blank=True,
        default="",
        db_default="",
    )
    copies_deleted_at = models.DateTimeField(
        _("copies outside Brobygger confirmed deleted"), null=True, blank=True
    )
    personal_data_erased_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("referral")
        verbose_name_plural = _("referrals")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["municipality", "status"], name="referral_muni_status"),
            models.Index(fields=["organization", "status"], name="referral_org_status"),
            # The referral list's organisation filter: the organisations a municipality's
            # referrals went to, read from the index alone (issue #24).
            models.Index(fields=["municipality", "organization"], name="referral_muni_org"),
            # The overview's referrals per month by outcome, from the index alone.
            models.Index(
                fields=["municipality", "created_at"],
                include=["status", "id"],
                name="referral_muni_created_status",
            ),
            models.Index(fields=["status", "created_at"], name="referral_status_created"),
            models.Index(
                fields=["ended_at"],
                condition=models.Q(personal_data_erased_at__isnull=True),
                name="referral_ended_unerased",
            ),
        ]

    def __str__(self) -> str:
        return str(_("Referral #%(pk)s") % {"pk": self.pk})

    def get_absolute_url(self) -> str:
        return reverse("referrals:referral", args=[self.pk])

    @property
    def is_open(self) -> bool:
        return self.status in self.OPEN

    @property
    def is_waiting_for_routing(self) -> bool:
        return self.status == self.Status.SUBMITTED and self.organization_id is None

    @property
    def is_waiting_for_answer(self) -> bool:
        return self.status in self.WAITING_FOR_ANSWER and self.organization_id is not None

    def can_move_to(self, status: str) -> bool:
        return status in self.TRANSITIONS[self.status]

    def get_suitability_display(self) -> list[str]:
        labels = dict(SuitabilityCheck.choices)
        return [str(labels[code]) for code in SuitabilityCheck.values if code in self.suitability]


class OfferPresentation(models.Model):
    """The caseworker presented a volunteer offer and what the person answered (R52, W8).

    "Not now" sets a day to offer it again; the caseworker who presented it is reminded on that
    day (the reminder holds a link, nothing about the person). Kept after the person's data is
    erased: it is counted in the statistics and holds nothing personal besides the link."""

    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.PROTECT,
        related_name="offer_presentations",
        verbose_name=_("municipality"),
    )
    person = models.ForeignKey(
        Person,
        on_delete=models.PROTECT,
        related_name="offer_presentations",
        verbose_name=_("person"),
    )
    offer = models.CharField(_("offer"), max_length=30, choices=Offer.choices)
    presented_on = models.DateField(_("presented on"))
    answer = models.CharField(_("answer"), max_length=10, choices=OfferAnswer.choices)
    offer_again_on = models.DateField(_("offer again on"), null=True, blank=True)
    presented_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("presented by"),
    )
    created_at = models.DateTimeField(_("recorded"), default=timezone.now)

    class Meta:
        verbose_name = _("offer presented")
        verbose_name_plural = _("offers presented")
        ordering = ["-presented_on", "-pk"]
        indexes = [
            models.Index(fields=["answer", "offer_again_on"], name="offer_answer_again"),
            models.Index(fields=["municipality", "presented_on"], name="offer_muni_presented"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(answer="not_now", offer_again_on__isnull=False)
                | (~models.Q(answer="not_now") & models.Q(offer_again_on__isnull=True)),
                name="offer_again_only_after_not_now",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_offer_display()} ({self.presented_on}): {self.get_answer_display()}"

    def get_absolute_url(self) -> str:
        return reverse("referrals:person", args=[self.person_id])


class AuditEvent(models.Model):
    """The time line of a person's consents and referrals: who did what, when. No personal data."""

    class Action(models.TextChoices):
        PERSON_REGISTERED = "person_registered", _("Person registered")
        PERSON_UPDATED = "person_updated", _("Person's details updated")
        PERSON_ERASED = "person_erased", _("Personal data erased")
        OFFER_PRESENTED = "offer_presented", _("Offer presented")
        CONSENT_RECORDED = "consent_recorded", _("Consent recorded")
        CONSENT_RENEWED = "consent_renewed", _("Consent renewed")
        CONSENT_WITHDRAWN = "consent_withdrawn", _("Consent withdrawn")
        CONSENT_EXPIRED = "consent_expired", _("Consent expired")
        REFERRAL_STATUS = "referral_status", _("Referral status changed")
        REFERRAL_ERASED = "referral_erased", _("Referral's personal data erased")

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="events")
    consent = models.ForeignKey(
        Consent, on_delete=models.CASCADE, null=True, blank=True, related_name="events"
    )
    referral = models.ForeignKey(
        Referral, on_delete=models.CASCADE, null=True, blank=True, related_name="events"
    )
    action = models.CharField(_("what"), max_length=30, choices=Action.choices)
    status = models.CharField(
        _("status"), max_length=20, choices=Referral.Status.choices, blank=True
    )
    note = models.CharField(_("note"), max_length=300, blank=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("by"),
    )
    by_organization = models.ForeignKey(
        Organization, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    at = models.DateTimeField(_("when"), default=timezone.now)

    class Meta:
        verbose_name = _("event")
        verbose_name_plural = _("events")
        ordering = ["at", "pk"]
        indexes = [models.Index(fields=["referral", "at"], name="audit_referral_at")]

    def __str__(self) -> str:
        return f"{self.get_action_display()} @ {self.at:%Y-%m-%d %H:%M}"


class AccessLogEntry(models.Model):
    """One display of personal fields: who, when, which person, why. Append-only.

    The application has no code path that changes or deletes an entry, and on PostgreSQL a
    trigger refuses UPDATE and DELETE on the table (migration 0002). The references carry no
    database constraint so that nothing can cascade into the log; `user_label` keeps who it was.
    """

    class Reason(models.TextChoices):
        PERSON_PAGE = "person_page", _("Person page")
        PERSON_EXPORT = "person_export", _("Export of everything held")
        CONSENT_FORM = "consent_form", _("Consent form")
        PERSON_LIST = "person_list", _("List of persons")
        PERSON_SEARCH = "person_search", _("Search for a person by name")
        REFERRAL_LIST = "referral_list", _("List of referrals")
        REFERRAL_SUMMARY = "referral_summary", _("Referral summary")
        REFERRAL_CONTACT = "referral_contact", _("Contact details after acceptance")
        ROUTING = "routing", _("Routing by the coordinator")

    at = models.DateTimeField(_("when"), default=timezone.now, db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        null=True,
        related_name="+",
        verbose_name=_("who"),
    )
    user_label = models.CharField(_("who"), max_length=300)
    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="+",
        verbose_name=_("municipality"),
    )
    person = models.ForeignKey(
        Person,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="+",
        verbose_name=_("person"),
    )
    referral = models.ForeignKey(
        Referral,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("referral"),
    )
    reason = models.CharField(_("why"), max_length=30, choices=Reason.choices)
    path = models.CharField(_("page"), max_length=300)
    # In which capacity: a municipal role (coordinator, caseworker) or "organization" with the
    # organisation whose person saw it; what a person's access request answers with.
    role = models.CharField(_("as"), max_length=20, blank=True, default="", db_default="")
    organization = models.ForeignKey(
        Organization,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("organisation"),
    )

    class Meta:
        verbose_name = _("access log entry")
        verbose_name_plural = _("access log")
        ordering = ["-at", "-pk"]
        indexes = [
            models.Index(fields=["municipality", "-at"], name="access_muni_at"),
            models.Index(fields=["person", "-at"], name="access_person_at"),
        ]

    def __str__(self) -> str:
        return f"{self.user_label} → {self.person_id} ({self.reason}) @ {self.at:%Y-%m-%d %H:%M}"


# Each retention period in days: (least, default, most). The bounds are the legal ones a
# coordinator can choose within; the field, the form and the purge all read them from here.
RETENTION_DAYS: dict[str, tuple[int, int, int]] = {
    "referral_days": (0, 30, 365),
    "person_days": (0, 30, 365),
    "access_log_days": (365, 730, 1825),
    "offer_days": (30, 730, 1825),
    "decline_days": (30, 730, 1825),
    "audit_days": (365, 1825, 3650),
    "announcement_days": (30, 365, 1825),
    "account_days": (180, 730, 1825),
}


def _days(name: str, verbose_name, **kwargs) -> models.PositiveIntegerField:
    least, default, most = RETENTION_DAYS[name]
    return models.PositiveIntegerField(
        verbose_name,
        default=default,
        validators=[MinValueValidator(least), MaxValueValidator(most)],
        **kwargs,
    )


class RetentionPolicy(models.Model):
    """How long each kind of data is kept in one municipality (R76), within the bounds below;
    the nightly purge applies it. A municipality without a row keeps the defaults."""

    # field → (least, most) days, and field → the default (RETENTION_DAYS).
    BOUNDS: dict[str, tuple[int, int]] = {
        name: (least, most) for name, (least, _default, most) in RETENTION_DAYS.items()
    }
    DEFAULTS: dict[str, int] = {name: default for name, (_l, default, _m) in RETENTION_DAYS.items()}

    municipality = models.OneToOneField(
        Municipality,
        on_delete=models.CASCADE,
        related_name="retention_policy",
        verbose_name=_("municipality"),
    )
    referral_days = _days("referral_days", _("notes of ended referrals, days after the end"))
    person_days = _days(
        "person_days", _("a person's details, days after the last referral or consent ended")
    )
    access_log_days = _days(
        "access_log_days",
        _("the access log, days"),
        help_text=_("Long enough to answer a person's request to see who saw their data."),
    )
    offer_days = _days("offer_days", _("offers presented, days"))
    decline_days = _days(
        "decline_days",
        _("reasons for declining, days after the answer"),
        help_text=_("Then the reason and any note go; the referral still counts as declined."),
    )
    audit_days = _days(
        "audit_days", _("the time line of each person's consents and referrals, days")
    )
    announcement_days = _days(
        "announcement_days", _("announcements to organisations, days after sending")
    )
    account_days = _days(
        "account_days",
        _("user accounts without any role, days after the last sign-in"),
        help_text=_(
            "Only accounts that hold no role anywhere are deleted. A staff role lapses first, "
            "after a warning, when its holder stops signing in."
        ),
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    updated_at = models.DateTimeField(_("changed"), auto_now=True)

    class Meta:
        verbose_name = _("retention policy")
        verbose_name_plural = _("retention policies")

    def __str__(self) -> str:
        return str(self.municipality)


class PrivacyNotice(models.Model):
    """The facts of the municipality's privacy notice that only it can give (GDPR art. 13): who
    is the controller, on what legal basis, and how to reach its data protection officer. The
    rest of the notice (what is processed, why, for how long) comes from the record of
    processing; the public page /m/<slug>/privacy/ puts the two together."""

    municipality = models.OneToOneField(
        Municipality,
        on_delete=models.CASCADE,
        related_name="privacy_notice",
        verbose_name=_("municipality"),
    )
    controller_name = models.CharField(
        _("the controller's legal name"),
        max_length=200,
        help_text=_("The municipality's legal name, as in the register of legal entities."),
    )
    controller_address = models.TextField(_("the controller's postal address"), max_length=500)
    legal_basis = models.TextField(
        _("legal basis"),
        max_length=2000,
        help_text=_("The article of the GDPR and the national law the processing rests on."),
    )
    dpo_name = models.CharField(_("data protection officer's name"), max_length=200)
    dpo_email = models.EmailField(_("data protection officer's e-mail"))
    dpo_phone = models.CharField(_("data protection officer's phone"), max_length=40, blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    updated_at = models.DateTimeField(_("changed"), auto_now=True)

    FIELDS = (
        "controller_name",
        "controller_address",
        "legal_basis",
        "dpo_name",
        "dpo_email",
        "dpo_phone",
    )

    class Meta:
        verbose_name = _("privacy notice")
        verbose_name_plural = _("privacy notices")

    def __str__(self) -> str:
        return str(self.municipality)


class OfferLeafletApproval(models.Model):
    """A coordinator has had the shipped translation of the offer leaflet (referrals.leaflet)
    checked and approves it for the municipality: only then is it printed for the public. The
    approval is for one exact text (`text_digest`); a changed text needs a new one."""

    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.CASCADE,
        related_name="offer_leaflet_approvals",
        verbose_name=_("municipality"),
    )
    language = models.CharField(_("language"), max_length=2, choices=SheetLanguage.choices)
    text_digest = models.CharField(_("text checksum"), max_length=64)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("approved by"),
    )
    approved_at = models.DateTimeField(_("approved"), default=timezone.now)

    class Meta:
        verbose_name = _("offer leaflet approval")
        verbose_name_plural = _("offer leaflet approvals")
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "language", "text_digest"],
                name="offer_leaflet_approved_once",
            )
        ]

    def __str__(self) -> str:
        return f"{self.municipality} {self.language}"


class StaffFeedback(models.Model):
    """A referring caseworker's answer to the quarterly follow-up (R40, W13): what works, what is
    hard, and how many people they offered a volunteer contact. About the work, never about a
    person: the coordinator sees the answers together, without who gave them."""

    municipality = models.ForeignKey(
        Municipality, on_delete=models.CASCADE, related_name="staff_feedback"
    )
    year = models.PositiveSmallIntegerField()
    quarter = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(1), MaxValueValidator(4)]
    )
    # Only so that a person answers once a quarter (and can correct it); never shown.
    respondent = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    what_works = models.TextField(_("what works"), max_length=2000, blank=True)
    what_is_hard = models.TextField(_("what is hard"), max_length=2000, blank=True)
    offered = models.PositiveIntegerField(
        _("how many you offered a volunteer contact"),
        validators=[MaxValueValidator(10000)],
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-year", "-quarter", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "year", "quarter", "respondent"],
                name="staff_feedback_once_a_quarter",
            )
        ]

    def __str__(self) -> str:
        return f"{self.municipality} {self.year} Q{self.quarter}"

"""The registry: organisations, who belongs to them, what they offer and when.

Multi-valued vocabularies (categories, target groups, languages) are small lookup tables so that
filters work the same on SQLite and PostgreSQL; their codes come from `organizations.choices`.
"""

import uuid
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import FileExtensionValidator, MaxValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from accounts.models import Municipality
from core.countries import DENMARK, NORWAY, SEARCH_CONFIGS, country_of, currency_for
from core.models import Timestamped, WithUuid
from core.translated_fields import Shown, reader_order, shown
from core.weekly import WeeklySlot, ends_after_start
from organizations import choices

# The text-search configuration a row's `search_document` is stemmed with (migration 0009
# computes the stored `search_vector` from it): its country's language. Descriptions in another
# language are stemmed in theirs (`search_texts`, migration 0016, organizations.search).
SEARCH_CONFIG_CHOICES = [(config, config) for config in SEARCH_CONFIGS.values()]


def unconfirmed_for(days: int, *, prefix: str = "") -> models.Q:
    """Profiles nobody has confirmed or saved for `days` days (counted, for one never
    confirmed, from when it was made): settings.PROFILE_*_DAYS (issue #18). `prefix` reaches
    the organisation from another model ("organization__")."""
    before = timezone.now() - timedelta(days=days)
    return models.Q(**{f"{prefix}confirmed_at__lt": before}) | models.Q(
        **{f"{prefix}confirmed_at__isnull": True, f"{prefix}created_at__lt": before}
    )


class Term(models.Model):
    """A code from one of the fixed vocabularies; shown with its translated label."""

    CHOICES: type[models.TextChoices]

    code = models.CharField(max_length=30, unique=True)

    class Meta:
        abstract = True
        ordering = ["code"]

    def __str__(self) -> str:
        return str(self.label)

    @property
    def label(self) -> str:
        try:
            return self.CHOICES(self.code).label
        except ValueError:  # a code the vocabulary no longer has
            return self.code


class CategoryTerm(Term):
    CHOICES = choices.Category

    class Meta(Term.Meta):
        verbose_name = _("category")
        verbose_name_plural = _("categories")


class TargetGroupTerm(Term):
    CHOICES = choices.TargetGroup

    class Meta(Term.Meta):
        verbose_name = _("target group")
        verbose_name_plural = _("target groups")


class LanguageTerm(Term):
    CHOICES = choices.Language

    class Meta(Term.Meta):
        verbose_name = _("language")
        verbose_name_plural = _("languages")


class OfferTerm(Term):
    """What an organisation can offer others (R08)."""

    CHOICES = choices.Offer

    class Meta(Term.Meta):
        verbose_name = _("offer")
        verbose_name_plural = _("offers")


class NeedTerm(Term):
    """What an organisation needs (R08)."""

    CHOICES = choices.Need

    class Meta(Term.Meta):
        verbose_name = _("need")
        verbose_name_plural = _("needs")


# An organisation's many-to-many fields: what its forms hand the services apart from the rest.
ORGANIZATION_M2M = (
    "categories",
    "municipalities",
    "languages",
    "target_groups",
    "offers",
    "needs",
)


class OrganizationQuerySet(models.QuerySet):
    def verified_in(self, municipality) -> "OrganizationQuerySet":
        """Organisations that this municipality's coordinators have verified (a municipality, its
        id, or several of either). Being verified elsewhere does not count here."""
        if isinstance(municipality, (list, tuple, set, frozenset, models.QuerySet)):
            condition = {"municipality__in": municipality}
        else:
            condition = {"municipality": municipality}
        links = OrganizationMunicipality.objects.filter(
            status=Organization.Status.VERIFIED, **condition
        ).values("organization_id")
        return self.filter(pk__in=links)

    def verified_anywhere(self) -> "OrganizationQuerySet":
        """Public organisations: verified in at least one of their municipalities."""
        return self.filter(status=Organization.Status.VERIFIED)


class Organization(WithUuid):
    """An organisation. Verification is per municipality (`OrganizationMunicipality`); `status`,
    `verified_at` and `verified_by` here are a summary the services keep from those rows:
    verified when at least one municipality has verified it (then it is public: the directory,
    its page, the HSDS API), rejected when every municipality has rejected it, pending otherwise.
    What an organisation may do in one municipality (receive referrals, be invited, see venues
    and help times, organise meetings) asks that municipality's row, never this summary."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Awaiting verification")
        VERIFIED = "verified", _("Verified")
        REJECTED = "rejected", _("Rejected")
        CLOSED = "closed", _("Closed")

    class NumberScheme(models.TextChoices):
        NORWAY = "NO-BRC", _("Norwegian organisation number")
        DENMARK = "DK-CVR", _("Danish CVR number")

    class PoliceCertificates(models.TextChoices):
        YES = "yes", _("Yes, all volunteers who work with children have one")
        NO = "no", _("No")
        NOT_RELEVANT = "not_relevant", _("Not relevant: we do not work with children")

    Kind = choices.ActorKind
    Orientation = choices.Orientation

    name = models.CharField(_("name"), max_length=200)
    # R02–R04: what kind of actor this is. Registered kinds have an organisation number; the
    # others are reached through their contact person (organizations.forms.OrganizationForm).
    kind = models.CharField(
        _("kind of actor"), max_length=12, choices=Kind.choices, default=Kind.ASSOCIATION
    )
    orientation = models.CharField(
        _("who the organisation is for"), max_length=8, choices=Orientation.choices, blank=True
    )
    parent = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="branches",
        verbose_name=_("umbrella organisation"),
        help_text=_("For a local branch: the national or regional organisation it belongs to."),
    )
    org_number = models.CharField(
        _("organisation number"),
        max_length=9,
        blank=True,
        help_text=_("Optional for informal groups without a registered number."),
    )
    number_scheme = models.CharField(
        _("number type"),
        max_length=6,
        choices=NumberScheme.choices,
        default=NumberScheme.NORWAY,
    )
    organization_form = models.CharField(_("organisation form"), max_length=120, blank=True)
    in_voluntary_register = models.BooleanField(
        _("registered in the Register of Non-Profit Organisations"), null=True, blank=True
    )
    categories = models.ManyToManyField(
        CategoryTerm, related_name="organizations", verbose_name=_("categories")
    )
    municipalities = models.ManyToManyField(
        Municipality,
        through="OrganizationMunicipality",
        related_name="organizations",
        verbose_name=_("municipalities where active"),
        blank=True,
    )
    # Translated (organizations/translation.py): stored as description_nb, _nn, _da and _en.
    description = models.TextField(_("description"), max_length=5000, blank=True)
    website = models.URLField(_("website"), blank=True)
    email = models.EmailField(_("public e-mail"), blank=True)
    phone = models.CharField(_("public phone"), max_length=16, blank=True)
    postal_address = models.CharField(_("postal address"), max_length=200, blank=True)
    postal_code = models.CharField(_("postcode"), max_length=10, blank=True)
    postal_city = models.CharField(_("town"), max_length=100, blank=True)
    visiting_address = models.CharField(_("visiting address"), max_length=200, blank=True)
    visiting_postal_code = models.CharField(_("visiting postcode"), max_length=10, blank=True)
    visiting_city = models.CharField(_("visiting town"), max_length=100, blank=True)
    languages = models.ManyToManyField(
        LanguageTerm, related_name="organizations", verbose_name=_("languages"), blank=True
    )
    target_groups = models.ManyToManyField(
        TargetGroupTerm,
        related_name="organizations",
        verbose_name=_("target groups"),
        blank=True,
    )
    police_certificates = models.CharField(
        _("police certificates for volunteers who work with children"),
        max_length=20,
        choices=PoliceCertificates.choices,
        blank=True,
    )
    volunteers_insured = models.BooleanField(
        _("volunteers are insured through the organisation"), null=True, blank=True
    )
    logo = models.ImageField(
        _("logo"),
        upload_to="logos/",
        blank=True,
        validators=[FileExtensionValidator(["png", "jpg", "jpeg", "webp"])],
    )
    looking_for_partners = models.CharField(
        _("looking for partners for"),
        max_length=300,
        blank=True,
        help_text=_('For example "running a homework club on Tuesdays".'),
    )
    looking_for_partners_until = models.DateField(_("until"), null=True, blank=True)
    # R08: what the organisation can offer others and what it needs, searchable by other
    # organisations and the coordinator (organizations.selectors.offers_and_needs_in).
    offers = models.ManyToManyField(
        OfferTerm,
        related_name="organizations",
        verbose_name=_("what you can offer other organisations"),
        blank=True,
    )
    offers_text = models.CharField(
        _("about what you offer"),
        max_length=300,
        blank=True,
        help_text=_('For example "a meeting room on weekday evenings, Arabic and Tigrinya".'),
    )
    needs = models.ManyToManyField(
        NeedTerm,
        related_name="organizations",
        verbose_name=_("what you need"),
        blank=True,
    )
    needs_text = models.CharField(
        _("about what you need"),
        max_length=300,
        blank=True,
        help_text=_('For example "two volunteers for homework help on Tuesdays".'),
    )

    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    rejection_reason = models.TextField(_("reason for rejection"), max_length=1000, blank=True)
    verified_at = models.DateTimeField(_("verified"), null=True, blank=True)
    # Issue #18: when its people last said the profile is still correct (saving it counts).
    confirmed_at = models.DateTimeField(_("last confirmed"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True, editable=False)
    notify_of_needs = models.BooleanField(
        _("tell us about new needs"),
        default=False,
        help_text=_(
            "Your admins and contact persons are told when a municipality where you are active "
            "publishes a new need."
        ),
    )
    # R13, issue #18: may be contacted at once in a crisis (a sudden arrival of refugees).
    crisis_contact = models.BooleanField(
        _("contact us in a crisis"),
        default=False,
        help_text=_(
            "The municipality may contact your contact persons at once in a crisis, for example "
            "when many refugees arrive at short notice."
        ),
    )
    crisis_capacity = models.CharField(
        _("what you could do in a crisis"),
        max_length=500,
        blank=True,
        help_text=_("For example: 20 volunteers at a day's notice, a hall for 100 people."),
    )
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    imported = models.BooleanField(_("imported from a mapping"), default=False)
    search_document = models.TextField(editable=False, blank=True)
    search_config = models.CharField(
        max_length=20, choices=SEARCH_CONFIG_CHOICES, default="norwegian", editable=False
    )
    # Descriptions written in a language stemmed otherwise than the country's, by configuration
    # (organizations.search): {"english": "...", "danish": "..."}.
    search_texts = models.JSONField(default=dict, blank=True, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    history = HistoricalRecords(
        excluded_fields=["search_document", "search_config", "search_texts", "updated_at"],
        m2m_fields=[categories],
    )

    objects = OrganizationQuerySet.as_manager()

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["number_scheme", "org_number"],
                condition=~models.Q(org_number=""),
                name="organization_number_unique",
            ),
            models.CheckConstraint(
                condition=models.Q(org_number="") | models.Q(org_number__regex=r"^[0-9]{8,9}$"),
                name="organization_number_digits",
            ),
        ]
        indexes = [models.Index(fields=["status", "name"], name="organization_status_name_idx")]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("organizations:detail", args=[self.pk])

    @classmethod
    def country_from(cls, *, municipalities, number_scheme: str = "") -> str:
        """The organisation's country ("NO", "DK"): that of its municipalities when they are all
        in one country, otherwise that of its organisation-number kind."""
        fallback = DENMARK if number_scheme == cls.NumberScheme.DENMARK else NORWAY
        return country_of((m.country for m in municipalities or ()), fallback)

    @property
    def country(self) -> str:
        municipalities = self.municipalities.all() if self.pk else ()
        return self.country_from(municipalities=municipalities, number_scheme=self.number_scheme)

    @property
    def is_public(self) -> bool:
        return self.status == self.Status.VERIFIED

    def is_verified_in(self, municipality_id: int | None) -> bool:
        """Verified by the coordinators of this municipality (one query, or none when the
        links were prefetched as `municipality_links`)."""
        if municipality_id is None:
            return False
        cache = getattr(self, "_prefetched_objects_cache", {})
        if "municipality_links" in cache:
            return any(
                link.municipality_id == municipality_id and link.status == self.Status.VERIFIED
                for link in cache["municipality_links"]
            )
        return self.municipality_links.filter(
            municipality_id=municipality_id, status=self.Status.VERIFIED
        ).exists()

    @property
    def unconfirmed_since(self):
        """When the profile was last confirmed (or made), if that is more than two years ago:
        the public directory then says "not confirmed since …" (issue #18); else None."""
        confirmed = self.confirmed_at or self.created_at
        after = timedelta(days=settings.PROFILE_MARKED_UNCONFIRMED_AFTER_DAYS)
        if confirmed and confirmed < timezone.now() - after:
            return confirmed
        return None

    @property
    def hidden_as_unconfirmed(self) -> bool:
        """Left out of the public directory for want of confirmation (the coordinator's list
        says so)."""
        confirmed = self.confirmed_at or self.created_at
        after = timedelta(days=settings.PROFILE_HIDDEN_AFTER_DAYS)
        return bool(confirmed and confirmed < timezone.now() - after)

    @property
    def is_registered_kind(self) -> bool:
        """A registered association or business, which has an organisation number."""
        return self.kind not in choices.UNREGISTERED_KINDS

    @property
    def is_looking_for_partners(self) -> bool:
        return bool(self.looking_for_partners) and (
            self.looking_for_partners_until is None
            or self.looking_for_partners_until >= timezone.localdate()
        )

    def description_in(self, language: str) -> Shown:
        """The description a reader of `language` gets, and the language it is written in."""
        return shown(self, "description", language)


class OrganizationMunicipality(models.Model):
    """An organisation is active in a municipality, and that municipality's coordinators have
    verified it there (or not yet, or rejected it). A municipality an organisation adds to its
    profile starts pending; a change of name or organisation number sends every row back to
    pending (`organizations.services.organization_update`)."""

    Status = Organization.Status

    organization = models.ForeignKey(
        Organization,
        on_delete=models.CASCADE,
        related_name="municipality_links",
        verbose_name=_("organisation"),
    )
    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.CASCADE,
        related_name="organization_links",
        verbose_name=_("municipality"),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    rejection_reason = models.TextField(_("reason for rejection"), blank=True)
    verified_at = models.DateTimeField(_("verified"), null=True, blank=True)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    class Meta:
        verbose_name = _("municipality of an organisation")
        verbose_name_plural = _("municipalities of organisations")
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "municipality"], name="organization_municipality_unique"
            )
        ]
        indexes = [
            models.Index(fields=["municipality", "status"], name="org_municipality_status_idx")
        ]

    def __str__(self) -> str:
        return f"{self.organization} – {self.municipality}"


class OrganizationMembership(models.Model):
    """An organisation role: admin, contact person or member."""

    class Role(models.TextChoices):
        ADMIN = "admin", _("organisation admin")
        CONTACT = "contact", _("contact person")
        MEMBER = "member", _("member")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="organization_memberships",
        verbose_name=_("user"),
    )
    organization = models.ForeignKey(
        Organization,
        on_delete=models.CASCADE,
        related_name="memberships",
        verbose_name=_("organisation"),
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    phone = models.CharField(
        _("phone for the municipality"),
        max_length=16,
        blank=True,
        help_text=_("Shown to the municipality's coordinators and caseworkers only."),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("organisation role")
        verbose_name_plural = _("organisation roles")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "organization", "role"], name="organization_membership_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.get_role_display()} – {self.organization}"


def _invitation_expiry():
    return timezone.now() + timedelta(days=14)


class Invitation(models.Model):
    """An e-mailed invitation to join an organisation (or to claim an imported profile)."""

    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="invitations"
    )
    email = models.EmailField(_("e-mail address"))
    role = models.CharField(_("role"), max_length=20, choices=OrganizationMembership.Role.choices)
    token = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    expires_at = models.DateTimeField(default=_invitation_expiry)
    sent_at = models.DateTimeField(null=True, blank=True)
    accepted_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    # Loaded with it when its e-mail is sent from the outbox (notifications.services).
    notification_related = ("organization",)

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")

    def __str__(self) -> str:
        return f"{self.email} → {self.organization}"

    def get_absolute_url(self) -> str:
        return reverse("organizations:invitation", args=[self.token])

    def is_open(self, now=None) -> bool:
        return self.accepted_at is None and (now or timezone.now()) < self.expires_at


class JoinRequest(models.Model):
    """A person asks to join an organisation that is already registered."""

    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="join_requests"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="join_requests"
    )
    message = models.CharField(_("message"), max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    answered_at = models.DateTimeField(null=True, blank=True)
    accepted = models.BooleanField(null=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "user"],
                condition=models.Q(answered_at__isnull=True),
                name="join_request_open_once",
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} → {self.organization}"


class Activity(WithUuid, Timestamped):
    """Something an organisation offers, with its weekly times."""

    organization = models.ForeignKey(
        Organization,
        on_delete=models.CASCADE,
        related_name="activities",
        verbose_name=_("organisation"),
    )
    title = models.CharField(_("title"), max_length=200)
    type = models.CharField(_("type"), max_length=30, choices=choices.ActivityType.choices)
    # Translated (organizations/translation.py): stored as description_nb, _nn, _da and _en.
    description = models.TextField(_("description"), max_length=5000, blank=True)
    target_groups = models.ManyToManyField(
        TargetGroupTerm, related_name="activities", verbose_name=_("target groups"), blank=True
    )
    languages = models.ManyToManyField(
        LanguageTerm, related_name="activities", verbose_name=_("languages"), blank=True
    )
    is_free = models.BooleanField(_("free of charge"), default=True)
    # In the currency of the activity's municipality (`currency`): NOK in Norway, DKK in Denmark.
    price = models.DecimalField(
        _("price"),
        max_digits=8,
        decimal_places=2,
        null=True,
        blank=True,
    )
    registration_required = models.BooleanField(_("registration needed"), default=False)
    online = models.BooleanField(_("online"), default=False)
    online_url = models.URLField(_("link for online participation"), blank=True)
    address = models.CharField(_("address"), max_length=200, blank=True)
    postal_code = models.CharField(_("postcode"), max_length=10, blank=True)
    city = models.CharField(_("town"), max_length=100, blank=True)
    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.PROTECT,
        related_name="activities",
        verbose_name=_("municipality"),
    )
    is_active = models.BooleanField(_("active"), default=True)
    # What newcomers and the coordinator ask before they come or refer (R06, R09, R10, R18).
    age_from = models.PositiveSmallIntegerField(
        _("age from"), null=True, blank=True, validators=[MaxValueValidator(120)]
    )
    age_to = models.PositiveSmallIntegerField(
        _("age to"), null=True, blank=True, validators=[MaxValueValidator(120)]
    )
    level = models.CharField(
        _("level"),
        max_length=10,
        choices=choices.ActivityLevel.choices,
        default=choices.ActivityLevel.ALL,
    )
    introduction_programme = models.BooleanField(
        _("part of the introduction programme"),
        default=False,
        help_text=_("Participants may count it as part of their introduction programme."),
    )
    childcare = models.BooleanField(_("childcare offered"), default=False)
    transport_help = models.BooleanField(_("help with transport"), default=False)
    open_on_holidays = models.BooleanField(_("open on public holidays"), default=False)
    children = models.CharField(
        _("for children"),
        max_length=10,
        choices=choices.ChildrenTaking.choices,
        default=choices.ChildrenTaking.NO,
    )
    police_certificates = models.BooleanField(
        _("volunteers have police certificates"),
        default=False,
        help_text=_(
            "Every volunteer who meets the children has shown a police certificate "
            "(politiattest in Norway, børneattest in Denmark)."
        ),
    )
    insured = models.BooleanField(_("participants and volunteers are insured"), default=False)
    volunteer_agreements = models.BooleanField(
        _("volunteers sign a volunteer agreement"), default=False
    )
    # Derived from the schedule by the service that saves it; never typed.
    has_evening = models.BooleanField(default=False, editable=False)
    has_weekend = models.BooleanField(default=False, editable=False)
    weekdays = models.CharField(max_length=7, blank=True, editable=False)  # e.g. "13" = Tue, Thu
    search_document = models.TextField(editable=False, blank=True)
    search_config = models.CharField(
        max_length=20, choices=SEARCH_CONFIG_CHOICES, default="norwegian", editable=False
    )
    # Descriptions written in a language stemmed otherwise than the country's, by configuration
    # (organizations.search): {"english": "...", "danish": "..."}.
    search_texts = models.JSONField(default=dict, blank=True, editable=False)

    history = HistoricalRecords(
        excluded_fields=["search_document", "search_config", "search_texts", "updated_at"]
    )

    class Meta:
        verbose_name = _("activity")
        verbose_name_plural = _("activities")
        ordering = ["title"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(is_free=True) | models.Q(price__gte=0),
                name="activity_price_when_not_free",
            ),
            models.CheckConstraint(
                condition=models.Q(age_from__isnull=True)
                | models.Q(age_to__isnull=True)
                | models.Q(age_to__gte=models.F("age_from")),
                name="activity_age_range_in_order",
            ),
        ]
        indexes = [
            models.Index(fields=["type", "municipality"], name="activity_type_municipality_idx"),
            # Lists in title order (the HSDS services API, the activity directory) read pages
            # from this index instead of sorting every active activity.
            models.Index(fields=["title", "id"], name="activity_title_idx"),
            # The HSDS services API orders by the title a bokmål reader gets (reader_order):
            # with this index a page reads its rows in order and stops, where it sorted every
            # active activity (issue #24: 91 ms of a page's SQL at national scale, now ~1 ms).
            models.Index(
                reader_order("title", "nb"),
                models.F("id"),
                name="activity_reader_title_nb_idx",
                condition=models.Q(is_active=True),
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("organizations:activity", args=[self.pk])

    def description_in(self, language: str) -> Shown:
        """The description a reader of `language` gets, and the language it is written in."""
        return shown(self, "description", language)

    def title_in(self, language: str) -> Shown:
        """The title a reader of `language` gets, and the language it is written in."""
        return shown(self, "title", language)

    @property
    def currency(self) -> str:
        """The currency of `price`: that of the municipality it is held in."""
        return currency_for(self.municipality.country)

    def clean(self):
        super().clean()
        if self.age_from is not None and self.age_to is not None and self.age_to < self.age_from:
            raise ValidationError({"age_to": _("The upper age must not be below the lower one.")})

    def age_range(self) -> str:
        """ "6–12 years", "from 16 years", "up to 12 years", or "" for any age."""
        if self.age_from is not None and self.age_to is not None:
            return _("%(from)s–%(to)s years") % {"from": self.age_from, "to": self.age_to}
        if self.age_from is not None:
            return _("from %(age)s years") % {"age": self.age_from}
        if self.age_to is not None:
            return _("up to %(age)s years") % {"age": self.age_to}
        return ""

    @property
    def for_children(self) -> bool:
        return self.children != choices.ChildrenTaking.NO

    @property
    def lacks_police_certificates(self) -> bool:
        """An activity for children whose volunteers have not shown police certificates: the
        page and the coordinator warn about it."""
        return self.for_children and not self.police_certificates


class ActivitySchedule(WeeklySlot):
    """One weekly time: weekday, start and end (local time), optionally only in a season."""

    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="schedules")
    starts_at = models.TimeField(_("starts"))
    ends_at = models.TimeField(_("ends"))
    season_start = models.DateField(_("season starts"), null=True, blank=True)
    season_end = models.DateField(_("season ends"), null=True, blank=True)

    class Meta:
        verbose_name = _("weekly time")
        verbose_name_plural = _("weekly times")
        ordering = ["weekday", "starts_at"]
        constraints = [ends_after_start("starts_at", "ends_at", name="schedule_ends_after_start")]


class ImportBatch(models.Model):
    """A mapping spreadsheet from a coordinator: previewed, then imported in the background."""

    class Status(models.TextChoices):
        PREVIEW = "preview", _("Preview")
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Importing")
        DONE = "done", _("Imported")
        FAILED = "failed", _("Failed")

    municipality = models.ForeignKey(
        Municipality, on_delete=models.CASCADE, related_name="import_batches"
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    filename = models.CharField(max_length=200)
    rows = models.JSONField(default=list)  # the parsed preview: one dict per row
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PREVIEW)
    total = models.PositiveIntegerField(default=0)
    processed = models.PositiveIntegerField(default=0)
    created_count = models.PositiveIntegerField(default=0)
    error = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("import")
        verbose_name_plural = _("imports")

    def __str__(self) -> str:
        return self.filename

    def get_absolute_url(self) -> str:
        return reverse("registry_import:progress", args=[self.pk])

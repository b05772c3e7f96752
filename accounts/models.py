"""Users, municipalities (the tenant boundary) and municipal roles."""

import uuid
from datetime import timedelta

from django.conf import settings
from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.db import models
from django.utils.translation import gettext_lazy as _

from accounts.branding import validate_accent_color


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
    # Empty until the person chooses: then the pages and e-mails are in their municipality's
    # language (accounts.languages). Signing up, the switcher and the profile store a choice.
    preferred_language = models.CharField(
        _("preferred language"),
        max_length=8,
        choices=settings.LANGUAGES,
        blank=True,
        default="",
    )

    # Set when the account was deleted (by its holder or by the retention purge): the row stays,
    # emptied of name and e-mail, so that what it did keeps its place in statistics and logs.
    deleted_at = models.DateTimeField(_("deleted"), null=True, blank=True, editable=False)
    # Raised by PostgreSQL triggers (migration 0014) whenever the user's municipal or
    # organisation roles or two-factor authenticators change, by any code path, and never
    # lowered by a save of an older copy. The cache keeps the roles and the two-factor state
    # under the version (accounts.middleware.CachedAccessMiddleware): a change takes
    # effect on the next request.
    access_version = models.PositiveBigIntegerField(default=0, editable=False)

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["full_name"]

    objects = UserManager()

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self) -> str:
        if self.deleted_at is not None:
            return str(_("Deleted account"))
        return self.full_name or self.email

    def get_full_name(self) -> str:
        return self.full_name

    def has_perm(self, perm: str, obj=None) -> bool:
        """The rules of accounts/permissions.py, and nothing else: Django would let an active
        superuser through every permission before any rule runs. A platform admin's powers are
        rules like anyone's, granted there for the operator's tasks (never to approve, consent,
        accept or see persons)."""
        import rules

        return self.is_active and rules.has_perm(perm, self, obj)

    def has_module_perms(self, app_label: str) -> bool:
        """The Django admin shows an app to whoever holds one of its operator rules."""
        from accounts.permissions import OPERATOR_ADMIN_PERMISSIONS

        return any(
            self.has_perm(name)
            for name in OPERATOR_ADMIN_PERMISSIONS
            if name.split(".", 1)[0] == app_label
        )

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

    # A municipality's own written language: a Norwegian one writes bokmål or nynorsk (its
    # målform), a Danish one Danish. The first is each country's default.
    LANGUAGES_BY_COUNTRY = {Country.NORWAY: ("nb", "nn"), Country.DENMARK: ("da",)}
    LANGUAGE_CHOICES = [
        ("nb", _("Norwegian bokmål")),
        ("nn", _("Norwegian nynorsk")),
        ("da", _("Danish")),
    ]

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
    default_language = models.CharField(
        _("default language"),
        max_length=8,
        choices=LANGUAGE_CHOICES,
        blank=True,
        default="",
        help_text=_(
            "The language its staff and the visitors to its pages start in; anyone can switch. "
            "Empty: bokmål in Norway, Danish in Denmark."
        ),
    )
    days_without_meetings = models.JSONField(
        _("days without meetings"),
        default=default_days_without_meetings,
        blank=True,
        help_text=_(
            "Days that are not public holidays but on which the meeting planner proposes no "
            "meetings. Public holidays are always left out."
        ),
    )

    # Its own look on its pages, e-mails and PDFs (issue #23, accounts/branding.py).
    accent_color = models.CharField(
        _("accent colour"),
        max_length=7,
        blank=True,
        default="",
        validators=[validate_accent_color],
        help_text=_(
            "Used for buttons, links and headings on the municipality's pages, e-mails and "
            "PDFs, for example #0062BA. It must have a contrast of at least 4.5:1 against white. "
            "Empty: Brobygger's own colours."
        ),
    )
    logo = models.ImageField(
        _("logo"),
        upload_to="logos/",
        blank=True,
        help_text=_("A PNG or JPEG image, shown in the header of its pages, e-mails and PDFs."),
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
            models.CheckConstraint(
                condition=models.Q(default_language="")
                | models.Q(country="NO", default_language__in=["nb", "nn"])
                | models.Q(country="DK", default_language="da"),
                name="municipality_language_of_its_country",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def language(self) -> str:
        """The language the municipality writes in: its own choice, else its country's."""
        allowed = self.LANGUAGES_BY_COUNTRY.get(self.country, (settings.LANGUAGE_CODE,))
        return self.default_language if self.default_language in allowed else allowed[0]

    def clean(self) -> None:
        super().clean()
        allowed = self.LANGUAGES_BY_COUNTRY.get(self.country, ())
        if self.default_language and self.default_language not in allowed:
            from django.core.exceptions import ValidationError

            raise ValidationError(
                {
                    "default_language": _(
                        "Choose a language of the municipality's country: %(languages)s."
                    )
                    % {
                        "languages": ", ".join(
                            str(label) for code, label in self.LANGUAGE_CHOICES if code in allowed
                        )
                    }
                }
            )


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
    # Given by hand (by a coordinator or a platform admin), not from the municipality's
    # identity provider: single sign-on's role sync never removes it.
    manual = models.BooleanField(
        _("granted by hand"),
        default=True,
        help_text=_("Not from the municipality's sign-in service; kept when roles are synced."),
    )
    # When the holder was warned that this manual role lapses for want of sign-ins
    # (accounts.staff.services.staff_roles_lapse_inactive); cleared by their next sign-in.
    lapse_warned_at = models.DateTimeField(_("warned of lapse"), null=True, blank=True)
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


class SingleSignOnConfig(models.Model):
    """A municipality's own OpenID Connect identity provider for its staff (Entra ID,
    Ansattporten, …): the issuer, the client Brobygger is registered as, the e-mail domains
    that belong to it, and which of its groups give which Brobygger role. The client secret is
    stored encrypted (accounts.sso.crypto)."""

    municipality = models.OneToOneField(
        Municipality,
        on_delete=models.CASCADE,
        related_name="sso_config",
        verbose_name=_("municipality"),
    )
    enabled = models.BooleanField(_("staff sign in with it"), default=False)
    issuer = models.URLField(
        _("issuer URL"),
        max_length=300,
        help_text=_("The provider's issuer, e.g. https://login.microsoftonline.com/<tenant>/v2.0"),
    )
    client_id = models.CharField(_("client ID"), max_length=200)
    client_secret_encrypted = models.TextField(_("client secret (encrypted)"), max_length=2000)
    domains = models.JSONField(_("e-mail domains"), default=list, blank=True)
    scopes = models.CharField(
        _("scopes"), max_length=200, default="openid email profile", blank=True
    )
    uid_claims = models.CharField(
        _("claims that identify a person"),
        max_length=100,
        default="sub",
        help_text=_("Separated by spaces. Entra ID: tid oid. Never the e-mail address."),
    )
    group_claim = models.CharField(_("group claim"), max_length=100, default="groups")
    group_roles = models.JSONField(_("group → role"), default=dict, blank=True)
    strong_amr = models.JSONField(
        _("amr values that count as two-factor"), default=list, blank=True
    )
    strong_acr = models.JSONField(
        _("acr values that count as two-factor"), default=list, blank=True
    )
    acr_values = models.CharField(
        _("acr values to ask for"), max_length=100, blank=True, default=""
    )
    # Rich authorization requests (RFC 9396): Ansattporten's `authorization_details`, e.g.
    # [{"type": "ansattporten:orgno", "orgno": ["964338531"]}], sent with every sign-in.
    authorization_details = models.JSONField(
        _("authorization details to ask for"), default=list, blank=True
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("single sign-on configuration")
        verbose_name_plural = _("single sign-on configurations")

    def __str__(self) -> str:
        return f"{self.municipality} – {self.issuer}"

    @property
    def provider_id(self) -> str:
        """allauth's id of this municipality's app: in its URLs and on each SocialAccount."""
        return f"municipality-{self.municipality_id}"


class SingleSignOnSession(models.Model):
    """A Django session that came from a municipality's provider, so that the provider's
    back-channel logout (by its session id `sid`, or the person's `sub`) can end it."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="sso_sessions"
    )
    municipality = models.ForeignKey(
        Municipality, on_delete=models.CASCADE, related_name="sso_sessions"
    )
    sid = models.CharField(max_length=200, blank=True)
    subject = models.CharField(max_length=300)
    session_key = models.CharField(max_length=40)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        indexes = [
            models.Index(fields=["municipality", "sid"], name="sso_session_sid_idx"),
            models.Index(fields=["municipality", "subject"], name="sso_session_sub_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.user_id} @ {self.municipality_id}"


class StaffAuditEvent(models.Model):
    """Every change of a staff role in a municipality: who, what, when, and by whom (empty: by
    the municipality's sign-in service or the nightly lapse). Kept when the user is deleted."""

    class Action(models.TextChoices):
        ROLE_ADDED = "role_added", _("role given")
        ROLE_REMOVED = "role_removed", _("role removed")
        SSO_ROLE_ADDED = "sso_role_added", _("role given by the sign-in service")
        SSO_ROLE_REMOVED = "sso_role_removed", _("role removed by the sign-in service")
        LAPSE_WARNED = "lapse_warned", _("warned: role lapses without sign-in")
        ROLE_LAPSED = "role_lapsed", _("role lapsed without sign-in")

    municipality = models.ForeignKey(
        Municipality, on_delete=models.CASCADE, related_name="staff_audit_events"
    )
    action = models.CharField(_("what"), max_length=30, choices=Action.choices)
    role = models.CharField(_("role"), max_length=20)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("staff member"),
    )
    user_label = models.CharField(_("staff member"), max_length=300)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("by"),
    )
    at = models.DateTimeField(_("when"))

    class Meta:
        verbose_name = _("staff change")
        verbose_name_plural = _("staff changes")
        indexes = [models.Index(fields=["municipality", "-at"], name="staff_audit_recent_idx")]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.action} {self.user_label}"

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("accounts:staff", args=[self.municipality.slug])


def _staff_invitation_expiry():
    from django.utils import timezone

    return timezone.now() + timedelta(days=14)


class StaffInvitation(models.Model):
    """A coordinator invites somebody by e-mail to a staff role in the municipality. The link
    works once, for 14 days, for a person signed in with that address (a new account sets a
    password; the municipality's sign-in service works too where it is configured)."""

    municipality = models.ForeignKey(
        Municipality, on_delete=models.CASCADE, related_name="staff_invitations"
    )
    email = models.EmailField(_("e-mail address"))
    role = models.CharField(_("role"), max_length=20, choices=MunicipalityMembership.Role.choices)
    token = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(_("invited"), auto_now_add=True)
    expires_at = models.DateTimeField(default=_staff_invitation_expiry)
    accepted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("staff invitation")
        verbose_name_plural = _("staff invitations")

    def __str__(self) -> str:
        return f"{self.email} → {self.municipality} ({self.role})"

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("accounts:staff_invitation", args=[self.token])

    def is_open(self, now=None) -> bool:
        from django.utils import timezone

        return self.accepted_at is None and (now or timezone.now()) < self.expires_at


class BreakGlassSignIn(models.Model):
    """A platform operator's sign-in with their local account (password and our TOTP, never a
    municipality's provider): the way in when single sign-on is not. Every one is kept, for the
    platform operators to see in the admin. Kept when the account is deleted."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("operator"),
    )
    user_label = models.CharField(_("operator"), max_length=300)
    methods = models.CharField(_("signed in with"), max_length=100)
    at = models.DateTimeField(_("when"))

    class Meta:
        verbose_name = _("break-glass sign-in")
        verbose_name_plural = _("break-glass sign-ins")
        ordering = ["-at"]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.user_label}"

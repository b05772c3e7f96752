"""Users, municipalities (the tenant boundary) and municipal roles."""

from django.conf import settings
from django.contrib.auth.models import AbstractUser, BaseUserManager
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
    # Empty until the person chooses: then the pages and e-mails are in their municipality's
    # language (accounts.languages). Signing up, the switcher and the profile store a choice.
    preferred_language = models.CharField(
        _("preferred language"),
        max_length=8,
        choices=settings.LANGUAGES,
        blank=True,
        default="",
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
    """A municipal role: a coordinator or a caseworker of one municipality."""

    class Role(models.TextChoices):
        COORDINATOR = "coordinator", _("coordinator")
        CASEWORKER = "caseworker", _("caseworker")

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

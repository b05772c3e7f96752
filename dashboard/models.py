"""What a municipality publishes on its public page (issue #18): its own short texts and the
contact persons it chooses to show. Nobody's name, phone or e-mail is published unless a
coordinator entered it here for that purpose."""

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from accounts.models import Municipality
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

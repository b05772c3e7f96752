"""Announcements from a municipality's coordinator to the contact persons of its organisations."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class Announcement(models.Model):
    """Sent once, to the contact persons the audience matched at that moment; never edited.

    `recipients` is the record of who received it (and who may read it later): it outlives the
    notification rows, which the outbox purges.
    """

    # Loaded with the announcement when its notifications are sent (see meetings.models.Meeting).
    notification_related = ("meeting",)

    municipality = models.ForeignKey(
        "accounts.Municipality",
        on_delete=models.CASCADE,
        related_name="announcements",
        verbose_name=_("municipality"),
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("sent by"),
    )
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("text"), max_length=5000)
    meeting = models.ForeignKey(
        "meetings.Meeting",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="announcements",
        verbose_name=_("meeting"),
    )
    # The grant catalogue is a separate app: a link to a scheme's page is a plain address for
    # now. A foreign key to grants.GrantScheme can replace it once that app has landed.
    link = models.URLField(
        _("link"),
        blank=True,
        help_text=_("For example the page of a grant scheme."),
    )
    audience = models.JSONField(
        _("audience"),
        default=dict,
        blank=True,
        help_text="The filters as chosen: categories, activity_types (codes), agreement (id).",
    )
    recipients = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="announcements_received",
        verbose_name=_("recipients"),
    )
    recipient_count = models.PositiveIntegerField(_("recipients"), default=0)
    organization_count = models.PositiveIntegerField(_("organisations"), default=0)
    personal_data_confirmed = models.BooleanField(
        _("sender confirmed there is no personal data"),
        default=False,
        help_text=_("Set when the text looked like it held a phone number or e-mail address."),
    )
    sent_at = models.DateTimeField(_("sent"))

    class Meta:
        verbose_name = _("announcement")
        verbose_name_plural = _("announcements")
        ordering = ["-sent_at", "-pk"]
        indexes = [
            models.Index(fields=["municipality", "-sent_at"], name="announcement_municipality_idx")
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("announcements:detail", args=[self.pk])

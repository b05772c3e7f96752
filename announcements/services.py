"""Sending an announcement: one notification per contact person, e-mailed per their settings."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from announcements.models import Announcement
from announcements.selectors import audience_contact_persons, audience_organizations
from core.personal_data import find_personal_data
from notifications.models import Notification

if TYPE_CHECKING:
    from accounts.models import Municipality, User
    from meetings.models import Meeting

KIND = "announcement"
# To crisis contacts (R13, W23): a kind of its own, which a contact person may choose to get by
# SMS as well (notifications.kinds.SMS_KIND_LABELS).
CRISIS_KIND = "announcement_crisis"


@transaction.atomic
def announcement_send(
    *,
    municipality: Municipality,
    author: User,
    title: str,
    body: str,
    audience: dict,
    now: datetime,
    meeting: Meeting | None = None,
    link: str = "",
    personal_data_confirmed: bool = False,
) -> Announcement:
    """Resolve the recipients now, store the announcement and one notification for each."""
    if not author.has_perm("announcements.send_announcement", municipality):
        raise PermissionDenied
    if meeting is not None and meeting.municipality_id != municipality.pk:
        raise ValidationError(_("Choose a meeting of this municipality."))
    if find_personal_data(f"{title}\n{body}") and not personal_data_confirmed:
        raise ValidationError(
            _("The text looks like it holds a phone number or an e-mail address.")
        )
    organizations = audience_organizations(municipality, audience)
    recipients = list(audience_contact_persons(organizations))
    if not recipients:
        raise ValidationError(_("No contact person matches these choices. Choose fewer filters."))
    announcement = Announcement.objects.create(
        municipality=municipality,
        author=author,
        title=title,
        body=body,
        meeting=meeting,
        link=link,
        audience=audience,
        recipient_count=len(recipients),
        organization_count=organizations.count(),
        personal_data_confirmed=personal_data_confirmed,
        sent_at=now,
    )
    announcement.recipients.set(recipients)
    subject_type = ContentType.objects.get_for_model(Announcement)
    context = {"title": title, "municipality": municipality.name}
    Notification.objects.bulk_create(
        [
            Notification(
                recipient=recipient,
                kind=CRISIS_KIND if audience.get("crisis_contacts") else KIND,
                subject_type=subject_type,
                subject_id=announcement.pk,
                due_at=now,
                context=context,
            )
            for recipient in recipients
        ],
        ignore_conflicts=True,
        batch_size=500,
    )
    return announcement

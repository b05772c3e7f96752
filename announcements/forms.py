from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from announcements.models import Announcement
from core.forms import PersonalDataCheck
from meetings.selectors import meetings_to_announce


class AnnouncementForm(PersonalDataCheck, forms.ModelForm):
    """Title, text and optional links. Text that looks like it holds a phone number or an e-mail
    address is sent only after the sender ticks `confirm_no_personal_data`, which the page shows
    only then (with what was found)."""

    checked_fields = ("title", "body")
    confirm_no_personal_data = forms.BooleanField(
        label=_("I confirm there is no personal data in this announcement"),
        required=False,
    )
    link = forms.URLField(
        label=_("Link, for example to a grant scheme"),
        required=False,
        assume_scheme="https",
        max_length=200,
    )

    class Meta:
        model = Announcement
        fields = ["title", "body", "meeting", "link"]
        widgets = {"body": forms.Textarea(attrs={"rows": 8})}
        help_texts = {
            "body": _(
                "Never write personal data here: no names of refugees, phone numbers or "
                "e-mail addresses."
            ),
        }

    def __init__(self, *args, municipality, **kwargs):
        super().__init__(*args, **kwargs)
        meeting = self.fields["meeting"]
        meeting.queryset = meetings_to_announce(municipality, now=timezone.now())
        meeting.label = _("Meeting to link to")
        meeting.empty_label = _("No meeting")

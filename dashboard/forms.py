import datetime

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from core.forms import PersonalDataCheck
from core.weekly import Weekday
from dashboard.models import (
    Arena,
    PlaceRequest,
    PremisesSlot,
    PublishedContact,
    Resource,
    Story,
)
from organizations.choices import ActivityType, TargetGroup

MAX_REPORT_DAYS = 366 * 10
# Reports cover days in these years; a day far outside (9999-12-31, 0001-01-01) cannot even be
# turned into a moment in Europe/Oslo and the next day, so it is refused next to its field.
FIRST_YEAR = 2000
LAST_YEAR = 2099


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class PeriodForm(forms.Form):
    """The report's period: from and to, both days included (Europe/Oslo)."""

    start = forms.DateField(label=_("From"), widget=DateInput())
    end = forms.DateField(label=_("To"), widget=DateInput())

    def clean_start(self):
        return _in_range(self.cleaned_data["start"])

    def clean_end(self):
        return _in_range(self.cleaned_data["end"])

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start"), cleaned.get("end")
        if start and end:
            if end < start:
                self.add_error("end", _("The end date comes before the start date; swap them."))
            elif end - start > datetime.timedelta(days=MAX_REPORT_DAYS):
                self.add_error("end", _("Choose a period of at most ten years."))
        return cleaned


def _in_range(day: datetime.date) -> datetime.date:
    if not FIRST_YEAR <= day.year <= LAST_YEAR:
        raise forms.ValidationError(
            _("Choose a date in the years %(first)d to %(last)d."),
            params={"first": FIRST_YEAR, "last": LAST_YEAR},
            code="out_of_range",
        )
    return day


class MunicipalityPageForm(forms.Form):
    """The municipality's own texts on its public page."""

    cooperation = forms.CharField(
        label=_("How cooperation works here"),
        max_length=3000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    supplements = forms.CharField(
        label=_("What the voluntary sector does here"),
        help_text=_("For example: the voluntary sector supplements, it does not replace."),
        max_length=3000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    switchboard = forms.CharField(
        label=_("The municipality's main phone number"),
        help_text=_("Shown when no contact person is published."),
        max_length=30,
        required=False,
    )
    website = forms.URLField(
        label=_("The municipality's website"),
        help_text=_("Shown when no contact person is published."),
        max_length=200,
        required=False,
        assume_scheme="https",
    )


class PublishedContactForm(forms.ModelForm):
    """A contact person the municipality chooses to show on its public page."""

    class Meta:
        model = PublishedContact
        fields = ["kind", "name", "role", "phone", "email"]


class TimeInput(forms.TimeInput):
    input_type = "time"

    def __init__(self, **kwargs):
        super().__init__(format="%H:%M", **kwargs)


class PremisesForm(forms.Form):
    """Premises the municipality lends, with the weekdays and the times they are free."""

    name = forms.CharField(label=_("Name"), max_length=200)
    address = forms.CharField(label=_("Address"), max_length=300)
    capacity = forms.IntegerField(
        label=_("Capacity"), help_text=_("How many people fit."), min_value=1, required=False
    )
    note = forms.CharField(
        label=_("Note"),
        help_text=_("For example: whom to ask for the key, what equipment there is."),
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    weekdays = forms.TypedMultipleChoiceField(
        label=_("Weekdays"),
        choices=Weekday.choices,
        coerce=int,
        widget=forms.CheckboxSelectMultiple,
    )
    starts_at = forms.TimeField(label=_("From"), widget=TimeInput())
    ends_at = forms.TimeField(label=_("To"), widget=TimeInput())
    venue = forms.ModelChoiceField(
        label=_("Venue in the booking calendar"),
        help_text=_("A granted request books its weekly times at this venue."),
        queryset=None,
        required=False,
        empty_label=_("None: the times are not booked in the calendar"),
    )

    def __init__(self, *args, venues, **kwargs):
        """`venues`: the municipality's own venues (not those organisations offer)."""
        super().__init__(*args, **kwargs)
        self.fields["venue"].queryset = venues

    def clean(self):
        cleaned = super().clean()
        PremisesSlot.validate_form(self, cleaned)
        return cleaned


class ArenaForm(forms.ModelForm):
    """An arena where newcomers are, and how an organisation gets access to it."""

    class Meta:
        model = Arena
        fields = [
            "kind",
            "name",
            "access",
            "contact_name",
            "contact_role",
            "contact_email",
            "contact_phone",
            "contact_public",
        ]
        widgets = {"access": forms.Textarea(attrs={"rows": 2})}


class NeedFilterForm(forms.Form):
    """The needs board on the public page: a word and a target group, in the address."""

    q = forms.CharField(label=_("Search the needs"), max_length=100, required=False)
    target_group = forms.ChoiceField(label=_("Target group"), required=False)

    def __init__(self, *args, target_groups, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["target_group"].choices = [("", _("All target groups"))] + [
            (group, group) for group in target_groups
        ]


class GuideNoteForm(forms.Form):
    """The coordinator's note on one topic of the "where to refer" guide."""

    topic = forms.ChoiceField(label=_("Topic"), choices=ActivityType.choices)
    note = forms.CharField(
        label=_("Note"),
        help_text=_(
            "What a teacher or a NAV worker should know before sending someone. "
            "Leave it empty to remove the note."
        ),
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class OfferListForm(forms.Form):
    """The printable offer list: only the free and low-cost activities (the default), or all."""

    CHEAP = "cheap"
    ALL = "all"

    prices = forms.ChoiceField(
        label=_("Which activities"),
        choices=[(CHEAP, _("Only free and low-cost")), (ALL, _("All activities"))],
        widget=forms.RadioSelect,
        required=False,
        initial=CHEAP,
    )

    def cheap_only(self) -> bool:
        """True unless "all" was chosen (a missing or unknown choice keeps the default)."""
        return not (self.is_valid() and self.cleaned_data["prices"] == self.ALL)


class GuideFilterForm(forms.Form):
    """The referral guide narrowed to one target group."""

    target_group = forms.ChoiceField(
        label=_("For whom"),
        choices=[("", _("Everyone")), *list(TargetGroup.choices)],
        required=False,
    )


class PlaceRequestForm(forms.Form):
    """An organisation asks for premises at some of their weekly times, or for an arena."""

    organization = forms.ModelChoiceField(label=_("Organisation"), queryset=None)
    slots = forms.ModelMultipleChoiceField(
        label=_("Times"),
        help_text=_("Choose the weekly times you would like to use the premises."),
        queryset=None,
        widget=forms.CheckboxSelectMultiple,
    )
    message = forms.CharField(
        label=_("What for"),
        help_text=_("What you would do there, for whom, how many you expect, and for how long."),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def __init__(self, *args, organizations, slots=None, taken=frozenset(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organization"].queryset = organizations
        if len(organizations) == 1:
            self.fields["organization"].initial = organizations[0].pk  # the only one: chosen
        if slots is None:  # an arena: no times to choose
            del self.fields["slots"]
            self.fields["message"].help_text = _(
                "What you would like to present, to whom, and when it would suit you."
            )
        else:
            self.fields["slots"].queryset = slots
            self.fields["slots"].label_from_instance = lambda slot: (
                _("%(time)s (already given to another organisation)") % {"time": slot}
                if slot.pk in taken
                else str(slot)
            )


class PlaceRequestAnswerForm(forms.Form):
    """The coordinator's answer to a request for premises or an arena."""

    status = forms.ChoiceField(
        label=_("Your answer"),
        choices=[
            (PlaceRequest.Status.GRANTED, _("Grant the request")),
            (PlaceRequest.Status.DECLINED, _("Decline the request")),
        ],
        widget=forms.RadioSelect,
    )
    reply = forms.CharField(
        label=_("A word to the organisation"),
        help_text=_(
            "Required when you decline: tell them why. Their admins and contact persons are told."
        ),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    until = forms.DateField(
        label=_("Book the times until"),
        help_text=_(
            "Granting books the weekly times at the venue until this day (the end of the term)."
        ),
        required=False,
        widget=DateInput(),
    )

    def __init__(self, *args, books_until: datetime.date | None = None, **kwargs):
        """`books_until`: the end of the term, when granting books the premises' venue;
        without it there is nothing to book and no date to ask."""
        super().__init__(*args, **kwargs)
        if books_until is None:
            del self.fields["until"]
        else:
            self.fields["until"].initial = books_until

    def clean(self):
        cleaned = super().clean()
        if (
            cleaned.get("status") == PlaceRequest.Status.DECLINED
            and not (cleaned.get("reply") or "").strip()
        ):
            self.add_error("reply", _("Tell the organisation why you decline."))
        return cleaned


class ProposedSlotChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: PremisesSlot) -> str:
        return f"{obj.premises.name}: {obj}"


class SlotProposalForm(forms.Form):
    """A coordinator proposes another weekly time for a request for premises."""

    slot = ProposedSlotChoice(
        label=_("The time you propose"),
        help_text=_("A weekly time of these or other premises that is not given to anyone."),
        queryset=PremisesSlot.objects.none(),
    )
    starts_on = forms.DateField(
        label=_("From (optional)"),
        help_text=_("Leave empty to start from the next week with that weekday."),
        required=False,
        widget=DateInput(),
    )
    message = forms.CharField(
        label=_("A word to the organisation"),
        help_text=_("Why you propose this time. Their admins and contact persons are told."),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, slots, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["slot"].queryset = slots


class ProposalDeclineForm(forms.Form):
    """The organisation cannot use the proposed time, and says why."""

    reason = forms.CharField(
        label=_("Why the time does not suit you"),
        help_text=_("The municipality's coordinators read it and answer the request again."),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class ResourceForm(forms.ModelForm):
    """A document or link in the municipality's resource library."""

    url = forms.URLField(
        label=_("Link"),
        help_text=_("A web address, or upload a file below."),
        max_length=500,
        required=False,
        assume_scheme="https",
    )
    upload = forms.FileField(
        label=_("File"),
        help_text=_("A PDF or an office document, at most 10 MB. Or give a link above."),
        required=False,
    )

    class Meta:
        model = Resource
        fields = ["title", "description", "category", "language", "url", "audience", "published_on"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}


class ResourceFilterForm(forms.Form):
    """The resource library narrowed by words, category and language, in the address."""

    q = forms.CharField(label=_("Search the library"), max_length=100, required=False)
    category = forms.ChoiceField(
        label=_("Category"),
        choices=[("", _("All categories")), *Resource.Category.choices],
        required=False,
    )
    language = forms.ChoiceField(label=_("Language"), required=False)

    def __init__(self, *args, languages, **kwargs):
        super().__init__(*args, **kwargs)
        names = dict(settings.LANGUAGES)
        self.fields["language"].choices = [("", _("All languages"))] + [
            (code, names.get(code, code)) for code in languages
        ]


class StoryForm(PersonalDataCheck, forms.Form):
    """A good story (R72): short, about the work, with the people in it asked first and no
    refugee named. Text that looks like a phone number or an e-mail address needs a second
    confirmation (core.forms.PersonalDataCheck)."""

    organization = forms.ModelChoiceField(label=_("Organisation"), queryset=None, empty_label=None)
    title = forms.CharField(label=_("Title"), max_length=Story._meta.get_field("title").max_length)
    text = forms.CharField(
        label=_("The story"),
        max_length=Story._meta.get_field("text").max_length,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_(
            "What happened and what it gave, in a few lines. Describe people by what they do "
            "(a volunteer, a family new in town), not by name."
        ),
    )
    people_asked = forms.BooleanField(
        label=_(
            "The people in the story were asked first and said yes, and no refugee is named "
            "or can be recognised"
        ),
        required=True,
        error_messages={
            "required": _(
                "Ask the people in the story first, and name no refugee. Then tick the box."
            )
        },
    )
    confirm_no_personal_data = forms.BooleanField(
        label=_("I confirm there is no personal data in the story"), required=False
    )

    checked_fields = ("title", "text")

    def __init__(self, *args, organizations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organization"].queryset = organizations


class StoryDecisionForm(forms.Form):
    """The coordinator publishes a story or declines it with a reason."""

    decision = forms.ChoiceField(
        label=_("Your decision"),
        choices=[("publish", _("Publish it")), ("decline", _("Decline it"))],
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(
        label=_("Why you decline (the organisation reads this)"),
        required=False,
        max_length=Story._meta.get_field("reason").max_length,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

"""Forms of the meeting calendar. Times are typed as local (Europe/Oslo) date and clock times and
turned into aware datetimes here; the services check the rest (venue free and open, not in the
past, at most 12 hours, a series that ends)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import TYPE_CHECKING, Any

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import Municipality, default_days_without_meetings
from accounts.selectors import user_roles
from accounts.widgets import LongSelect
from core.forms import NameChoiceIterator, clean_postal_code
from core.time import OSLO
from meetings.models import (
    Kind,
    LogisticsItem,
    Meeting,
    Participation,
    TimePoll,
    TimePollOption,
    TimePollVote,
    Venue,
    VenueOpening,
)
from meetings.planner import in_working_hours
from meetings.recurrence import local_moment
from meetings.selectors import minute_taker_choices, venues_visible_to
from organizations.choices import Weekday
from organizations.models import Organization
from organizations.selectors import organizations_of, verified_links

if TYPE_CHECKING:
    from accounts.models import User

MAX_PLANNING_DAYS = 62
MAX_PLANNING_YEARS_AHEAD = 5  # the planner looks this far ahead at most (9999-12-31 is refused)

REMINDER_CHOICES = [
    ("2880", _("2 days before")),
    ("1440", _("1 day before")),
    ("180", _("3 hours before")),
    ("60", _("1 hour before")),
]
DEFAULT_REMINDER_CHOICES = ["2880", "180"]
REPEAT_CHOICES = [
    ("", _("Does not repeat")),
    ("WEEKLY", _("Weekly")),
    ("MONTHLY", _("Monthly, on the same weekday of the month (e.g. the second Tuesday)")),
]
SCOPE_CHOICES = [
    ("one", _("Only this meeting")),
    ("following", _("This and the following meetings in the series")),
    ("all", _("All meetings in the series")),
]
ANSWER_CHOICES = [
    (Participation.Response.YES, _("Yes")),
    (Participation.Response.MAYBE, _("Maybe")),
    (Participation.Response.NO, _("No")),
]


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


class TimeInput(forms.TimeInput):
    input_type = "time"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%H:%M")


def local_datetime(day: date, clock: time, *, field: str = "start_time") -> datetime:
    """An aware datetime for a wall-clock time in Oslo; a ValidationError on `field` for a time
    that does not exist (the hour skipped when summer time begins), see `local_moment`."""
    return local_moment(datetime.combine(day, clock), field=field)


# -- who organises ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Organizer:
    """A municipality (for its coordinators) or an organisation in one of its municipalities (for
    its admins and contact persons). Also the owner of a new venue."""

    value: str
    label: str
    municipality: Municipality
    organization: Organization | None


def organizers_for(user: User, *, municipality: Municipality | None = None) -> list[Organizer]:
    """Who the user may organise as: `municipality` (the active one, `request.tenant`) if they
    coordinate it, and each organisation they are an admin or contact person of."""
    roles = user_roles(user)
    result = (
        [Organizer(f"m{municipality.pk}", str(municipality.name), municipality, None)]
        if municipality is not None and municipality.pk in roles.coordinator_of
        else []
    )
    # An organisation organises only where that municipality has verified it.
    organizations = (
        organizations_of(user)
        .filter(pk__in=roles.organizations_with("admin", "contact"))
        .prefetch_related(verified_links())
    )
    for organization in organizations:
        municipalities = sorted(
            (link.municipality for link in organization.verified_links), key=lambda m: m.name
        )
        for municipality in municipalities:
            label = organization.name
            if len(municipalities) > 1:
                label = f"{organization.name} ({municipality.name})"
            result.append(
                Organizer(
                    f"o{organization.pk}-m{municipality.pk}", label, municipality, organization
                )
            )
    return result


class OrganizerField(forms.ChoiceField):
    def __init__(self, *, organizers: list[Organizer], **kwargs):
        self.organizers = {o.value: o for o in organizers}
        super().__init__(choices=[(o.value, o.label) for o in organizers], **kwargs)

    def clean(self, value) -> Organizer | None:
        value = super().clean(value)
        return self.organizers.get(value)


class InviteeChoiceField(forms.ModelMultipleChoiceField):
    widget = forms.CheckboxSelectMultiple
    iterator = NameChoiceIterator

    def label_from_instance(self, obj) -> str:
        return obj.name


def invitable_organizations(municipality_ids) -> QuerySet[Organization]:
    """Organisations verified in these municipalities (public data: the directory)."""
    return (
        Organization.objects.verified_in(list(municipality_ids))
        .prefetch_related("municipalities")
        .order_by("name")
    )


# -- a meeting --------------------------------------------------------------------------------


class MeetingForm(forms.Form):
    """Create a meeting (or a series), or edit one; `meeting` given means edit."""

    organizer = forms.ChoiceField(label=_("Organised by"))
    kind = forms.ChoiceField(label=_("Kind of meeting"), choices=Kind.choices)
    title = forms.CharField(label=_("Title"), max_length=200)
    description = forms.CharField(
        label=_("Description"),
        required=False,
        max_length=Meeting._meta.get_field("description").max_length,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    agenda = forms.CharField(
        label=_("Agenda"),
        required=False,
        max_length=Meeting._meta.get_field("agenda").max_length,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    venue = forms.ModelChoiceField(
        label=_("Venue"),
        queryset=Venue.objects.none(),
        required=False,
        empty_label=_("No venue (online meeting)"),
    )
    online_url = forms.URLField(
        label=_("Online link"),
        required=False,
        max_length=Meeting._meta.get_field("online_url").max_length,
        assume_scheme="https",
        help_text=_("For an online meeting, or to join a meeting at a venue from home."),
    )
    date = forms.DateField(label=_("Date"), widget=DateInput)
    start_time = forms.TimeField(label=_("Starts at"), widget=TimeInput)
    end_time = forms.TimeField(label=_("Ends at"), widget=TimeInput)
    working_hours_reason = forms.CharField(
        label=_("Why in working hours?"),
        required=False,
        max_length=Meeting._meta.get_field("working_hours_reason").max_length,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_(
            "Only for a meeting with organisations on a weekday before 17:00, when most "
            "volunteers are at work. Those invited see the reason."
        ),
    )
    capacity = forms.IntegerField(
        label=_("Places"),
        required=False,
        min_value=1,
        max_value=10000,
        help_text=_("How many people can come. Leave empty for no limit."),
    )
    is_public = forms.BooleanField(
        label=_("Open public event"),
        required=False,
        help_text=_("Shown under Events; anyone signed in can sign up."),
    )
    organizations = InviteeChoiceField(
        label=_("Invite organisations"),
        queryset=Organization.objects.none(),
        required=False,
        help_text=_("Verified organisations active in the municipality."),
    )
    invite_group = forms.BooleanField(
        label=_("Invite the coordinating group"),
        required=False,
        help_text=_(
            "Each member of the municipality's coordinating group gets an invitation, and the "
            "group gets the minutes. Only when the municipality organises the meeting."
        ),
    )
    reminders = forms.MultipleChoiceField(
        label=_("Reminders by e-mail to those who said yes or maybe"),
        choices=REMINDER_CHOICES,
        required=False,
        initial=DEFAULT_REMINDER_CHOICES,
        widget=forms.CheckboxSelectMultiple,
    )
    repeat = forms.ChoiceField(
        label=_("Repeat"),
        choices=REPEAT_CHOICES,
        required=False,
        widget=forms.RadioSelect,
    )
    interval = forms.IntegerField(
        label=_("Every how many weeks or months"),
        min_value=1,
        max_value=12,
        initial=1,
        required=False,
    )
    until = forms.DateField(
        label=_("Last date of the series"),
        required=False,
        widget=DateInput,
    )
    count = forms.IntegerField(
        label=_("Or the number of meetings"),
        required=False,
        min_value=1,
        help_text=_("Give a last date or a number of meetings."),
    )
    scope = forms.ChoiceField(
        label=_("Change which meetings?"),
        choices=SCOPE_CHOICES,
        initial="one",
        widget=forms.RadioSelect,
    )

    CREATE_ONLY = (
        "organizer",
        "organizations",
        "invite_group",
        "repeat",
        "interval",
        "until",
        "count",
    )

    def __init__(
        self,
        *args,
        user: User,
        meeting: Meeting | None = None,
        municipality: Municipality | None = None,
        **kwargs,
    ):
        """`municipality`: the active one (`request.tenant`), for a new meeting."""
        self.user = user
        self.meeting = meeting
        if meeting is not None and "initial" not in kwargs:
            kwargs["initial"] = self.initial_from(meeting)
        super().__init__(*args, **kwargs)
        in_use = Q(is_active=True)
        roles = user_roles(user)
        if not roles.municipalities and not roles.is_platform_admin:
            # Organisations book only their own venues; the municipality's are lent through a
            # granted request for premises (R16, W22).
            in_use &= Q(organization__isnull=False)
        if meeting is not None and meeting.venue_id:
            in_use |= Q(pk=meeting.venue_id)  # keep the venue of the meeting, even if retired
        self.fields["venue"].queryset = (
            venues_visible_to(user).filter(in_use).select_related("municipality").order_by("name")
        )
        if meeting is None:
            self.organizers = organizers_for(user, municipality=municipality)
            self.fields["organizer"] = OrganizerField(
                organizers=self.organizers, label=_("Organised by")
            )
            self.fields["organizations"].queryset = invitable_organizations(
                {o.municipality.pk for o in self.organizers}
            )
            del self.fields["scope"]
        else:
            for name in self.CREATE_ONLY:
                del self.fields[name]
            self.fields["minute_taker"] = forms.ModelChoiceField(
                label=_("Who takes the minutes"),
                queryset=minute_taker_choices(meeting),
                required=False,
                help_text=_("Reminded the day after the meeting if no minutes are written."),
            )
            if not meeting.series_id:
                del self.fields["scope"]

    @staticmethod
    def initial_from(meeting: Meeting) -> dict[str, Any]:
        starts = timezone.localtime(meeting.starts_at, OSLO)
        ends = timezone.localtime(meeting.ends_at, OSLO)
        return {
            "kind": meeting.kind,
            "title": meeting.title,
            "description": meeting.description,
            "agenda": meeting.agenda,
            "venue": meeting.venue_id,
            "online_url": meeting.online_url,
            "date": starts.date(),
            "start_time": starts.time().replace(second=0, microsecond=0),
            "end_time": ends.time().replace(second=0, microsecond=0),
            "capacity": meeting.capacity,
            "is_public": meeting.is_public,
            "working_hours_reason": meeting.working_hours_reason,
            "reminders": [str(m) for m in meeting.reminder_minutes],
            "minute_taker": meeting.minute_taker_id,
        }

    def clean_reminders(self) -> list[int]:
        return sorted((int(m) for m in self.cleaned_data.get("reminders") or []), reverse=True)

    def clean(self):
        cleaned = super().clean()
        day, starts, ends = cleaned.get("date"), cleaned.get("start_time"), cleaned.get("end_time")
        if day and starts and ends:
            if ends <= starts:
                self.add_error("end_time", _("The end must be after the start (on the same day)."))
            else:
                try:
                    cleaned["starts_at"] = local_datetime(day, starts, field="start_time")
                    cleaned["ends_at"] = local_datetime(day, ends, field="end_time")
                except ValidationError as error:
                    self.add_error(None, error)
        if not cleaned.get("venue") and not cleaned.get("online_url"):
            self.add_error("venue", _("Choose a venue, or give an online link below."))
        municipality = self.municipality
        venue = cleaned.get("venue")
        if municipality and venue and venue.municipality_id != municipality.pk:
            self.add_error(
                "venue",
                _("%(venue)s is in %(other)s; the meeting is in %(municipality)s.")
                % {"venue": venue, "other": venue.municipality, "municipality": municipality},
            )
        self._check_working_hours(cleaned, municipality)
        if municipality and self.meeting is None:
            outside = [
                o.name
                for o in cleaned.get("organizations") or []
                if municipality.pk not in {m.pk for m in o.municipalities.all()}
            ]
            if outside:
                self.add_error(
                    "organizations",
                    _("Not active in %(municipality)s: %(names)s.")
                    % {"municipality": municipality, "names": ", ".join(outside)},
                )
        return cleaned

    def _with_organizations(self, cleaned) -> bool:
        if self.meeting is None:
            organiser = cleaned.get("organiser")
            return bool(cleaned.get("organizations")) or bool(organiser and organiser.organization)
        return bool(self.meeting.organizer_organization_id) or any(
            p.organization_id for p in self.meeting.participations.all()
        )

    def _check_working_hours(self, cleaned, municipality: Municipality | None) -> None:
        """Volunteers work in the daytime (R32): a meeting with organisations on a weekday before
        17:00 needs a reason, which the invitation shows. Otherwise no reason is kept."""
        starts_at = cleaned.get("starts_at")
        if municipality is None or starts_at is None:
            return
        if not (
            self._with_organizations(cleaned) and in_working_hours(starts_at, municipality.country)
        ):
            cleaned["working_hours_reason"] = ""
            return
        if not (cleaned.get("working_hours_reason") or "").strip():
            self.add_error(
                "working_hours_reason",
                _(
                    "This is a weekday before 17:00, when most volunteers are at work. Choose "
                    "a time after 17:00 or at the weekend, or say here why the meeting must be "
                    "in working hours; those invited see the reason."
                ),
            )

    @property
    def municipality(self) -> Municipality | None:
        if self.meeting is not None:
            return self.meeting.municipality
        organizer = getattr(self, "cleaned_data", {}).get("organizer")
        return organizer.municipality if organizer else None

    def meeting_fields(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "kind": data["kind"],
            "title": data["title"],
            "description": data["description"],
            "agenda": data["agenda"],
            "venue": data["venue"],
            "online_url": data["online_url"],
            "capacity": data["capacity"],
            "is_public": data["is_public"],
            "working_hours_reason": data.get("working_hours_reason", ""),
            "reminder_minutes": data["reminders"],
            **({"minute_taker": data["minute_taker"]} if "minute_taker" in self.fields else {}),
        }

    def repeat_rule(self) -> dict[str, Any] | None:
        data = self.cleaned_data
        if not data.get("repeat"):
            return None
        return {
            "frequency": data["repeat"],
            "interval": data.get("interval") or 1,
            "until": data.get("until"),
            "count": data.get("count"),
            "monthly_by_weekday": True,
        }

    def create_kwargs(self) -> dict[str, Any]:
        organizer: Organizer = self.cleaned_data["organizer"]
        return {
            "municipality": organizer.municipality,
            "organizer_organization": organizer.organization,
            "fields": self.meeting_fields(),
            "starts_at": self.cleaned_data["starts_at"],
            "ends_at": self.cleaned_data["ends_at"],
            "organizations": list(self.cleaned_data["organizations"]),
            "invite_group": self.cleaned_data.get("invite_group", False),
            "repeat": self.repeat_rule(),
        }

    def update_kwargs(self) -> dict[str, Any]:
        return {
            "fields": self.meeting_fields(),
            "starts_at": self.cleaned_data["starts_at"],
            "ends_at": self.cleaned_data["ends_at"],
            "scope": self.cleaned_data.get("scope", "one"),
        }


class CancelForm(forms.Form):
    scope = forms.ChoiceField(
        label=_("Cancel which meetings?"),
        choices=SCOPE_CHOICES,
        initial="one",
        widget=forms.RadioSelect,
    )

    def __init__(self, *args, meeting: Meeting, **kwargs):
        super().__init__(*args, **kwargs)
        if not meeting.series_id:
            del self.fields["scope"]


# -- answers, attendance, minutes ---------------------------------------------------------------


class AnswerForm(forms.Form):
    response = forms.ChoiceField(
        label=_("Will you come?"), choices=ANSWER_CHOICES, widget=forms.RadioSelect
    )
    party_size = forms.IntegerField(label=_("How many come"), min_value=1, max_value=50, initial=1)


class RegisterForm(forms.Form):
    party_size = forms.IntegerField(label=_("How many come"), min_value=1, max_value=50, initial=1)


class AttendanceForm(forms.Form):
    attended = forms.TypedMultipleChoiceField(
        label=_("Who came"),
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, participations: list[Participation], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["attended"].choices = [
            (p.pk, str(p.organization or p.user)) for p in participations
        ]
        if not self.is_bound:
            self.initial["attended"] = [p.pk for p in participations if p.attended]


class MinutesForm(forms.Form):
    agenda = forms.CharField(
        label=_("Agenda"),
        required=False,
        max_length=Meeting._meta.get_field("agenda").max_length,
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    minutes = forms.CharField(
        label=_("Minutes"),
        required=False,
        max_length=Meeting._meta.get_field("minutes").max_length,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("Shown to the organiser and the invitees."),
    )


# -- the planner ----------------------------------------------------------------------------------


class VenueChoiceField(forms.ModelMultipleChoiceField):
    widget = forms.CheckboxSelectMultiple


class PlannerForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind of meeting"), choices=Kind.choices)
    title = forms.CharField(label=_("Title"), max_length=200, required=False)
    first_day = forms.DateField(label=_("From"), widget=DateInput)
    last_day = forms.DateField(label=_("To"), widget=DateInput)
    duration = forms.IntegerField(
        label=_("Duration in minutes"),
        min_value=30,
        max_value=480,
        initial=90,
        widget=forms.NumberInput(attrs={"step": 15}),
    )
    venues = VenueChoiceField(
        label=_("Venues"),
        queryset=Venue.objects.none(),
        required=False,
        help_text=_("Leave all unticked to plan an online meeting."),
    )
    organizations = InviteeChoiceField(
        label=_("Organisations to invite"), queryset=Organization.objects.none(), required=False
    )

    def __init__(self, *args, user: User, municipality: Municipality | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.organizers = organizers_for(user, municipality=municipality)
        self.fields["venues"].queryset = (
            venues_visible_to(user)
            .filter(is_active=True)
            .select_related("municipality")
            .prefetch_related("openings")
            .order_by("name")
        )
        self.fields["organizations"].queryset = invitable_organizations(
            {o.municipality.pk for o in self.organizers}
        )

    def clean(self):
        cleaned = super().clean()
        first, last = cleaned.get("first_day"), cleaned.get("last_day")
        if first and last:
            if last < first:
                self.add_error("last_day", _("The last day must be on or after the first day."))
            elif (last - first).days > MAX_PLANNING_DAYS:
                self.add_error(
                    "last_day",
                    _("Plan at most %(days)d days at a time.") % {"days": MAX_PLANNING_DAYS},
                )
        today = timezone.localdate()
        if last and last < today:
            self.add_error("last_day", _("Choose days that are not in the past."))
        horizon = today + timedelta(days=365 * MAX_PLANNING_YEARS_AHEAD)
        for name in ("first_day", "last_day"):
            if cleaned.get(name) and cleaned[name] > horizon and name not in self.errors:
                self.add_error(
                    name,
                    _("The planner looks at most %(years)d years ahead.")
                    % {"years": MAX_PLANNING_YEARS_AHEAD},
                )
        return cleaned

    @property
    def planning_municipality(self) -> Municipality | None:
        """Whose calendar the proposals follow: the first venue's, else the planner's own."""
        venues = self.cleaned_data.get("venues") or []
        if venues:
            return venues[0].municipality
        if self.organizers:
            return self.organizers[0].municipality
        return None

    @property
    def country(self) -> str:
        municipality = self.planning_municipality
        return municipality.country if municipality else Municipality.Country.NORWAY

    @property
    def days_without_meetings(self) -> list[str]:
        municipality = self.planning_municipality
        if municipality is None:
            return default_days_without_meetings()
        return municipality.days_without_meetings

    @property
    def meeting_length(self) -> timedelta:
        return timedelta(minutes=self.cleaned_data["duration"])


# -- venues -------------------------------------------------------------------------------------


class VenueForm(forms.ModelForm):
    owner = forms.ChoiceField(label=_("Offered by"))

    class Meta:
        model = Venue
        fields = [
            "name",
            "room",
            "address",
            "postal_code",
            "city",
            "capacity",
            "step_free",
            "accessibility_notes",
            "equipment",
            "contact",
            "is_active",
        ]
        widgets = {
            "accessibility_notes": forms.Textarea(attrs={"rows": 3}),
            "equipment": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, user: User, municipality: Municipality | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            del self.fields["owner"]
        else:
            self.fields["owner"] = OrganizerField(
                organizers=organizers_for(user, municipality=municipality),
                label=_("Offered by"),
                help_text=_("The municipality, or an organisation you are a contact for."),
            )

    def clean(self):
        cleaned = super().clean()
        owner = cleaned.get("owner")
        municipality = owner.municipality if owner else None
        if municipality is None and self.instance.municipality_id:
            municipality = self.instance.municipality
        clean_postal_code(self, cleaned, municipality)  # Danish in Denmark
        return cleaned

    def venue_fields(self) -> dict[str, Any]:
        fields = {name: self.cleaned_data[name] for name in self.Meta.fields}
        owner = self.cleaned_data.get("owner")
        if owner is not None:
            fields["municipality"] = owner.municipality
            fields["organization"] = owner.organization
        return fields


class OpeningForm(forms.Form):
    weekday = forms.TypedChoiceField(
        label=_("Weekday"), coerce=int, choices=[("", "---------"), *Weekday.choices]
    )
    opens_at = forms.TimeField(label=_("Opens"), widget=TimeInput)
    closes_at = forms.TimeField(label=_("Closes"), widget=TimeInput)

    def clean(self):
        cleaned = super().clean()
        VenueOpening.validate_form(self, cleaned)
        return cleaned


OpeningFormSet = forms.formset_factory(
    OpeningForm, extra=3, can_delete=True, max_num=21, validate_max=True
)


class AgendaTemplatesForm(forms.Form):
    """One agenda per kind of meeting that has a template; empty goes back to the shipped one."""

    def __init__(self, *args, texts: dict[str, str], days_before: int | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        if days_before is not None:
            self.fields["agenda_days_before"] = forms.IntegerField(
                label=_("Send the agenda to those invited this many days before the meeting"),
                min_value=1,
                max_value=14,
                initial=days_before,
                required=False,
            )
        labels = dict(Kind.choices)
        for kind, text in texts.items():
            self.fields[kind] = forms.CharField(
                label=labels[kind],
                required=False,
                initial=text,
                max_length=Meeting._meta.get_field("agenda").max_length,
                widget=forms.Textarea(attrs={"rows": 7}),
            )


# -- time polls -----------------------------------------------------------------------------------

POLL_DURATION_CHOICES = [
    ("60", _("1 hour")),
    ("90", _("1½ hours")),
    ("120", _("2 hours")),
    ("180", _("3 hours")),
]


class LocalDateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%dT%H:%M")


class TimePollForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind of meeting"), choices=Kind.choices)
    title = forms.CharField(label=_("Title"), max_length=200)
    agenda = forms.CharField(
        label=_("Agenda"),
        required=False,
        max_length=TimePoll._meta.get_field("agenda").max_length,
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    duration = forms.TypedChoiceField(
        label=_("How long"), choices=POLL_DURATION_CHOICES, coerce=int, initial="120"
    )
    organizations = InviteeChoiceField(
        label=_("Invite organisations"), queryset=Organization.objects.none()
    )

    def __init__(self, *args, municipality: Municipality, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organizations"].queryset = invitable_organizations([municipality.pk])
        for number in range(1, TimePoll.MAX_OPTIONS + 1):
            self.fields[f"time_{number}"] = forms.DateTimeField(
                label=_("Time %(number)d") % {"number": number},
                required=number <= TimePoll.MIN_OPTIONS,
                error_messages={"required": _("Offer at least 3 times: fill in this one too.")},
                widget=LocalDateTimeInput(),
                help_text=_("Weekday evenings or weekends suit volunteers best.")
                if number == 1
                else "",
            )

    def clean(self):
        cleaned = super().clean()
        starts = []
        for number in range(1, TimePoll.MAX_OPTIONS + 1):
            start = cleaned.get(f"time_{number}")
            if not start:
                continue
            if start in starts:  # the message stands next to the field that repeats one
                self.add_error(
                    f"time_{number}",
                    _("This time is offered already. Choose another, or leave this one empty."),
                )
                continue
            starts.append(start)
        cleaned["starts"] = starts
        return cleaned

    def create_kwargs(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "fields": {"kind": data["kind"], "title": data["title"], "agenda": data["agenda"]},
            "duration": timedelta(minutes=data["duration"]),
            "starts": data["starts"],
            "organizations": list(data["organizations"]),
        }


def option_label(option: TimePollOption) -> str:
    from django.utils.formats import date_format

    local = timezone.localtime(option.starts_at)
    return f"{date_format(local, 'l')} {date_format(local, 'DATETIME_FORMAT')}"


class TimePollAnswerForm(forms.Form):
    """Yes / if need be / no for every time offered."""

    def __init__(self, *args, options: list[TimePollOption], votes=(), **kwargs):
        super().__init__(*args, **kwargs)
        earlier = {v.option_id: v.answer for v in votes}
        for option in options:
            self.fields[f"option_{option.pk}"] = forms.ChoiceField(
                label=option_label(option),
                choices=TimePollVote.Answer.choices,
                widget=forms.RadioSelect,
                initial=earlier.get(option.pk),
            )

    def answers(self) -> dict[int, str]:
        return {
            int(name.removeprefix("option_")): value for name, value in self.cleaned_data.items()
        }


class TimePollDecideForm(forms.Form):
    option = forms.TypedChoiceField(
        label=_("The time to fix"), coerce=int, widget=forms.RadioSelect
    )
    working_hours_reason = forms.CharField(
        label=_("Why in working hours"),
        required=False,
        max_length=Meeting._meta.get_field("working_hours_reason").max_length,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Only needed for a weekday before 17:00; those invited see it."),
    )

    def __init__(self, *args, options: list[TimePollOption], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["option"].choices = [(o.pk, option_label(o)) for o in options]
        if options and not self.is_bound:
            self.initial["option"] = options[0].pk


class LogisticsForm(forms.Form):
    """The checklist: for each line to do / done / not needed, who takes it, a note."""

    def __init__(self, *args, meeting: Meeting, items: list[LogisticsItem], **kwargs):
        super().__init__(*args, **kwargs)
        self.items = items
        self.people = {str(person.pk): person for person in minute_taker_choices(meeting)}
        people = [("", "—")] + [(pk, str(person)) for pk, person in self.people.items()]
        for item in items:
            kind = item.kind
            self.fields[f"status_{kind}"] = forms.ChoiceField(
                label=_("Status"),
                choices=LogisticsItem.Status.choices,
                initial=item.status,
                widget=forms.RadioSelect,
            )
            self.fields[f"taken_by_{kind}"] = forms.ChoiceField(
                label=_("Who takes it"),
                choices=people,
                required=False,
                initial=str(item.taken_by_id or ""),
            )
            self.fields[f"note_{kind}"] = forms.CharField(
                label=_("Note"), max_length=200, required=False, initial=item.note
            )

    def lines(self):
        return [
            (
                item,
                self[f"status_{item.kind}"],
                self[f"taken_by_{item.kind}"],
                self[f"note_{item.kind}"],
            )
            for item in self.items
        ]

    def items_data(self) -> dict:
        data = self.cleaned_data
        return {
            item.kind: (
                data[f"status_{item.kind}"],
                self.people.get(data[f"taken_by_{item.kind}"]),
                data[f"note_{item.kind}"],
            )
            for item in self.items
        }


class GroupMemberForm(forms.Form):
    """Add someone to the municipality's coordinating group (R30)."""

    candidate = forms.ChoiceField(label=_("Person"), widget=LongSelect)
    role_title = forms.CharField(
        label=_("Role in the group"),
        max_length=100,
        help_text=_("For example: refugee service, leader of the volunteer centre."),
    )
    name_shown = forms.BooleanField(
        label=_("The person has agreed to have their name on the public page"),
        required=False,
        help_text=_("Otherwise the page shows only the role and the organisation."),
    )

    def __init__(self, *args, candidates: list[tuple[str, str]], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["candidate"].choices = [("", _("Choose a person")), *candidates]

"""django-filter FilterSet for the calendars. Filters live in the URL, next to `view` and `date`."""

import django_filters
from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from accounts.widgets import LongSelect
from meetings.models import Kind, Meeting

EVENING_FROM_HOUR = 17
WEEKEND_ISO_DAYS = (6, 7)  # Saturday, Sunday


def organizer_value(municipality_id: int, organization_id: int | None) -> str:
    """How an organiser is written in the URL: `m12` (the municipality) or `o34` (an
    organisation)."""
    return f"o{organization_id}" if organization_id else f"m{municipality_id}"


class MeetingFilter(django_filters.FilterSet):
    kind = django_filters.ChoiceFilter(
        label=_("Kind"), choices=Kind.choices, empty_label=_("All kinds")
    )
    organizer = django_filters.ChoiceFilter(
        label=_("Organiser"),
        method="filter_organizer",
        empty_label=_("All organisers"),
        widget=LongSelect,
    )
    evening = django_filters.BooleanFilter(
        label=_("Evenings (from 17:00)"), method="filter_evening", widget=forms.CheckboxInput
    )
    weekend = django_filters.BooleanFilter(
        label=_("Weekends"), method="filter_weekend", widget=forms.CheckboxInput
    )

    class Meta:
        model = Meeting
        fields: list[str] = []

    def __init__(self, *args, organizers: list[tuple[str, str]] = (), **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["organizer"].extra["choices"] = list(organizers)

    def filter_organizer(self, queryset, name, value):
        if not value:
            return queryset
        kind, pk = value[0], value[1:]
        if kind == "o":
            return queryset.filter(organizer_organization_id=pk)
        return queryset.filter(Q(municipality_id=pk) & Q(organizer_organization__isnull=True))

    def filter_evening(self, queryset, name, value):
        # Extracting the hour uses the current time zone (Europe/Oslo), not UTC.
        return queryset.filter(starts_at__hour__gte=EVENING_FROM_HOUR) if value else queryset

    def filter_weekend(self, queryset, name, value):
        return queryset.filter(starts_at__iso_week_day__in=WEEKEND_ISO_DAYS) if value else queryset


class PublicMeetingFilter(MeetingFilter):
    """The public calendar's filters, and one more: organisations' public activities shown too,
    each weekly time as a day in the calendar (R41). The activities are not meetings: the view
    adds them (`wanted_activities`); the filter only keeps the choice in the URL."""

    activities = django_filters.BooleanFilter(
        label=_("Include organisations' activities"),
        method="keep_meetings",
        widget=forms.CheckboxInput,
    )

    def keep_meetings(self, queryset, name, value):
        return queryset

    def wanted_activities(self) -> dict | None:
        """How to filter the activities, or None when they are not wanted: no kind of meeting
        chosen, no organiser but an organisation, evenings and weekends as for the meetings."""
        if not self.is_bound or not self.form.is_valid():
            return None
        data = self.form.cleaned_data
        if not data.get("activities") or data.get("kind"):
            return None
        organizer = data.get("organizer") or ""
        if organizer.startswith("m"):
            return None
        return {
            "organization_id": int(organizer[1:]) if organizer else None,
            "evening": bool(data.get("evening")),
            "weekend": bool(data.get("weekend")),
        }

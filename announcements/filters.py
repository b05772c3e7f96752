"""Who an announcement goes to: a FilterSet over the municipality's verified organisations.

Within one filter any choice matches (category A or B); filters combine (category and activity
type). Empty filters mean every organisation. The chosen values are stored on the announcement
(`Announcement.audience`) and resolved again when it is sent.
"""

import django_filters
from django import forms
from django.db.models import Exists, OuterRef
from django.utils.translation import gettext_lazy as _

from agreements.selectors import agreements_of, parties_of
from organizations import choices
from organizations.models import Activity, Organization


class AudienceFilter(django_filters.FilterSet):
    category = django_filters.MultipleChoiceFilter(
        label=_("Only organisations in these categories"),
        choices=choices.Category.choices,
        widget=forms.CheckboxSelectMultiple,
        method="filter_category",
    )
    activity_type = django_filters.MultipleChoiceFilter(
        label=_("Only organisations with these activities"),
        choices=choices.ActivityType.choices,
        widget=forms.CheckboxSelectMultiple,
        method="filter_activity_type",
    )
    agreement = django_filters.ModelChoiceFilter(
        label=_("Only the parties to this agreement"),
        queryset=None,  # the municipality's agreements, set in __init__
        empty_label=_("Any organisation"),
        method="filter_agreement",
    )

    # Chosen by a link (the overlap view: the organisations running the same thing), not typed:
    # the page names them above the form.
    organization = django_filters.ModelMultipleChoiceFilter(
        label=_("Only these organisations"),
        queryset=Organization.objects.none(),
        widget=forms.MultipleHiddenInput,
        method="filter_organization",
    )
    crisis_contacts = django_filters.BooleanFilter(
        label=_("Only crisis contacts (organisations that may be contacted at once in a crisis)"),
        widget=forms.CheckboxInput,
        method="filter_crisis_contacts",
    )

    class Meta:
        model = Organization
        fields: list[str] = []

    def __init__(self, *args, municipality, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["agreement"].queryset = agreements_of(municipality).order_by("title")
        self.filters["organization"].queryset = Organization.objects.verified_in(municipality)

    @property
    def chosen_organizations(self) -> list[Organization]:
        """The organisations a link chose, for the page to name them."""
        if not self.is_bound or not self.form.is_valid():
            return []
        return sorted(self.form.cleaned_data.get("organization") or [], key=lambda o: o.name)

    def filter_category(self, queryset, name, value):
        if not value:
            return queryset
        through = Organization.categories.through
        return queryset.filter(
            Exists(
                through.objects.filter(organization=OuterRef("pk"), categoryterm__code__in=value)
            )
        )

    def filter_activity_type(self, queryset, name, value):
        if not value:
            return queryset
        return queryset.filter(
            Exists(
                Activity.objects.filter(organization=OuterRef("pk"), type__in=value, is_active=True)
            )
        )

    def filter_organization(self, queryset, name, value):
        return (
            queryset.filter(pk__in=[organization.pk for organization in value])
            if value
            else queryset
        )

    def filter_crisis_contacts(self, queryset, name, value):
        return queryset.filter(crisis_contact=True) if value else queryset

    def filter_agreement(self, queryset, name, value):
        if not value:
            return queryset
        return queryset.filter(Exists(parties_of(value).filter(organization=OuterRef("pk"))))


def audience_from_cleaned_data(data: dict) -> dict:
    """The filters as plain JSON for `Announcement.audience`."""
    agreement = data.get("agreement")
    return {
        "category": list(data.get("category") or []),
        "activity_type": list(data.get("activity_type") or []),
        "agreement": agreement.pk if agreement else None,
        "crisis_contacts": bool(data.get("crisis_contacts")),
        "organization": [organization.pk for organization in data.get("organization") or []],
    }

"""django-filter FilterSets for the lists of persons, referrals and the access log."""

import django_filters
from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from organizations.models import Organization
from referrals.models import AccessLogEntry, Person, Referral

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class PersonFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Name"), method="filter_name")

    class Meta:
        model = Person
        fields: list[str] = []

    def filter_name(self, queryset, name, value):
        for word in value.split():
            queryset = queryset.filter(
                Q(given_name__icontains=word) | Q(family_name__icontains=word)
            )
        return queryset


class ReferralFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(
        label=_("Status"), choices=Referral.Status.choices, empty_label=_("All statuses")
    )
    organization = django_filters.ModelChoiceFilter(
        label=_("Organisation"),
        queryset=Organization.objects.none(),
        empty_label=_("All organisations"),
    )

    class Meta:
        model = Referral
        fields: list[str] = []

    def __init__(self, *args, organizations=None, **kwargs):
        super().__init__(*args, **kwargs)
        if organizations is not None:
            self.filters["organization"].queryset = organizations


class AccessLogFilter(django_filters.FilterSet):
    person = django_filters.NumberFilter(label=_("Person number"), field_name="person_id")
    date_from = django_filters.DateFilter(
        label=_("From"), field_name="at", lookup_expr="date__gte", widget=DATE
    )
    date_to = django_filters.DateFilter(
        label=_("To"), field_name="at", lookup_expr="date__lte", widget=DATE
    )

    class Meta:
        model = AccessLogEntry
        fields: list[str] = []

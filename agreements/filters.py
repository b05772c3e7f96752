"""django-filter FilterSet for the agreement list. Filters live in the URL."""

from datetime import timedelta

import django_filters
from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_filters.fields import ModelChoiceField, ModelChoiceIterator

from accounts.widgets import LongSelect
from agreements.models import Agreement, Kind
from core.forms import NameChoiceIterator
from organizations.models import Organization

REVIEW_DUE_DAYS = 60


class _NamesIterator(ModelChoiceIterator, NameChoiceIterator):
    """django-filter's choices (the empty one first), then (id, name) pairs: no instance per
    organisation."""


class _OrganizationField(ModelChoiceField):
    iterator = _NamesIterator


class OrganizationFilter(django_filters.ModelChoiceFilter):
    field_class = _OrganizationField


class AgreementFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label=_("Title"), field_name="title", lookup_expr="icontains", max_length=200
    )
    status = django_filters.ChoiceFilter(
        label=_("Status"), choices=Agreement.Status.choices, empty_label=_("All statuses")
    )
    organization = OrganizationFilter(
        label=_("Organisation"),
        field_name="parties__organization",
        queryset=Organization.objects.none(),
        empty_label=_("All organisations"),
        widget=LongSelect,
    )
    kind = django_filters.ChoiceFilter(
        label=_("Kind"), choices=Kind.choices, empty_label=_("All kinds")
    )
    review_due = django_filters.BooleanFilter(
        label=_("Review due within 60 days"), method="filter_review_due", widget=forms.CheckboxInput
    )

    class Meta:
        model = Agreement
        fields: list[str] = []

    def __init__(self, *args, organizations=None, **kwargs):
        super().__init__(*args, **kwargs)
        if organizations is not None:
            self.filters["organization"].queryset = organizations

    def filter_review_due(self, queryset, name, value):
        if not value:
            return queryset
        today = timezone.localdate()
        return queryset.filter(
            review_on__gte=today, review_on__lte=today + timedelta(days=REVIEW_DUE_DAYS)
        )

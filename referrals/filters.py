"""django-filter FilterSets for the lists of persons, referrals and the access log."""

import datetime

import django_filters
from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_filters.fields import ModelChoiceField, ModelChoiceIterator

from accounts.widgets import LongSelect
from organizations.models import Organization
from referrals.models import AccessLogEntry, Person, Referral

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class PersonFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Name"), method="filter_name", max_length=200)

    class Meta:
        model = Person
        fields: list[str] = []

    def filter_name(self, queryset, name, value):
        for word in value.split():
            queryset = queryset.filter(
                Q(given_name__icontains=word) | Q(family_name__icontains=word)
            )
        return queryset


class IdAndName(ModelChoiceIterator):
    """The <option>s straight from the id and the name: no model object is built per row (a
    large municipality's filter lists some 1,400 organisations, issue #24). Choosing one still
    goes through the queryset, so an id outside it is refused as before."""

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        if self.field.null_label is not None:
            yield (self.field.null_value, self.field.null_label)
        yield from self.queryset.values_list("pk", "name")


class NamedChoiceField(ModelChoiceField):
    iterator = IdAndName


class NamedChoiceFilter(django_filters.ModelChoiceFilter):
    field_class = NamedChoiceField


ANSWER_OVERDUE = datetime.timedelta(days=5)
CONTACT_OVERDUE = datetime.timedelta(days=14)


class ReferralFilter(django_filters.FilterSet):
    """The filters of the referral list; the start page's figures link here with the same ones."""

    status = django_filters.ChoiceFilter(
        label=_("Status"), choices=Referral.Status.choices, empty_label=_("All statuses")
    )
    overdue = django_filters.ChoiceFilter(
        label=_("Overdue"),
        choices=[
            ("answer", _("No answer for more than 5 days")),
            ("contact", _("Accepted, no contact for more than 14 days")),
        ],
        empty_label=_("All"),
        method="filter_overdue",
    )
    municipality = django_filters.CharFilter(
        field_name="municipality__slug", widget=forms.HiddenInput, max_length=100
    )
    mine = django_filters.BooleanFilter(
        label=_("Only referrals I submitted"),
        method="filter_mine",
        widget=forms.HiddenInput,
    )
    organization = NamedChoiceFilter(
        label=_("Organisation"),
        queryset=Organization.objects.none(),
        empty_label=_("All organisations"),
        widget=LongSelect,
    )

    class Meta:
        model = Referral
        fields: list[str] = []

    def filter_overdue(self, queryset, name, value):
        now = timezone.now()
        if value == "answer":
            return queryset.filter(status__in=Referral.WAITING_FOR_ANSWER).filter(
                Q(routed_at__lt=now - ANSWER_OVERDUE)
                | Q(routed_at__isnull=True, created_at__lt=now - ANSWER_OVERDUE)
            )
        if value == "contact":
            return queryset.filter(
                status=Referral.Status.ACCEPTED, accepted_at__lt=now - CONTACT_OVERDUE
            )
        return queryset

    def filter_mine(self, queryset, name, value):
        if value and self.request is not None:
            return queryset.filter(created_by=self.request.user)
        return queryset

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

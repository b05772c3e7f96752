"""django-filter FilterSets for the catalogue, the tracker and the coordinator's overview."""

import django_filters
from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from accounts.selectors import municipalities_by_name
from core.translated_fields import languages, localized
from grants.models import Application, Scheme
from organizations.choices import Language


def administrator_filter() -> django_filters.ChoiceFilter:
    """Schemes by who administers them (the lists of schemes and of deadlines)."""
    return django_filters.ChoiceFilter(
        label=_("Administered by"),
        choices=Scheme.Administrator.choices,
        empty_label=_("All grant managers"),
    )


class SchemeFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="filter_q", max_length=200)
    administrator = administrator_filter()
    language = django_filters.ChoiceFilter(
        label=_("Guidance in"),
        choices=Language.choices,
        method="filter_language",
        empty_label=_("Any language"),
    )
    municipality = django_filters.ModelChoiceFilter(
        label=_("Municipality"),
        queryset=lambda request: municipalities_by_name(),
        to_field_name="slug",
        method="filter_municipality",
        empty_label=_("Shared schemes and your municipalities'"),
    )

    class Meta:
        model = Scheme
        fields: list[str] = []

    def filter_municipality(self, queryset, name, value):
        """The shared schemes and this municipality's own (the view let them in)."""
        return queryset.filter(Q(municipality__isnull=True) | Q(municipality=value))

    def filter_q(self, queryset, name, value):
        """A word in the name, the grant manager or the summary in any language (a nynorsk
        reader's "tilskot" finds a scheme whose nynorsk summary has it)."""
        for word in value.split():
            condition = Q(name__icontains=word) | Q(administrator_name__icontains=word)
            for code in languages():
                condition |= Q(**{f"{localized('summary', code)}__icontains": word})
            queryset = queryset.filter(condition)
        return queryset

    def filter_language(self, queryset, name, value):
        return queryset.filter(guidance_languages__icontains=f'"{value}"') if value else queryset


class DeadlineFilter(django_filters.FilterSet):
    administrator = administrator_filter()
    fits = django_filters.BooleanFilter(
        label=_("Only schemes that fit my organisation"),
        method="filter_nothing",
        widget=forms.CheckboxInput,
    )

    class Meta:
        model = Scheme
        fields: list[str] = []

    def filter_nothing(self, queryset, name, value):
        return queryset  # the view matches schemes against the organisation (grants.matching)


class ApplicationFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="filter_q", max_length=200)
    status = django_filters.ChoiceFilter(
        label=_("Status"), choices=Application.Status.choices, empty_label=_("All statuses")
    )
    scheme = django_filters.ModelChoiceFilter(
        label=_("Grant scheme"), queryset=Scheme.objects.none(), empty_label=_("All schemes")
    )

    class Meta:
        model = Application
        fields: list[str] = []

    def __init__(self, *args, schemes=None, **kwargs):
        super().__init__(*args, **kwargs)
        if schemes is not None:
            self.filters["scheme"].queryset = schemes

    def filter_q(self, queryset, name, value):
        return queryset.filter(Q(title__icontains=value) | Q(organization__name__icontains=value))

"""The filters of the municipality's lists of requests for premises and arenas (issue #18)."""

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from dashboard.models import PlaceRequest


class PlaceRequestFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label=_("Organisation or place"), method="filter_text", max_length=200
    )
    status = django_filters.ChoiceFilter(
        label=_("Status"), choices=PlaceRequest.Status.choices, empty_label=_("All statuses")
    )
    kind = django_filters.ChoiceFilter(
        label=_("Asked for"),
        choices=[("premises", _("Premises")), ("arena", _("Arenas"))],
        empty_label=_("Premises and arenas"),
        method="filter_kind",
    )

    class Meta:
        model = PlaceRequest
        fields: list[str] = []

    def filter_text(self, queryset, name, value):
        return queryset.filter(
            Q(organization__name__icontains=value)
            | Q(premises__name__icontains=value)
            | Q(arena__name__icontains=value)
        )

    def filter_kind(self, queryset, name, value):
        return queryset.filter(premises__isnull=value != "premises")

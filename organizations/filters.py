"""django-filter FilterSets for the directory and the registry. Filters live in the URL."""

import django_filters
from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from accounts.models import Municipality
from accounts.widgets import LongSelect
from core.translated_fields import reader_order
from organizations import choices
from organizations.models import Activity, Organization
from organizations.selectors import organizations_looking_for_partners, text_search


def for_age(age: int) -> Q:
    """Activities open to a person of `age`: within its range, or with no range on that side."""
    return (Q(age_from__isnull=True) | Q(age_from__lte=age)) & (
        Q(age_to__isnull=True) | Q(age_to__gte=age)
    )


def age_filter() -> django_filters.NumberFilter:
    return django_filters.NumberFilter(
        label=_("Age"),
        method="filter_age",
        min_value=0,
        max_value=120,
        widget=forms.NumberInput(attrs={"inputmode": "numeric", "min": 0, "max": 120}),
    )


def checkbox(label, method: str) -> django_filters.BooleanFilter:
    """A tick box that narrows the list when ticked (and does nothing when not)."""
    return django_filters.BooleanFilter(label=label, method=method, widget=forms.CheckboxInput)


class SortFilter(django_filters.OrderingFilter):
    """The orderings named in `field_labels`, by their parameter ("name", "-name"), with those
    labels, translated when the page is drawn. django-filter's own "Name (descending)" labels
    are made once, at import, in the language active then: bokmål on every page."""

    by_reader: tuple[str, ...] = ()  # translated fields, sorted as the reader reads them

    def build_choices(self, fields, labels):
        return list(labels.items())

    def get_ordering_value(self, param):
        """An activity's title sorts as the reader reads it (core.translated_fields): a plain
        "title" would sort by the reader's own column, where an untranslated title is empty."""
        value = super().get_ordering_value(param)
        if value.lstrip("-") in self.by_reader:
            order = reader_order(value.lstrip("-"))
            return order.desc() if value.startswith("-") else order.asc()
        return value


class ActivitySort(SortFilter):
    by_reader = ("title",)


# The filters on the activities both directories share, in the order the page shows them.
TICK_BOXES = ("weekday", "evening", "weekend", "free", "childcare", "age")


class PublicFilters(django_filters.FilterSet):
    """What the organisation and activity directories share: text, language, group, and the
    filters on activities (`where_activity`: the activity itself, or an organisation's)."""

    q = django_filters.CharFilter(label=_("Search"), method="filter_text", max_length=200)
    language = django_filters.ChoiceFilter(
        label=_("Language"),
        field_name="languages__code",
        choices=choices.Language.choices,
        empty_label=_("All languages"),
    )
    target_group = django_filters.ChoiceFilter(
        label=_("Target group"),
        field_name="target_groups__code",
        choices=choices.TargetGroup.choices,
        empty_label=_("Everyone"),
    )
    weekday = django_filters.ChoiceFilter(
        label=_("Weekday"),
        method="filter_weekday",
        choices=choices.Weekday.choices,
        empty_label=_("Any day"),
    )

    evening = checkbox(_("Evenings (from 17:00)"), "filter_evening")
    weekend = checkbox(_("Weekends"), "filter_weekend")
    free = checkbox(_("Free activities"), "filter_free")
    childcare = checkbox(_("Childcare offered"), "filter_childcare")
    age = age_filter()

    field_order: tuple[str, ...] = ()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Show the filters in the order a person looks for things, not in class order.
        ordered = {name: self.filters[name] for name in self.field_order if name in self.filters}
        self.filters = {**ordered, **self.filters}
        # Every <select> written in Python (each FilterSet has its own copies of the filters):
        # Django's per-option templates were a third of an uncached directory page.
        for filter_ in self.filters.values():
            if "widget" not in filter_.extra and filter_.field_class.widget is forms.Select:
                filter_.extra["widget"] = LongSelect

    def filter_text(self, queryset, name, value):
        return text_search(queryset, value)

    def where_activity(self, queryset, *conditions, **fields):
        """The rows with an activity that meets the conditions (the directory of organisations:
        one with such an active activity; the directory of activities: the activity itself)."""
        raise NotImplementedError

    def filter_weekday(self, queryset, name, value):
        return self.where_activity(queryset, weekdays__contains=str(value)) if value else queryset

    def filter_evening(self, queryset, name, value):
        return self.where_activity(queryset, has_evening=True) if value else queryset

    def filter_weekend(self, queryset, name, value):
        return self.where_activity(queryset, has_weekend=True) if value else queryset

    def filter_free(self, queryset, name, value):
        return self.where_activity(queryset, is_free=True) if value else queryset

    def filter_childcare(self, queryset, name, value):
        return self.where_activity(queryset, childcare=True) if value else queryset

    def filter_age(self, queryset, name, value):
        return self.where_activity(queryset, for_age(int(value))) if value is not None else queryset

    # Filters that join a many-valued table and can repeat a row.
    many_valued: tuple[str, ...] = ("language", "target_group")

    @property
    def qs(self):
        queryset = super().qs
        data = getattr(self.form, "cleaned_data", {})
        if any(data.get(name) for name in self.many_valued):
            queryset = queryset.distinct()  # only then: DISTINCT over thousands of rows is costly
        return queryset


class DirectoryFilter(PublicFilters):
    """The public organisation directory."""

    field_order = (
        "q",
        "municipality",
        "kind",
        "category",
        "activity_type",
        "language",
        "target_group",
        *TICK_BOXES,
        "partners",
    )
    many_valued = ("category", "language", "target_group")

    kind = django_filters.ChoiceFilter(
        label=_("Kind of actor"),
        field_name="kind",
        choices=choices.ActorKind.choices,
        empty_label=_("All kinds"),
    )
    municipality = django_filters.ModelChoiceFilter(
        label=_("Municipality"),
        method="filter_municipality",
        queryset=Municipality.objects.order_by("name"),
        to_field_name="slug",
        empty_label=_("All municipalities"),
    )
    category = django_filters.ChoiceFilter(
        label=_("Category"),
        field_name="categories__code",
        choices=choices.Category.choices,
        empty_label=_("All categories"),
    )
    activity_type = django_filters.ChoiceFilter(
        label=_("Activity"),
        method="filter_activity_type",
        choices=choices.ActivityType.choices,
        empty_label=_("All activities"),
    )
    partners = checkbox(_("Looking for partners"), "filter_partners")
    sort = SortFilter(
        label=_("Sort by"),
        fields=[("name", "name"), ("verified_at", "verified")],
        field_labels={
            "name": _("Name"),
            "-name": _("Name, Z to A"),
            "verified": _("Oldest first"),
            "-verified": _("Newest first"),
        },
        empty_label=None,
    )

    class Meta:
        model = Organization
        fields: list[str] = []

    def filter_municipality(self, queryset, name, value):
        """Only the organisations this municipality has verified (verified elsewhere is not
        enough to be listed here)."""
        return queryset.verified_in(value) if value else queryset

    def where_activity(self, queryset, *conditions, **fields):
        activities = Activity.objects.filter(*conditions, is_active=True, **fields)
        return queryset.filter(pk__in=activities.values("organization_id"))

    def filter_activity_type(self, queryset, name, value):
        return self.where_activity(queryset, type=value) if value else queryset

    def filter_partners(self, queryset, name, value):
        return queryset.filter(organizations_looking_for_partners()) if value else queryset


class ActivityFilter(PublicFilters):
    """The public activity directory."""

    field_order = ("q", "municipality", "type", "language", "target_group", *TICK_BOXES)

    municipality = django_filters.ModelChoiceFilter(
        label=_("Municipality"),
        queryset=Municipality.objects.order_by("name"),
        to_field_name="slug",
        empty_label=_("All municipalities"),
    )
    type = django_filters.ChoiceFilter(
        label=_("Activity"), choices=choices.ActivityType.choices, empty_label=_("All activities")
    )
    free = checkbox(_("Free only"), "filter_free")
    free = checkbox(_("Free only"), "filter_free")
    sort = ActivitySort(
        label=_("Sort by"),
        fields=[("title", "title"), ("created_at", "created")],
        field_labels={
            "title": _("Title"),
            "-title": _("Title, Z to A"),
            "created": _("Oldest first"),
            "-created": _("Newest first"),
        },
        empty_label=None,
    )

    class Meta:
        model = Activity
        fields: list[str] = []

    def where_activity(self, queryset, *conditions, **fields):
        return queryset.filter(*conditions, **fields)


# -- the coordinator's registry: its list page and its exports ----------------------------------


def _registry_municipalities(request):
    """The municipalities one can filter the registry on: the coordinator's own."""
    from accounts.selectors import user_roles

    queryset = Municipality.objects.order_by("name")
    if request is None:
        return queryset.none()
    roles = user_roles(request.user)
    return queryset if roles.is_platform_admin else queryset.filter(pk__in=roles.coordinator_of)


class RegistryFilter(django_filters.FilterSet):
    """The coordinator's registry (`registry_for`): the list page and the CSV/XLSX exports."""

    q = django_filters.CharFilter(label=_("Search"), method="filter_text", max_length=200)
    # The status in the coordinator's own municipalities (`registry_for` annotates it).
    status = django_filters.ChoiceFilter(
        label=_("Status"),
        field_name="local_status",
        choices=Organization.Status.choices,
        empty_label=_("All statuses"),
    )
    category = django_filters.ChoiceFilter(
        label=_("Category"),
        field_name="categories__code",
        choices=choices.Category.choices,
        empty_label=_("All categories"),
    )
    municipality = django_filters.ModelChoiceFilter(
        label=_("Municipality"),
        field_name="municipalities",
        queryset=_registry_municipalities,
        to_field_name="slug",
        empty_label=_("All municipalities"),
    )

    class Meta:
        model = Organization
        fields: list[str] = []

    def filter_text(self, queryset, name, value):
        """Part of the name, the start of the organisation number, or the full-text search."""
        value = value.strip()
        if not value:
            return queryset
        matches = text_search(Organization.objects.all(), value).values("pk")
        condition = Q(name__icontains=value) | Q(pk__in=matches)
        number = "".join(value.split())
        if number.isdigit():
            condition |= Q(org_number__startswith=number)
        # Each filter matches at most one row per organisation: no duplicates, no DISTINCT.
        return queryset.filter(condition)


class OffersAndNeedsFilter(django_filters.FilterSet):
    """The municipality's "Offers and needs" (R08): by words, what is offered, what is needed."""

    q = django_filters.CharFilter(label=_("Search"), method="filter_text", max_length=200)
    offer = django_filters.ChoiceFilter(
        label=_("Can offer"),
        field_name="offers__code",
        choices=choices.Offer.choices,
        empty_label=_("Any offer"),
        widget=LongSelect,
    )
    need = django_filters.ChoiceFilter(
        label=_("Needs"),
        field_name="needs__code",
        choices=choices.Need.choices,
        empty_label=_("Any need"),
        widget=LongSelect,
    )

    class Meta:
        model = Organization
        fields: list[str] = []

    def filter_text(self, queryset, name, value):
        return queryset.filter(
            Q(name__icontains=value)
            | Q(offers_text__icontains=value)
            | Q(needs_text__icontains=value)
        )

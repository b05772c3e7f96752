"""The public directory of organisations and of activities: only verified organisations, each
filter, Norwegian full-text search, pagination, sorting, and flat query counts."""

import html
import re
from datetime import UTC, date, datetime, timedelta

import pytest
from django.urls import reverse

from organizations import services
from organizations.models import Activity, Organization, OrganizationMembership, TargetGroupTerm
from tests.factories import (
    ActivityFactory,
    OrganizationFactory,
    OrganizationMembershipFactory,
    set_organization_status,
    terms,
)

pytestmark = pytest.mark.django_db

DIRECTORY = reverse("organizations:directory")
ACTIVITIES = reverse("organizations:activity_directory")
MONDAY, TUESDAY, SATURDAY, SUNDAY = 0, 1, 5, 6
LONG_AGO, FAR_AHEAD = date(2001, 1, 1), date(2999, 1, 1)


def listed(response) -> list[str]:
    """Names (organisations) or titles (activities) on the page, in order."""
    return [getattr(o, "name", None) or o.title for o in response.context["page_obj"].object_list]


def next_page_link(response) -> str:
    """The href of the pagination's link to page 2."""
    match = re.search(
        r'class="ds-button" data-variant="tertiary" href="([^"]*page=2[^"]*)"',
        response.content.decode(),
    )
    assert match is not None
    return html.unescape(match.group(1))


@pytest.fixture
def english(client, settings):
    """Anonymous visitors get Norwegian pages unless they choose English (the language cookie)."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"


@pytest.fixture
def directory(municipality, other_municipality):
    """Organisations and activities that each filter tells apart.

    Alfa (Drammen) and Beta (Asker) run activities; Gamma looks for partners and has only an
    inactive activity; Delta looked for partners until long ago; Epsilon matches every filter
    but is not verified, so it is never shown.
    """
    alfa = OrganizationFactory(
        name="Alfa",
        verified=True,
        municipalities=[municipality],
        categories=["sports"],
        languages=["ar"],
    )
    alfa.target_groups.add(*terms(TargetGroupTerm, ["children"]))
    beta = OrganizationFactory(
        name="Beta",
        verified=True,
        municipalities=[other_municipality],
        categories=["faith"],
        languages=["uk"],
    )
    beta.target_groups.add(*terms(TargetGroupTerm, ["women"]))
    gamma = OrganizationFactory(
        name="Gamma",
        verified=True,
        municipalities=[municipality],
        categories=["outdoor"],
        looking_for_partners="Leksehjelp på tirsdager",
        looking_for_partners_until=FAR_AHEAD,
    )
    OrganizationFactory(
        name="Delta",
        verified=True,
        municipalities=[other_municipality],
        categories=["other"],
        looking_for_partners="Turgruppe",
        looking_for_partners_until=LONG_AGO,
    )
    epsilon = OrganizationFactory(
        name="Epsilon",
        municipalities=[municipality],
        categories=["sports"],
        languages=["ar", "uk"],
        looking_for_partners="Alt",
    )
    epsilon.target_groups.add(*terms(TargetGroupTerm, ["children", "women"]))

    ActivityFactory(
        organization=alfa,
        municipality=municipality,
        title="Leksehjelp for barn",
        type="homework_help",
        languages=["ar"],
        target_groups=["children"],
        schedules=[(TUESDAY, "18:00", "20:00")],
    )
    ActivityFactory(
        organization=alfa,
        municipality=municipality,
        title="Tirsdagstur",
        type="outdoor_course",
        schedules=[(MONDAY, "10:00", "12:00"), (TUESDAY, "10:00", "12:00")],
    )
    ActivityFactory(
        organization=beta,
        municipality=other_municipality,
        title="Kvinnekafé",
        type="language_cafe",
        languages=["uk"],
        target_groups=["women"],
        is_free=False,
        price=50,
        schedules=[(SATURDAY, "11:00", "13:00")],
    )
    ActivityFactory(
        organization=gamma,
        municipality=municipality,
        title="Søndagsfotball (avlyst)",
        type="sports",
        is_active=False,
        schedules=[(SUNDAY, "19:00", "21:00")],
    )
    for day, start in [(TUESDAY, "18:00"), (SATURDAY, "11:00"), (SUNDAY, "19:00")]:
        ActivityFactory(
            organization=epsilon,
            municipality=municipality,
            title=f"Epsilon {day}",
            type="homework_help",
            languages=["ar", "uk"],
            target_groups=["children", "women"],
            schedules=[(day, start, "22:00")],
        )


# -- only verified organisations ----------------------------------------------------------------


def test_the_directory_shows_only_verified_organisations(client, directory):
    set_organization_status(Organization.objects.get(name="Delta"), Organization.Status.REJECTED)

    response = client.get(DIRECTORY)

    assert listed(response) == ["Alfa", "Beta", "Gamma"]
    assert "Epsilon" not in response.content.decode()


def test_the_activity_directory_shows_only_active_activities_of_verified_organisations(
    client, directory
):
    response = client.get(ACTIVITIES)

    assert listed(response) == ["Kvinnekafé", "Leksehjelp for barn", "Tirsdagstur"]


# -- each filter narrows ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("", ["Alfa", "Beta", "Gamma", "Delta"]),
        ("municipality=drammen", ["Alfa", "Gamma"]),
        ("municipality=asker", ["Beta", "Delta"]),
        ("category=sports", ["Alfa"]),
        ("activity_type=homework_help", ["Alfa"]),
        ("activity_type=sports", []),  # Gamma's football is not active
        ("language=uk", ["Beta"]),
        ("target_group=children", ["Alfa"]),
        ("weekday=0", ["Alfa"]),  # Monday is 0: a filter value that is falsy as a number
        ("weekday=5", ["Beta"]),
        ("weekday=6", []),
        ("evening=on", ["Alfa"]),
        ("weekend=on", ["Beta"]),
        ("free=on", ["Alfa"]),
        ("partners=on", ["Gamma"]),  # Delta's "until" is in the past
        ("municipality=drammen&category=outdoor", ["Gamma"]),
        ("municipality=asker&weekend=on&language=uk", ["Beta"]),
    ],
)
def test_each_directory_filter_narrows_the_organisations(client, directory, query, expected):
    response = client.get(f"{DIRECTORY}?{query}")

    assert sorted(listed(response)) == sorted(expected)
    assert response.context["page_obj"].paginator.count == len(expected)


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("municipality=drammen", ["Leksehjelp for barn", "Tirsdagstur"]),
        ("type=homework_help", ["Leksehjelp for barn"]),
        ("language=uk", ["Kvinnekafé"]),
        ("target_group=children", ["Leksehjelp for barn"]),
        ("weekday=0", ["Tirsdagstur"]),
        ("weekday=1", ["Leksehjelp for barn", "Tirsdagstur"]),
        ("weekday=5", ["Kvinnekafé"]),
        ("evening=on", ["Leksehjelp for barn"]),
        ("weekend=on", ["Kvinnekafé"]),
        ("free=on", ["Leksehjelp for barn", "Tirsdagstur"]),
        ("weekday=1&evening=on", ["Leksehjelp for barn"]),
    ],
)
def test_each_activity_filter_narrows_the_activities(client, directory, query, expected):
    response = client.get(f"{ACTIVITIES}?{query}")

    assert listed(response) == expected


def test_an_organisation_looking_for_partners_without_an_end_date_is_found(client, municipality):
    OrganizationFactory(name="Uten sluttdato", verified=True, looking_for_partners="Sykkelverksted")
    OrganizationFactory(name="Leter ikke", verified=True)

    response = client.get(f"{DIRECTORY}?partners=on")

    assert listed(response) == ["Uten sluttdato"]


def test_an_unknown_municipality_finds_nothing(client, directory):
    response = client.get(f"{DIRECTORY}?municipality=finnes-ikke")

    assert response.status_code == 200
    assert listed(response) == []


# -- full-text search ---------------------------------------------------------------------------


def test_search_finds_a_word_in_the_description(client):
    OrganizationFactory(
        name="Biblioteksvennene", verified=True, description_nb="Leksehjelp for barn"
    )
    OrganizationFactory(name="Sjakklubben", verified=True, description_nb="Sjakk hver torsdag")

    response = client.get(f"{DIRECTORY}?q=leksehjelp")

    assert listed(response) == ["Biblioteksvennene"]


@pytest.mark.parametrize(
    ("text", "query"),
    [
        ("Vi arrangerer turer i skogen", "tur"),  # plural found by the singular
        ("Leksehjelpen er åpen for alle", "leksehjelp"),  # definite form
        ("Aktiviteter for barna i nabolaget", "barn"),
        ("Sykkelverkstedet er åpent", "sykkelverksteder"),  # definite text, plural query
    ],
)
def test_search_finds_norwegian_word_forms(client, text, query):
    OrganizationFactory(name="Treffet", verified=True, description_nb=text)
    OrganizationFactory(name="Annet", verified=True, description_nb="Noe helt annet")

    response = client.get(f"{DIRECTORY}?q={query}")

    assert listed(response) == ["Treffet"]


def test_search_finds_an_organisation_by_words_in_its_name(client):
    OrganizationFactory(name="Drammen Sjakklubb", verified=True)
    OrganizationFactory(name="Asker Turlag", verified=True)

    response = client.get(f"{DIRECTORY}?q=sjakklubb")

    assert listed(response) == ["Drammen Sjakklubb"]


def test_search_finds_an_organisation_by_words_in_its_activities_titles(
    client, municipality, organization, organization_admin
):
    set_organization_status(organization, Organization.Status.VERIFIED)
    OrganizationFactory(name="Annet lag", verified=True)
    services.activity_save(
        by=organization_admin,
        organization=organization,
        activity=None,
        fields={"title": "Sykkelverksted", "type": "other", "municipality": municipality},
        m2m={},
        schedules=[],
    )

    response = client.get(f"{DIRECTORY}?q=sykkelverkstedet")

    assert listed(response) == [organization.name]


def test_search_finds_activities_by_title_description_and_organisation_name(
    client, municipality, organization, organization_admin
):
    set_organization_status(organization, Organization.Status.VERIFIED)
    for title, description in [
        ("Norskkurs for voksne", "Grammatikk og samtale."),
        ("Strikkekafé", "Vi strikker votter til barna."),
    ]:
        services.activity_save(
            by=organization_admin,
            organization=organization,
            activity=None,
            fields={
                "title": title,
                "description": description,
                "type": "other",
                "municipality": municipality,
            },
            m2m={},
            schedules=[],
        )

    by_title = client.get(f"{ACTIVITIES}?q=norskkurs")
    by_description = client.get(f"{ACTIVITIES}?q=votten")
    by_organisation = client.get(f"{ACTIVITIES}?q=frivilligsentral")

    assert listed(by_title) == ["Norskkurs for voksne"]
    assert listed(by_description) == ["Strikkekafé"]
    assert listed(by_organisation) == ["Norskkurs for voksne", "Strikkekafé"]


def test_search_and_filters_combine(client, municipality, other_municipality):
    OrganizationFactory(
        name="Leksehjelp Drammen",
        verified=True,
        municipalities=[municipality],
        description_nb="Leksehjelp",
    )
    OrganizationFactory(
        name="Leksehjelp Asker",
        verified=True,
        municipalities=[other_municipality],
        description_nb="Leksehjelp",
    )

    response = client.get(f"{DIRECTORY}?q=leksehjelp&municipality=asker")

    assert listed(response) == ["Leksehjelp Asker"]


def test_search_does_not_find_unverified_organisations(client):
    OrganizationFactory(name="Venter", description_nb="Leksehjelp for barn")

    response = client.get(f"{DIRECTORY}?q=leksehjelp")

    assert listed(response) == []


# -- pagination, count and sorting --------------------------------------------------------------


def test_the_directory_shows_twenty_per_page_and_the_total(english, client, municipality):
    for n in range(25):
        OrganizationFactory(name=f"Lag {n:02}", verified=True, municipalities=[municipality])

    first = client.get(DIRECTORY)
    second = client.get(f"{DIRECTORY}?page=2")

    assert "25 organisations" in first.content.decode()
    assert listed(first) == [f"Lag {n:02}" for n in range(20)]
    assert listed(second) == [f"Lag {n:02}" for n in range(20, 25)]
    assert "Page 2 of 2" in second.content.decode()


def test_the_pagination_links_keep_the_filters(client, municipality, other_municipality):
    for n in range(22):
        OrganizationFactory(name=f"Drammen {n:02}", verified=True, municipalities=[municipality])
    for n in range(3):
        OrganizationFactory(name=f"Asker {n}", verified=True, municipalities=[other_municipality])

    first = client.get(f"{DIRECTORY}?municipality=drammen&sort=-name")
    link = next_page_link(first)
    second = client.get(DIRECTORY + link)

    assert "municipality=drammen" in link
    assert "sort=-name" in link
    assert "page=2" in link
    assert first.context["page_obj"].paginator.count == 22
    assert listed(second) == ["Drammen 01", "Drammen 00"]


def test_the_activity_pagination_links_keep_the_filters(client, municipality):
    organization = OrganizationFactory(verified=True, municipalities=[municipality])
    for n in range(21):
        ActivityFactory(
            organization=organization,
            municipality=municipality,
            title=f"Kveld {n:02}",
            schedules=[(TUESDAY, "18:00", "20:00")],
        )
    ActivityFactory(
        organization=organization,
        municipality=municipality,
        title="Morgen",
        schedules=[(TUESDAY, "08:00", "09:00")],
    )

    first = client.get(f"{ACTIVITIES}?evening=on")
    second = client.get(ACTIVITIES + next_page_link(first))

    assert first.context["page_obj"].paginator.count == 21
    assert listed(second) == ["Kveld 20"]


def test_the_directory_sorts_by_name_or_newest_first(client):
    base = datetime(2024, 1, 1, 12, tzinfo=UTC)
    for name, days in [("Bjørk", 3), ("Alm", 1), ("Ceder", 2)]:
        OrganizationFactory(name=name, verified=True, verified_at=base + timedelta(days=days))

    by_name = client.get(DIRECTORY)
    reversed_names = client.get(f"{DIRECTORY}?sort=-name")
    newest = client.get(f"{DIRECTORY}?sort=-verified")

    assert listed(by_name) == ["Alm", "Bjørk", "Ceder"]
    assert listed(reversed_names) == ["Ceder", "Bjørk", "Alm"]
    assert listed(newest) == ["Bjørk", "Ceder", "Alm"]


def test_the_activity_directory_sorts_by_title_or_newest_first(client, municipality):
    base = datetime(2024, 1, 1, 12, tzinfo=UTC)
    for title, days in [("Bading", 3), ("Allsang", 1), ("Curling", 2)]:
        activity = ActivityFactory(title=title, municipality=municipality)
        Activity.objects.filter(pk=activity.pk).update(created_at=base + timedelta(days=days))

    by_title = client.get(ACTIVITIES)
    reversed_titles = client.get(f"{ACTIVITIES}?sort=-title")
    newest = client.get(f"{ACTIVITIES}?sort=-created")

    assert listed(by_title) == ["Allsang", "Bading", "Curling"]
    assert listed(reversed_titles) == ["Curling", "Bading", "Allsang"]
    assert listed(newest) == ["Bading", "Curling", "Allsang"]


# -- query counts: the same at every size ------------------------------------------------------


@pytest.mark.parametrize("rows", [10, 60])
def test_the_directory_costs_six_queries_however_many_organisations(
    client, django_assert_num_queries, municipality, rows
):
    for _ in range(rows):
        OrganizationFactory(
            verified=True, municipalities=[municipality], categories=["sports"], languages=["ar"]
        )

    # count for the paginator + the municipality filter's choices + the page of organisations
    # + their categories + their municipalities + their languages
    with django_assert_num_queries(6):
        response = client.get(DIRECTORY)

    assert response.context["page_obj"].paginator.count == rows


@pytest.mark.parametrize("rows", [10, 60])
def test_a_searched_and_filtered_directory_costs_eight_queries(
    client, django_assert_num_queries, municipality, rows
):
    for _ in range(rows):
        organization = OrganizationFactory(
            verified=True, municipalities=[municipality], categories=["sports"], languages=["ar"]
        )
        ActivityFactory(organization=organization, schedules=[(TUESDAY, "18:00", "20:00")])

    # the municipality's language (a visitor without a choice reads its directory in it) + the
    # chosen municipality (by its slug) + count + municipality choices + page + categories
    # + municipalities + languages
    with django_assert_num_queries(8):
        response = client.get(f"{DIRECTORY}?q=språkkafé&municipality=drammen&weekday=1&evening=on")

    assert response.context["page_obj"].paginator.count == rows


@pytest.mark.parametrize("rows", [10, 60])
def test_the_activity_directory_costs_five_queries_however_many_activities(
    client, django_assert_num_queries, rows
):
    for _ in range(rows):
        ActivityFactory(
            schedules=[(TUESDAY, "18:00", "20:00"), (SATURDAY, "11:00", "13:00")],
            languages=["ar", "uk"],
            target_groups=["children"],
        )

    # count for the paginator + the municipality filter's choices + the page of activities with
    # their organisation and municipality (joined) + their weekly times + their languages
    with django_assert_num_queries(5):
        response = client.get(ACTIVITIES)

    assert response.context["page_obj"].paginator.count == rows


@pytest.fixture
def profile(municipality):
    """A verified organisation with an admin, two contact persons and rich facts."""
    organization = OrganizationFactory(
        verified=True, municipalities=[municipality], categories=["sports"], languages=["ar"]
    )
    organization.target_groups.add(*terms(TargetGroupTerm, ["children"]))
    OrganizationMembershipFactory(organization=organization, role="admin")
    for phone in ["+4791234567", "+4798765432"]:
        OrganizationMembershipFactory(organization=organization, role="contact", phone=phone)
    return organization


def add_activities(organization, municipality, count):
    return [
        ActivityFactory(
            organization=organization,
            municipality=municipality,
            schedules=[(TUESDAY, "18:00", "20:00"), (SATURDAY, "11:00", "13:00")],
            languages=["ar"],
            target_groups=["children"],
        )
        for _ in range(count)
    ]


@pytest.mark.parametrize("activities", [1, 8])
def test_an_organisation_page_costs_eleven_queries_however_many_activities(
    client, django_assert_num_queries, profile, municipality, activities
):
    add_activities(profile, municipality, activities)

    # the organisation + its categories + municipalities + languages + target groups + its
    # activities + their weekly times + their languages + their target groups + its public
    # cooperation agreements + its local branches (a signed-out visitor is shown no contact
    # person, so the memberships are not read: issue #24)
    with django_assert_num_queries(11):
        response = client.get(profile.get_absolute_url())

    assert len(response.context["organization"].activities.all()) == activities


@pytest.mark.parametrize("activities", [1, 8])
def test_an_organisation_page_for_its_coordinator_costs_seventeen_queries(
    client, django_assert_num_queries, profile, municipality, coordinator, activities
):
    add_activities(profile, municipality, activities)
    client.force_login(coordinator)

    # session + user (roles and the TOTP check come from the cache)
    # + the twelve profile queries (see above) + the header's municipalities + what it offers
    # and what it needs (shown to signed-in readers)
    with django_assert_num_queries(17):
        response = client.get(profile.get_absolute_url())

    assert "+4798765432" in response.content.decode()


@pytest.mark.parametrize("activities", [1, 8])
def test_an_organisation_page_for_its_admin_costs_sixteen_queries(
    client, django_assert_num_queries, profile, municipality, activities
):
    add_activities(profile, municipality, activities)
    admin = profile.memberships.get(role=OrganizationMembership.Role.ADMIN).user
    client.force_login(admin)

    # session + user (roles from the cache) + the twelve profile
    # queries + what it offers and what it needs (shown to signed-in readers)
    with django_assert_num_queries(16):
        client.get(profile.get_absolute_url())


@pytest.mark.parametrize("times", [1, 7])
def test_an_activity_page_costs_four_queries_however_many_weekly_times(
    client, django_assert_num_queries, times
):
    activity = ActivityFactory(
        schedules=[(day, "18:00", "20:00") for day in range(times)],
        languages=["ar", "uk", "fa"],
        target_groups=["children", "youth"],
    )

    # the activity with its organisation and municipality (joined) + its languages + its target
    # groups + its weekly times
    with django_assert_num_queries(4):
        response = client.get(activity.get_absolute_url())

    assert response.status_code == 200


@pytest.mark.parametrize("similar", [1, 8])
def test_an_activity_page_for_the_coordinator_costs_eight_queries_with_similar_activities(
    client, django_assert_num_queries, organization, coordinator, municipality, similar
):
    activity = ActivityFactory(
        organization=organization,
        municipality=municipality,
        schedules=[(TUESDAY, "18:00", "20:00")],
    )
    for _ in range(similar):
        ActivityFactory(municipality=municipality, schedules=[(TUESDAY, "10:00", "12:00")])
    client.force_login(coordinator)

    # session + user (roles, two-factor from the cache) + the
    # activity (joined) + languages + target groups + weekly times + the municipality the
    # coordinator acts in + similar activities with their organisations (joined)
    with django_assert_num_queries(8):
        response = client.get(activity.get_absolute_url())

    assert len(response.context["similar"]) == min(similar, 5)


@pytest.mark.parametrize(
    ("language", "labels"),
    [
        ("en", ["Name", "Name, Z to A", "Oldest first", "Newest first"]),
        ("nn", ["Namn", "Namn, Å til A", "Eldste først", "Nyaste først"]),
    ],
)
def test_the_sort_choices_are_in_the_readers_language(client, language, labels):
    """django-filter's own "Name (descending)" was made once, at import, in bokmål."""
    client.cookies["brobygger_language"] = language

    page = client.get(DIRECTORY).content.decode()

    start = page.index('name="sort"')
    options = re.findall(
        r"<option[^>]*>([^<]*)</option>", page[start : page.index("</select>", start)]
    )
    assert options == labels

"""The facts newcomers and coordinators ask about an activity (R06, R09, R10, R18): age, level,
introduction programme, childcare, transport, public holidays, and the child-safety facts with a
warning when an activity for children lacks police certificates."""

import pytest
from django.urls import reverse

from notifications.models import Notification
from organizations.models import Activity
from tests.factories import ActivityFactory, OrganizationFactory
from tests.organizations.test_activities import activity_form, create_url, sign_in

pytestmark = pytest.mark.django_db

TUESDAY = 1
KIND = "organization_activity_without_certificates"
WARNING = "the organisation has not stated that its volunteers have shown police certificates"


def test_the_form_saves_the_facts_and_both_pages_show_them(
    client, organization, organization_admin, municipality
):
    sign_in(client, organization_admin)
    response = client.post(
        create_url(organization),
        activity_form(
            municipality,
            [(TUESDAY, "17:00", "19:00")],
            age_from="6",
            age_to="12",
            level="beginner",
            introduction_programme="on",
            childcare="on",
            transport_help="on",
            open_on_holidays="on",
            insured="on",
        ),
    )
    assert response.status_code == 302
    activity = Activity.objects.get(organization=organization)
    assert (activity.age_from, activity.age_to, activity.level) == (6, 12, "beginner")
    assert activity.childcare
    assert activity.transport_help
    assert activity.introduction_programme
    assert activity.open_on_holidays
    assert activity.insured
    assert not activity.volunteer_agreements

    page = client.get(activity.get_absolute_url()).content.decode()
    for text in (
        "6–12 years",
        "Beginners",
        "Counts as part of the introduction programme",
        "Childcare offered",
        "Help with transport",
        "Open on public holidays",
        "Participants and volunteers are insured",
    ):
        assert text in page
    profile = client.get(organization.get_absolute_url()).content.decode()
    assert "Age 6–12 years" in profile
    assert "Childcare" in profile


def test_the_form_groups_the_facts_in_fieldsets(client, organization, organization_admin):
    sign_in(client, organization_admin)
    page = client.get(create_url(organization)).content.decode()
    for legend in ("Who it is for", "Practical help", "Children and safety"):
        assert f'<legend class="ds-heading" data-size="xs">{legend}</legend>' in page


def test_an_older_form_without_the_facts_keeps_the_defaults(
    client, organization, organization_admin, municipality
):
    sign_in(client, organization_admin)
    client.post(create_url(organization), activity_form(municipality, []))

    activity = Activity.objects.get(organization=organization)
    assert (activity.level, activity.children, activity.age_from) == ("all", "no", None)


def test_an_upper_age_below_the_lower_one_is_refused(
    client, organization, organization_admin, municipality
):
    sign_in(client, organization_admin)
    response = client.post(
        create_url(organization), activity_form(municipality, [], age_from="12", age_to="6")
    )

    assert response.status_code == 200
    assert "The upper age must not be below the lower one." in response.content.decode()
    assert not Activity.objects.exists()


def test_an_activity_for_children_without_police_certificates_warns_and_tells_the_coordinator(
    client, organization, organization_admin, municipality, coordinator
):
    sign_in(client, organization_admin)
    client.post(create_url(organization), activity_form(municipality, [], children="under_15"))
    activity = Activity.objects.get(organization=organization)

    assert WARNING in client.get(activity.get_absolute_url()).content.decode()
    assert "politiattest" in client.get(activity.get_absolute_url()).content.decode()
    [notice] = Notification.objects.filter(kind=KIND)
    assert notice.recipient == coordinator
    assert notice.context["activity_title"] == activity.title

    # Saved again still without them: not told twice.
    edit = reverse("organizations:activity_edit", args=[activity.pk])
    client.post(edit, activity_form(municipality, [], children="under_15", title="Ny tittel"))
    assert Notification.objects.filter(kind=KIND).count() == 1

    # With certificates the warning goes.
    client.post(
        edit, activity_form(municipality, [], children="under_15", police_certificates="on")
    )
    assert WARNING not in client.get(activity.get_absolute_url()).content.decode()


def test_an_activity_for_adults_or_with_certificates_is_not_warned_about(
    client, organization, organization_admin, municipality, coordinator
):
    sign_in(client, organization_admin)
    client.post(create_url(organization), activity_form(municipality, []))
    client.post(
        create_url(organization),
        activity_form(municipality, [], children="under_18", police_certificates="on"),
    )

    assert Notification.objects.filter(kind=KIND).count() == 0
    for activity in Activity.objects.all():
        assert WARNING not in client.get(activity.get_absolute_url()).content.decode()


@pytest.fixture
def facts(municipality):
    organization = OrganizationFactory(name="Alfa", verified=True, municipalities=[municipality])
    for title, fields in [
        ("Babysang", {"age_to": 3, "childcare": False}),
        ("Leksehjelp", {"age_from": 6, "age_to": 16}),
        ("Kvinnekafé", {"age_from": 18, "childcare": True}),
        ("Språkkafé", {}),  # any age
    ]:
        ActivityFactory(organization=organization, municipality=municipality, title=title, **fields)
    OrganizationFactory(name="Beta", verified=True, municipalities=[municipality])
    return organization


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("childcare=on", ["Kvinnekafé"]),
        ("age=2", ["Babysang", "Språkkafé"]),
        ("age=10", ["Leksehjelp", "Språkkafé"]),
        ("age=40", ["Kvinnekafé", "Språkkafé"]),
        ("age=40&childcare=on", ["Kvinnekafé"]),
        ("age=200", []),  # refused, with the error next to the field
    ],
)
def test_the_activity_directory_filters_on_childcare_and_age(client, facts, query, expected):
    response = client.get(f"{reverse('organizations:activity_directory')}?{query}")

    titles = sorted(a.title for a in response.context["page_obj"].object_list)
    assert titles == expected


@pytest.mark.parametrize(
    ("query", "expected"),
    [("childcare=on", ["Alfa"]), ("age=40", ["Alfa"]), ("", ["Alfa", "Beta"])],
)
def test_the_organisation_directory_filters_on_childcare_and_age(client, facts, query, expected):
    response = client.get(f"{reverse('organizations:directory')}?{query}")

    assert sorted(o.name for o in response.context["page_obj"].object_list) == expected


# -- the facts on the activity directory's cards --------------------------------------------------

ACTIVITIES = reverse("organizations:activity_directory")
ALL_FACTS = {
    "age_from": 6,
    "age_to": 12,
    "level": "beginner",
    "introduction_programme": True,
    "childcare": True,
    "transport_help": True,
    "open_on_holidays": True,
    "children": "under_15",
    "police_certificates": True,
}
FACT_TAGS = (
    "Age 6–12 years",
    "Beginners",
    "Introduction programme",
    "Childcare",
    "Transport help",
    "Open on public holidays",
    "Children under 15",
)


def card_of(page: str, title: str) -> str:
    """The directory card of the activity titled `title`, from its heading to the card's end."""
    start = page.index(f">{title}</a>")
    return page[start : page.index("</li>", start)]


@pytest.fixture
def cards(municipality):
    organization = OrganizationFactory(name="Alfa", verified=True, municipalities=[municipality])
    for title, fields in [
        ("Leksehjelp", ALL_FACTS),
        ("Ungdomsklubb", {"children": "under_18"}),  # no certificates stated
        ("Språkkafé", {}),
    ]:
        ActivityFactory(organization=organization, municipality=municipality, title=title, **fields)


def test_each_directory_card_shows_the_facts_a_searcher_decides_by(client, english, cards):
    page = client.get(ACTIVITIES).content.decode()

    leksehjelp = card_of(page, "Leksehjelp")
    for tag in FACT_TAGS:
        assert f">{tag}</span>" in leksehjelp
    assert "police certificates not stated" not in leksehjelp
    youth = card_of(page, "Ungdomsklubb")
    assert ">Young people under 18</span>" in youth
    assert ">For children: police certificates not stated</span>" in youth
    plain = card_of(page, "Språkkafé")
    assert not any(tag in plain for tag in FACT_TAGS)


def test_the_cards_speak_the_visitors_language(client, cards):
    leksehjelp = card_of(client.get(ACTIVITIES).content.decode(), "Leksehjelp")

    assert ">Alder 6–12 år</span>" in leksehjelp
    assert ">Barnepass</span>" in leksehjelp
    assert ">Barn under 15</span>" in leksehjelp


@pytest.mark.parametrize("signed_in_first", [False, True])
def test_the_cards_are_the_same_signed_in_and_out_whoever_fills_the_cache(
    client, cards, coordinator, signed_in_first
):
    """The directory is cached for every visitor alike: whoever asks first, both read the same
    cards (in the same language), and neither sees anything the other may not."""
    coordinator.preferred_language = "nb"
    coordinator.save(update_fields=["preferred_language"])

    def signed_out() -> str:
        client.logout()
        return card_of(client.get(ACTIVITIES).content.decode(), "Leksehjelp")

    def signed_in() -> str:
        client.force_login(coordinator)
        return card_of(client.get(ACTIVITIES).content.decode(), "Leksehjelp")

    first, second = (signed_in, signed_out) if signed_in_first else (signed_out, signed_in)
    card = first()
    assert ">Barnepass</span>" in card
    assert card == second()


@pytest.mark.parametrize("rows", [1, 30])
def test_the_facts_on_the_cards_cost_no_query(client, django_assert_num_queries, rows):
    for _ in range(rows):
        ActivityFactory(schedules=[(TUESDAY, "18:00", "20:00")], languages=["ar"], **ALL_FACTS)

    # count for the paginator + the municipality filter's choices + the page of activities with
    # their organisation and municipality (joined) + their weekly times + their languages
    with django_assert_num_queries(5):
        response = client.get(ACTIVITIES)

    assert response.content.decode().count(">Barnepass</span>") == min(rows, 20)  # every card
    assert response.context["page_obj"].paginator.count == rows

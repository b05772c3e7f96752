"""Activities: weekly times with derived evening/weekend, validation, editing, deleting, who may
do it, who sees them, and similar activities nearby."""

import re
from datetime import time

import pytest
from django.urls import reverse

from accounts.models import MunicipalityMembership
from organizations import services
from organizations.models import (
    Activity,
    TargetGroupTerm,
)
from tests.factories import (
    ActivityFactory,
    OrganizationFactory,
    set_organization_status,
)
from tests.factories import staff_of as _staff

pytestmark = pytest.mark.django_db

TUESDAY, WEDNESDAY, FRIDAY, SATURDAY, SUNDAY = 1, 2, 4, 5, 6
TITLE = "Leksehjelp på biblioteket"


def sign_in(client, user):
    """Sign in with English pages, so that the assertions read the English messages."""
    user.preferred_language = "en"
    user.save(update_fields=["preferred_language"])
    client.force_login(user)
    return user


def activity_form(municipality, times, *, existing=(), **overrides):
    """The activity form and its weekly-times formset as the browser posts them.

    `times` are (weekday, starts, ends); `existing` are the ids of the schedules already saved,
    which become the first rows of the formset.
    """
    data = {
        "title_nb": TITLE,
        "type": "homework_help",
        "description_nb": "Leksehjelp for barn i alle klassetrinn.",
        "municipality": municipality.pk,
        "is_free": "on",
        "price": "",
        "address": "Grønland 32",
        "postal_code": "3045",
        "city": "Drammen",
        "is_active": "on",
        "schedules-TOTAL_FORMS": str(len(times)),
        "schedules-INITIAL_FORMS": str(len(existing)),
        "schedules-MIN_NUM_FORMS": "0",
        "schedules-MAX_NUM_FORMS": "1000",
    }
    for n, (weekday, starts, ends) in enumerate(times):
        data[f"schedules-{n}-weekday"] = str(weekday)
        data[f"schedules-{n}-starts_at"] = starts
        data[f"schedules-{n}-ends_at"] = ends
    for n, pk in enumerate(existing):
        data[f"schedules-{n}-id"] = str(pk)
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def create_url(organization) -> str:
    return reverse("organizations:activity_create", args=[organization.pk])


def error_next_to(html: str, field_id: str) -> str:
    """The error text shown for a field: the element its input points to (aria-describedby)."""
    field_id = re.escape(field_id)
    # The input names its error (after its hint, such as a time's "Format: hh:mm.").
    described = rf'aria-describedby="[^"]*\b{field_id}_error\b[^"]*"'
    assert re.search(rf'<input[^>]*{described}[^>]*id="{field_id}"', html)
    error = re.search(rf'<div[^>]*\sid="{field_id}_error"[^>]*>(.*?)</div>', html, re.S)
    assert error is not None
    return " ".join(re.sub(r"<[^>]+>", " ", error.group(1)).split())


# -- creating, with derived evening / weekend ---------------------------------------------------


@pytest.mark.parametrize("who", ["organization_admin", "contact_person"])
def test_the_admin_or_contact_person_creates_an_activity_with_two_weekly_times(
    client, request, organization, municipality, who
):
    sign_in(client, request.getfixturevalue(who))

    response = client.post(
        create_url(organization),
        activity_form(municipality, [(TUESDAY, "18:00", "20:00"), (SATURDAY, "11:00", "13:00")]),
    )

    activity = Activity.objects.get(organization=organization)
    assert response.status_code == 302
    assert response["Location"] == activity.get_absolute_url()
    assert activity.title == TITLE
    assert [(s.weekday, f"{s.starts_at:%H:%M}") for s in activity.schedules.all()] == [
        (TUESDAY, "18:00"),
        (SATURDAY, "11:00"),
    ]
    assert (activity.has_evening, activity.has_weekend, activity.weekdays) == (True, True, "15")


@pytest.mark.parametrize(
    ("weekday", "starts", "evening", "weekend"),
    [
        (TUESDAY, "18:00", True, False),
        (SATURDAY, "11:00", False, True),  # weekend, not evening
        (SUNDAY, "19:00", True, True),
        (FRIDAY, "16:59", False, False),  # evening starts at 17:00
        (FRIDAY, "17:00", True, False),
        (WEDNESDAY, "10:00", False, False),
    ],
)
def test_evening_and_weekend_are_derived_from_the_weekly_times(
    organization, organization_admin, municipality, weekday, starts, evening, weekend
):
    activity = services.activity_save(
        by=organization_admin,
        organization=organization,
        activity=None,
        fields={"title": "Tur", "type": "outdoor_course", "municipality": municipality},
        m2m={},
        schedules=[
            {"weekday": weekday, "starts_at": time.fromisoformat(starts), "ends_at": time(23)}
        ],
    )

    activity.refresh_from_db()
    assert (activity.has_evening, activity.has_weekend) == (evening, weekend)
    assert activity.weekdays == str(weekday)


def test_an_activity_without_weekly_times_is_neither_evening_nor_weekend(
    client, organization, organization_admin, municipality
):
    sign_in(client, organization_admin)

    client.post(create_url(organization), activity_form(municipality, []))

    activity = Activity.objects.get(organization=organization)
    assert (activity.has_evening, activity.has_weekend, activity.weekdays) == (False, False, "")


def test_a_paid_activity_keeps_its_price(client, organization, organization_admin, municipality):
    sign_in(client, organization_admin)

    client.post(
        create_url(organization),
        activity_form(municipality, [(TUESDAY, "18:00", "20:00")], is_free=None, price="150"),
    )

    activity = Activity.objects.get(organization=organization)
    assert (activity.is_free, activity.price) == (False, 150)


# -- bad input is kept and explained next to the field ------------------------------------------


def test_an_end_before_the_start_is_explained_and_what_was_typed_is_kept(
    client, organization, organization_admin, municipality
):
    sign_in(client, organization_admin)

    response = client.post(
        create_url(organization), activity_form(municipality, [(TUESDAY, "18:00", "17:30")])
    )

    html = response.content.decode()
    assert response.status_code == 200
    assert response.context["formset"].forms[0].errors["ends_at"] == [
        "The end must be after the start."
    ]
    assert error_next_to(html, "id_schedules-0-ends_at") == "The end must be after the start."
    assert f'value="{TITLE}"' in html
    assert 'value="18:00"' in html
    assert 'value="17:30"' in html
    assert not Activity.objects.exists()


def test_a_paid_activity_needs_a_price(client, organization, organization_admin, municipality):
    sign_in(client, organization_admin)

    response = client.post(
        create_url(organization),
        activity_form(municipality, [(TUESDAY, "18:00", "20:00")], is_free=None, price=""),
    )

    html = response.content.decode()
    message = "Write the price, or tick “free of charge”."
    assert response.status_code == 200
    assert response.context["form"].errors["price"] == [message]
    assert error_next_to(html, "id_price") == message
    assert f'value="{TITLE}"' in html
    assert not Activity.objects.exists()


def test_an_activity_needs_an_address_or_to_be_online(
    client, organization, organization_admin, municipality
):
    sign_in(client, organization_admin)

    response = client.post(
        create_url(organization),
        activity_form(municipality, [(TUESDAY, "18:00", "20:00")], address=""),
    )

    html = response.content.decode()
    message = "Say where the activity takes place, or tick “online”."
    assert response.status_code == 200
    assert response.context["form"].errors["address"] == [message]
    assert error_next_to(html, "id_address") == message
    assert 'value="Drammen"' in html  # the town typed is kept
    assert not Activity.objects.exists()


def test_an_online_activity_needs_no_address(
    client, organization, organization_admin, municipality
):
    sign_in(client, organization_admin)

    client.post(
        create_url(organization),
        activity_form(
            municipality,
            [(TUESDAY, "18:00", "20:00")],
            address="",
            online="on",
            online_url="https://meet.example.no/lekser",
        ),
    )

    assert Activity.objects.get(organization=organization).online


# -- editing and deleting -----------------------------------------------------------------------


def test_editing_the_weekly_times_derives_evening_and_weekend_again(
    client, organization, organization_admin, municipality
):
    activity = ActivityFactory(
        organization=organization,
        municipality=municipality,
        schedules=[(SATURDAY, "18:00", "20:00")],
    )
    schedule = activity.schedules.get()
    sign_in(client, organization_admin)

    response = client.post(
        reverse("organizations:activity_edit", args=[activity.pk]),
        activity_form(
            municipality,
            [(WEDNESDAY, "10:00", "12:00")],
            existing=[schedule.pk],
            title_nb="Ny tittel",
        ),
    )

    assert response.status_code == 302
    activity.refresh_from_db()
    assert activity.title == "Ny tittel"
    assert [(s.weekday, f"{s.starts_at:%H:%M}") for s in activity.schedules.all()] == [
        (WEDNESDAY, "10:00")
    ]
    assert (activity.has_evening, activity.has_weekend, activity.weekdays) == (False, False, "2")


def test_the_edit_form_shows_the_saved_values(
    client, organization, organization_admin, municipality
):
    activity = ActivityFactory(
        organization=organization,
        municipality=municipality,
        title="Strikkekafé",
        schedules=[(TUESDAY, "18:00", "20:00")],
    )
    sign_in(client, organization_admin)

    html = client.get(reverse("organizations:activity_edit", args=[activity.pk])).content.decode()

    assert 'value="Strikkekafé"' in html
    assert 'value="18:00"' in html


def test_deleting_asks_first_and_then_deletes(
    client, organization, organization_admin, municipality
):
    activity = ActivityFactory(
        organization=organization, municipality=municipality, title="Strikkekafé"
    )
    sign_in(client, organization_admin)
    url = reverse("organizations:activity_delete", args=[activity.pk])

    confirmation = client.get(url)

    assert confirmation.status_code == 200
    assert "Delete Strikkekafé?" in confirmation.content.decode()
    assert Activity.objects.filter(pk=activity.pk).exists()

    response = client.post(url)

    assert response.status_code == 302
    assert response["Location"] == organization.get_absolute_url()
    assert not Activity.objects.filter(pk=activity.pk).exists()


def test_a_deleted_activity_no_longer_finds_its_organisation(
    organization, organization_admin, municipality
):
    activity = services.activity_save(
        by=organization_admin,
        organization=organization,
        activity=None,
        fields={"title": "Strikkekafé", "type": "other", "municipality": municipality},
        m2m={},
        schedules=[],
    )

    services.activity_delete(by=organization_admin, activity=activity)

    organization.refresh_from_db()
    assert "Strikkekafé" not in organization.search_document


# -- who may create, edit and delete ------------------------------------------------------------

ACCESS = [
    ("member", "pending", 403),
    ("member", "verified", 403),
    ("other_admin", "pending", 404),  # a pending organisation does not exist for them
    ("other_admin", "verified", 403),
    ("caseworker", "verified", 403),
    ("organization_admin", "pending", 200),
    ("contact_person", "verified", 200),
]


@pytest.mark.parametrize("view", ["activity_create", "activity_edit", "activity_delete"])
@pytest.mark.parametrize(("who", "status", "expected"), ACCESS)
def test_only_the_organisations_admin_and_contact_persons_open_the_activity_forms(
    client, request, organization, municipality, view, who, status, expected
):
    set_organization_status(organization, status)
    activity = ActivityFactory(organization=organization, municipality=municipality)
    sign_in(client, request.getfixturevalue(who))
    pk = organization.pk if view == "activity_create" else activity.pk

    response = client.get(reverse(f"organizations:{view}", args=[pk]))

    assert response.status_code == expected


@pytest.mark.parametrize(("who", "status", "expected"), [a for a in ACCESS if a[2] != 200])
def test_others_cannot_create_edit_or_delete_activities(
    client, request, organization, municipality, who, status, expected
):
    set_organization_status(organization, status)
    activity = ActivityFactory(organization=organization, municipality=municipality, title="Før")
    sign_in(client, request.getfixturevalue(who))
    form = activity_form(municipality, [(TUESDAY, "18:00", "20:00")], title_nb="Etter")

    created = client.post(create_url(organization), form)
    edited = client.post(reverse("organizations:activity_edit", args=[activity.pk]), form)
    deleted = client.post(reverse("organizations:activity_delete", args=[activity.pk]))

    assert (created.status_code, edited.status_code, deleted.status_code) == (expected,) * 3
    assert list(Activity.objects.values_list("title", flat=True)) == ["Før"]


@pytest.mark.parametrize("status", ["pending", "verified"])
def test_anonymous_visitors_are_asked_to_sign_in_or_find_nothing(
    client, organization, municipality, status
):
    set_organization_status(organization, status)
    activity = ActivityFactory(organization=organization, municipality=municipality)

    create = client.get(create_url(organization))
    edit = client.get(reverse("organizations:activity_edit", args=[activity.pk]))

    if status == "pending":
        assert (create.status_code, edit.status_code) == (404, 404)
    else:
        assert create["Location"].startswith(reverse("account_login"))
        assert edit["Location"].startswith(reverse("account_login"))


# -- who sees an activity -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("who", "expected"),
    [
        ("anonymous", 404),
        ("plain_user", 404),
        ("other_coordinator", 404),
        ("member", 200),
        ("contact_person", 200),
        ("organization_admin", 200),
        ("coordinator", 200),
        ("caseworker", 200),
    ],
)
def test_activities_of_an_unverified_organisation_are_not_public(
    client, request, organization, municipality, who, expected
):
    activity = ActivityFactory(organization=organization, municipality=municipality)
    if who != "anonymous":
        sign_in(client, request.getfixturevalue(who))

    response = client.get(activity.get_absolute_url())

    assert response.status_code == expected


def test_activities_of_a_verified_organisation_are_public(
    client, public_organization, municipality
):
    activity = ActivityFactory(
        organization=public_organization,
        municipality=municipality,
        title="Strikkekafé",
        schedules=[(TUESDAY, "18:00", "20:00")],
    )

    response = client.get(activity.get_absolute_url())

    assert response.status_code == 200
    assert "Strikkekafé" in response.content.decode()


def test_an_inactive_activity_is_not_public(client, public_organization, municipality):
    activity = ActivityFactory(
        organization=public_organization, municipality=municipality, is_active=False
    )

    assert client.get(activity.get_absolute_url()).status_code == 404


# -- similar activities near you ----------------------------------------------------------------


@pytest.fixture
def own_activity(public_organization, municipality):
    return ActivityFactory(
        organization=public_organization,
        municipality=municipality,
        title="Vår språkkafé",
        type="language_cafe",
        schedules=[(TUESDAY, "18:00", "20:00")],
    )


@pytest.fixture
def nearby(municipality, other_municipality):
    """Other organisations' activities: one similar, the others differing in one way each."""
    verified = OrganizationFactory(verified=True, municipalities=[municipality])
    pending = OrganizationFactory(municipalities=[municipality])

    def make(
        title, *, organization=verified, type="language_cafe", where=municipality, day=TUESDAY
    ):
        return ActivityFactory(
            organization=organization,
            municipality=where,
            title=title,
            type=type,
            schedules=[(day, "10:00", "12:00")],
        )

    make("Lik tirsdagskafé")
    make("Annen dag", day=WEDNESDAY)
    make("Annen kommune", where=other_municipality)
    make("Annen type", type="sports")
    make("Ikke verifisert", organization=pending)
    return verified


def test_the_coordinator_sees_similar_activities_of_other_organisations_nearby(
    client, coordinator, own_activity, nearby
):
    """R12: the overlap is the coordinator's overview, who can put the organisations in touch."""
    ActivityFactory(
        organization=own_activity.organization,
        municipality=own_activity.municipality,
        title="Vår andre kafé",
        schedules=[(TUESDAY, "10:00", "12:00")],
    )
    sign_in(client, coordinator)

    response = client.get(own_activity.get_absolute_url())

    assert [a.title for a in response.context["similar"]] == ["Lik tirsdagskafé"]
    html = response.content.decode()
    assert "Similar activities in the municipality" in html
    assert nearby.name in html
    assert reverse("organizations:overlaps", args=[own_activity.municipality.slug]) in html


@pytest.mark.parametrize(
    "who", ["anonymous", "plain_user", "member", "organization_admin", "other_coordinator"]
)
def test_similar_activities_are_not_shown_to_others(
    client, request, own_activity, nearby, other_municipality, who
):
    if who == "other_coordinator":
        sign_in(client, _staff(other_municipality, MunicipalityMembership.Role.COORDINATOR))
    elif who != "anonymous":
        sign_in(client, request.getfixturevalue(who))

    response = client.get(own_activity.get_absolute_url())

    assert response.status_code == 200
    assert "similar" not in response.context
    assert "Lik tirsdagskafé" not in response.content.decode()


# -- the coordinator's overlap view (R12) ---------------------------------------------------------


def overlaps_url(municipality) -> str:
    return reverse("organizations:overlaps", args=[municipality.slug])


def test_the_overlap_view_puts_same_kind_group_and_weekday_side_by_side(
    client, coordinator, municipality, public_organization, nearby
):
    youth = TargetGroupTerm.objects.get(code="youth")
    adults = TargetGroupTerm.objects.get(code="adults")
    for title, organization, group in [
        ("Vår tirsdagskafé", public_organization, youth),
        ("Deres tirsdagskafé", nearby, youth),
        ("Kafé for voksne", nearby, adults),  # another target group: no overlap
    ]:
        activity = ActivityFactory(
            organization=organization,
            municipality=municipality,
            title=title,
            type="language_cafe",
            schedules=[(TUESDAY, "18:00", "20:00")],
        )
        activity.target_groups.set([group])
    sign_in(client, coordinator)

    response = client.get(overlaps_url(municipality))

    assert response.status_code == 200
    [overlap] = response.context["overlaps"]
    assert overlap.target_group == youth
    assert overlap.weekday == TUESDAY
    assert sorted(a.title for a in overlap.activities) == ["Deres tirsdagskafé", "Vår tirsdagskafé"]
    html = response.content.decode()
    assert public_organization.name in html
    assert nearby.name in html
    assert "Kafé for voksne" not in html


@pytest.mark.parametrize("who", ["organization_admin", "caseworker", "member"])
def test_the_overlap_view_is_the_coordinators_only(client, request, municipality, who):
    sign_in(client, request.getfixturevalue(who))

    assert client.get(overlaps_url(municipality)).status_code == 404


def test_the_overlap_view_costs_a_fixed_number_of_queries(
    client, django_assert_max_num_queries, coordinator, municipality, public_organization, nearby
):
    group = TargetGroupTerm.objects.get(code="youth")

    def add(count):
        for n in range(count):
            for organization in (public_organization, nearby):
                ActivityFactory(
                    organization=organization,
                    municipality=municipality,
                    title=f"Kafé {n}",
                    type="language_cafe",
                    schedules=[(TUESDAY, "18:00", "20:00")],
                ).target_groups.set([group])

    sign_in(client, coordinator)
    add(1)
    with django_assert_max_num_queries(15) as small:
        client.get(overlaps_url(municipality))
    add(10)
    with django_assert_max_num_queries(15) as large:
        response = client.get(overlaps_url(municipality))

    assert len(response.context["overlaps"][0].activities) == 22
    assert len(large) == len(small)

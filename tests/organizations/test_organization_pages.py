"""Organisation pages: who sees a pending organisation, who sees the contact persons' phone and
e-mail, the coordinator's registry, and who may edit the profile."""

import pytest
from django.urls import reverse

from organizations.models import Organization, OrganizationMembership
from tests.factories import (
    ActivityFactory,
    OrganizationFactory,
    OrganizationMembershipFactory,
    UserFactory,
    staff_of,
)

pytestmark = pytest.mark.django_db

REGISTRY = reverse("organizations:registry")
CONTACT_NAME = "Kari Kontaktperson"
CONTACT_EMAIL = "kari.kontakt@example.no"
CONTACT_PHONE = "+4791234567"


def sign_in(client, user):
    """Sign in with English pages, so that the assertions read the English texts."""
    user.preferred_language = "en"
    user.save(update_fields=["preferred_language"])
    client.force_login(user)
    return user


def sign_in_as(client, request, who: str):
    if who != "anonymous":
        sign_in(client, request.getfixturevalue(who))


def listed(response) -> list[str]:
    return [o.name for o in response.context["page_obj"].object_list]


@pytest.fixture
def other_caseworker(other_municipality):
    """A caseworker of another municipality, with TOTP set up (staff need it)."""
    return staff_of(other_municipality, "caseworker")


@pytest.fixture
def reachable_contact(organization):
    """A contact person whose phone and e-mail are for the municipality's staff only."""
    user = UserFactory(full_name=CONTACT_NAME, email=CONTACT_EMAIL)
    OrganizationMembershipFactory(
        organization=organization,
        user=user,
        role=OrganizationMembership.Role.CONTACT,
        phone=CONTACT_PHONE,
    )
    return user


# -- a pending organisation ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("who", "expected"),
    [
        ("anonymous", 404),
        ("plain_user", 404),
        ("other_coordinator", 404),
        ("other_caseworker", 404),
        ("member", 200),
        ("contact_person", 200),
        ("organization_admin", 200),
        ("coordinator", 200),
        ("caseworker", 200),
    ],
)
def test_a_pending_organisation_is_seen_by_its_people_and_its_municipalitys_staff_only(
    client, request, organization, who, expected
):
    sign_in_as(client, request, who)

    response = client.get(organization.get_absolute_url())

    assert response.status_code == expected
    if expected == 200:
        assert organization.name in response.content.decode()


def test_a_pending_organisation_is_marked_as_awaiting_verification(
    client, organization, organization_admin
):
    sign_in(client, organization_admin)

    html = client.get(organization.get_absolute_url()).content.decode()

    assert "A coordinator will verify the organisation" in html


def test_a_verified_organisation_is_public(client, public_organization):
    response = client.get(public_organization.get_absolute_url())

    assert response.status_code == 200
    assert public_organization.name in response.content.decode()


# -- the contact persons' phone and e-mail ------------------------------------------------------


@pytest.mark.parametrize("who", ["coordinator", "caseworker"])
def test_the_municipalitys_staff_see_the_contact_persons_phone_and_email(
    client, request, public_organization, reachable_contact, who
):
    sign_in_as(client, request, who)

    html = client.get(public_organization.get_absolute_url()).content.decode()

    assert CONTACT_NAME in html
    assert f'href="mailto:{CONTACT_EMAIL}"' in html
    assert f'href="tel:{CONTACT_PHONE}"' in html


@pytest.mark.parametrize(
    "who",
    [
        "anonymous",
        "plain_user",
        "other_coordinator",
        "other_caseworker",
        "member",
        "contact_person",
        "organization_admin",
    ],
)
def test_nobody_else_sees_the_contact_persons_phone_or_email(
    client, request, public_organization, reachable_contact, who
):
    sign_in_as(client, request, who)

    html = client.get(public_organization.get_absolute_url()).content.decode()

    assert CONTACT_EMAIL not in html
    assert CONTACT_PHONE not in html
    assert public_organization.email in html  # the public e-mail is public


@pytest.mark.parametrize("who", ["anonymous", "plain_user"])
def test_the_public_does_not_even_see_who_the_contact_persons_are(
    client, request, public_organization, reachable_contact, municipality, who
):
    activity = ActivityFactory(organization=public_organization, municipality=municipality)
    sign_in_as(client, request, who)

    pages = [
        client.get(public_organization.get_absolute_url()),
        client.get(activity.get_absolute_url()),
        client.get(reverse("organizations:directory")),
        client.get(reverse("organizations:activity_directory")),
    ]

    for page in pages:
        html = page.content.decode()
        assert page.status_code == 200
        assert CONTACT_NAME not in html
        assert CONTACT_EMAIL not in html
        assert CONTACT_PHONE not in html


def test_the_organisations_editors_see_who_the_contact_persons_are_but_not_their_details(
    client, public_organization, reachable_contact, organization_admin
):
    sign_in(client, organization_admin)

    html = client.get(public_organization.get_absolute_url()).content.decode()

    assert CONTACT_NAME in html
    assert CONTACT_PHONE not in html


# -- the coordinator's registry -----------------------------------------------------------------


@pytest.fixture
def registry(municipality, other_municipality):
    OrganizationFactory(name="Drammen Venter", municipalities=[municipality])
    OrganizationFactory(name="Drammen Godkjent", verified=True, municipalities=[municipality])
    OrganizationFactory(
        name="Drammen Avvist",
        status=Organization.Status.REJECTED,
        rejection_reason="Mangler styre.",
        municipalities=[municipality],
    )
    OrganizationFactory(
        name="Begge kommuner", verified=True, municipalities=[municipality, other_municipality]
    )
    OrganizationFactory(name="Asker Venter", municipalities=[other_municipality])
    OrganizationFactory(name="Asker Godkjent", verified=True, municipalities=[other_municipality])


def test_the_registry_shows_a_coordinator_their_municipalitys_organisations_in_any_status(
    client, coordinator, registry
):
    sign_in(client, coordinator)

    response = client.get(REGISTRY)

    assert response.status_code == 200
    assert sorted(listed(response)) == [
        "Begge kommuner",
        "Drammen Avvist",
        "Drammen Godkjent",
        "Drammen Venter",
    ]


def test_the_registry_of_another_municipality_has_its_own_organisations(
    client, other_coordinator, registry
):
    sign_in(client, other_coordinator)

    response = client.get(REGISTRY)

    assert sorted(listed(response)) == ["Asker Godkjent", "Asker Venter", "Begge kommuner"]


def test_the_registry_filters_by_status(client, coordinator, registry):
    sign_in(client, coordinator)

    response = client.get(f"{REGISTRY}?status=pending")

    assert listed(response) == ["Drammen Venter"]


@pytest.mark.parametrize(
    "who", ["caseworker", "plain_user", "member", "contact_person", "organization_admin"]
)
def test_the_registry_is_for_coordinators_only(client, request, registry, who):
    sign_in_as(client, request, who)

    response = client.get(REGISTRY)

    assert response.status_code == 403


def test_the_registry_asks_anonymous_visitors_to_sign_in(client):
    response = client.get(REGISTRY)

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


@pytest.mark.parametrize("rows", [10, 60])
def test_the_registry_costs_eight_queries_however_many_organisations(
    client, django_assert_num_queries, coordinator, municipality, rows
):
    for n in range(rows):
        OrganizationFactory(
            verified=n % 2 == 0, municipalities=[municipality], categories=["sports", "faith"]
        )
    sign_in(client, coordinator)

    # session + user (roles and the TOTP check from the cache) + count for the
    # paginator + the header's municipalities + the municipality filter's choices + the page of
    # organisations + their categories + their municipalities
    with django_assert_num_queries(8):
        response = client.get(REGISTRY)

    assert response.context["page_obj"].paginator.count == rows


# -- who may edit the profile -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("who", "expected"),
    [
        ("member", 403),
        ("coordinator", 403),
        ("caseworker", 403),
        ("plain_user", 404),  # a pending organisation does not exist for them
        ("other_coordinator", 404),
        ("contact_person", 200),
        ("organization_admin", 200),
    ],
)
def test_the_edit_page_is_for_the_organisations_admin_and_contact_persons(
    client, request, organization, who, expected
):
    sign_in_as(client, request, who)

    response = client.get(reverse("organizations:edit", args=[organization.pk]))

    assert response.status_code == expected


def test_the_edit_page_asks_anonymous_visitors_to_sign_in(client, organization):
    response = client.get(reverse("organizations:edit", args=[organization.pk]))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


@pytest.mark.parametrize("who", ["member", "coordinator", "plain_user"])
def test_others_cannot_save_the_profile(client, request, public_organization, who):
    sign_in_as(client, request, who)

    response = client.post(
        reverse("organizations:edit", args=[public_organization.pk]),
        {"name": "Kapret", "number_scheme": "NO-BRC", "municipalities": []},
    )

    assert response.status_code == 403
    public_organization.refresh_from_db()
    assert public_organization.name == "Drammen Frivilligsentral"


def test_a_member_sees_no_edit_link_and_an_editor_does(
    client, public_organization, member, contact_person
):
    edit = reverse("organizations:edit", args=[public_organization.pk])

    sign_in(client, member)
    as_member = client.get(public_organization.get_absolute_url()).content.decode()
    sign_in(client, contact_person)
    as_contact = client.get(public_organization.get_absolute_url()).content.decode()

    assert edit not in as_member
    assert edit in as_contact


def test_a_signed_out_visitor_s_organisation_page_reads_no_members(client, municipality):
    """The contact persons are for signed-in staff and editors: for a signed-out visitor the page
    reads neither the memberships nor their user rows, however many members there are."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    organization = OrganizationFactory(verified=True, municipalities=[municipality])
    url = reverse("organizations:detail", args=[organization.pk])
    with CaptureQueriesContext(connection) as few:
        client.get(url, {"v": "few"})
    for _ in range(5):
        OrganizationMembershipFactory(organization=organization, role="contact")
    with CaptureQueriesContext(connection) as many:
        response = client.get(url, {"v": "many"})

    assert response.status_code == 200
    assert len(many) == len(few)
    assert not any("organizationmembership" in q["sql"] for q in many.captured_queries)
    assert "accounts_user" not in " ".join(q["sql"] for q in many.captured_queries)

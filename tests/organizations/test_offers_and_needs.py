"""Offers and needs on the profile (R08, issue #18): an organisation says what it can offer
others and what it needs; the people of organisations and the municipality's coordinators find
them on the municipality's "Offers and needs" page."""

import pytest
from django.urls import reverse

from organizations.models import NeedTerm, OfferTerm, Organization
from tests.factories import OrganizationFactory, organization_form, person_of, terms

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


def with_offers(organization, *, offers=(), needs=(), offers_text="", needs_text=""):
    organization.offers.add(*terms(OfferTerm, offers))
    organization.needs.add(*terms(NeedTerm, needs))
    Organization.objects.filter(pk=organization.pk).update(
        offers_text=offers_text, needs_text=needs_text
    )
    return organization


@pytest.fixture
def page(municipality):
    return reverse("organizations:offers_and_needs", args=[municipality.slug])


@pytest.fixture
def board(municipality):
    """Three organisations verified in Drammen that say something, one that says nothing, one
    pending and one verified elsewhere."""
    with_offers(
        OrganizationFactory(name="Kirkens bydelshus", verified=True, municipalities=[municipality]),
        offers=["rooms"],
        offers_text="Møterom på kveldstid",
    )
    with_offers(
        OrganizationFactory(name="Språkvenner", verified=True, municipalities=[municipality]),
        offers=["language_skills"],
        needs=["volunteers"],
        needs_text="Leksehjelpere tirsdager",
    )
    with_offers(
        OrganizationFactory(name="Turlaget", verified=True, municipalities=[municipality]),
        needs=["premises", "interpreters"],
    )
    OrganizationFactory(name="Taust lag", verified=True, municipalities=[municipality])
    with_offers(
        OrganizationFactory(name="Ventende lag", municipalities=[municipality]), offers=["rooms"]
    )
    with_offers(OrganizationFactory(name="Asker-laget", verified=True), offers=["rooms"])


def names_on(response) -> list[str]:
    return [organization.name for organization in response.context["page_obj"].object_list]


def test_organisations_and_the_coordinator_find_what_the_municipality_offers_and_needs(
    client, page, board, organization_admin, coordinator
):
    for user in (organization_admin, coordinator):
        client.force_login(user)
        response = client.get(page)
        assert response.status_code == 200
        assert names_on(response) == ["Kirkens bydelshus", "Språkvenner", "Turlaget"]
    html = response.content.decode()
    assert "Møterom på kveldstid" in html
    assert "Language skills" in html


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"offer": "rooms"}, ["Kirkens bydelshus"]),
        ({"need": "volunteers"}, ["Språkvenner"]),
        ({"need": "interpreters"}, ["Turlaget"]),
        ({"offer": "language_skills", "need": "volunteers"}, ["Språkvenner"]),
        ({"q": "leksehjelp"}, ["Språkvenner"]),
        ({"q": "turlag"}, ["Turlaget"]),
    ],
)
def test_the_page_is_searched_and_filtered(client, page, board, coordinator, query, expected):
    client.force_login(coordinator)

    assert names_on(client.get(page, query)) == expected


def test_anonymous_visitors_sign_in_and_caseworkers_and_other_coordinators_get_a_404(
    client, page, board, caseworker, other_coordinator
):
    assert client.get(page).status_code == 302
    for user in (caseworker, other_coordinator):
        client.force_login(user)
        assert client.get(page).status_code == 404


@pytest.mark.parametrize("rows", [1, 30])
def test_the_page_costs_the_same_queries_however_many_organisations(
    client, page, municipality, coordinator, django_assert_num_queries, rows
):
    for organization in OrganizationFactory.create_batch(
        rows, verified=True, municipalities=[municipality]
    ):
        with_offers(organization, offers=["rooms", "equipment"], needs=["volunteers"])
    client.force_login(coordinator)

    # session, user, municipal roles, organisation roles, TOTP set up (middleware), the
    # municipality, header municipalities, the count, the page, its offers, its needs
    with django_assert_num_queries(8):
        response = client.get(page)

    assert response.status_code == 200
    assert response.context["page_obj"].paginator.count == rows


def test_the_profile_form_saves_offers_and_needs_and_the_profile_shows_them(client, municipality):
    organization = OrganizationFactory(
        name="Fjellklatrerne", org_number="864139442", verified=True, municipalities=[municipality]
    )
    admin = person_of(organization, "admin")
    client.force_login(admin)
    data = organization_form(
        [municipality],
        "outdoor",
        name="Fjellklatrerne",
        kind="association",
        orientation="members",
        org_number="864139442",
        offers=[terms(OfferTerm, ["equipment"])[0].pk],
        offers_text="Klatreutstyr til låns",
        needs=[terms(NeedTerm, ["interpreters"])[0].pk],
        needs_text="Tolk på arabisk til introkurs",
    )

    response = client.post(reverse("organizations:edit", args=[organization.pk]), data)

    assert response.status_code == 302
    organization.refresh_from_db()
    assert [term.code for term in organization.offers.all()] == ["equipment"]
    assert organization.orientation == "members"
    profile = client.get(organization.get_absolute_url()).content.decode()
    assert "Klatreutstyr til låns" in profile
    assert "Interpreters" in profile
    assert "Member-oriented" in profile
    client.logout()
    assert (
        "Klatreutstyr til låns" not in client.get(organization.get_absolute_url()).content.decode()
    )


def test_a_phone_number_in_what_is_offered_is_kept_only_after_a_confirmation(client, municipality):
    organization = OrganizationFactory(
        name="Fjellklatrerne", org_number="864139442", verified=True, municipalities=[municipality]
    )
    client.force_login(person_of(organization, "admin"))
    url = reverse("organizations:edit", args=[organization.pk])
    data = organization_form(
        [municipality],
        "outdoor",
        name="Fjellklatrerne",
        org_number="864139442",
        needs_text="Ring Kari på 912 34 567",
    )

    refused = client.post(url, data)

    assert refused.status_code == 200
    assert "confirm_no_personal_data" in refused.context["form"].errors
    assert "912 34 567" in refused.content.decode()  # what was found is shown
    organization.refresh_from_db()
    assert organization.needs_text == ""

    accepted = client.post(url, {**data, "confirm_no_personal_data": "on"})

    assert accepted.status_code == 302
    organization.refresh_from_db()
    assert organization.needs_text == "Ring Kari på 912 34 567"

"""Registering an organisation: validation, register look-up, duplicates, becoming its admin."""

import re

import pytest
from django.urls import reverse

from organizations.models import Organization, OrganizationMembership
from tests.factories import OrganizationFactory, organization_form, person_of

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


REGISTER = reverse("organizations:register")


def form_data(municipality, **overrides):
    fields = {"name": "Fjellklatrerne", "description_nb": "Vi klatrer.", **overrides}
    return organization_form([municipality], "outdoor", **fields)


def test_anonymous_visitors_are_asked_to_sign_in(client):
    response = client.get(REGISTER)

    assert response.status_code == 302
    assert reverse("account_login") in response["Location"]


def test_a_person_registers_an_organisation_and_becomes_its_admin(client, plain_user, municipality):
    client.force_login(plain_user)

    response = client.post(REGISTER, form_data(municipality, org_number="864 139 442"))

    organization = Organization.objects.get(name="Fjellklatrerne")
    assert response.status_code == 302
    assert response["Location"] == organization.get_absolute_url()
    assert organization.status == Organization.Status.PENDING
    assert organization.org_number == "864139442"
    assert OrganizationMembership.objects.filter(
        user=plain_user, organization=organization, role="admin"
    ).exists()


@pytest.mark.parametrize("kind", ["network", "enthusiast", "council"])
def test_an_informal_group_an_enthusiast_or_a_council_registers_without_a_number_and_is_the_contact(
    client, plain_user, municipality, kind
):
    client.force_login(plain_user)

    response = client.post(
        REGISTER, form_data(municipality, name="Nettverket på Facebook", kind=kind)
    )

    assert response.status_code == 302
    organization = Organization.objects.get(name="Nettverket på Facebook")
    assert (organization.org_number, organization.kind) == ("", kind)
    roles = set(
        OrganizationMembership.objects.filter(
            user=plain_user, organization=organization
        ).values_list("role", flat=True)
    )
    assert roles == {"admin", "contact"}  # the municipality reaches it through this person


@pytest.mark.parametrize("kind", ["association", "business"])
def test_a_registered_association_or_a_business_needs_its_number(
    client, plain_user, municipality, kind
):
    client.force_login(plain_user)

    response = client.post(REGISTER, form_data(municipality, kind=kind))

    assert response.status_code == 200
    assert "has an organisation number" in str(response.context["form"].errors["org_number"])
    assert not Organization.objects.exists()


def test_an_informal_group_cannot_give_an_organisation_number(client, plain_user, municipality):
    client.force_login(plain_user)

    response = client.post(
        REGISTER, form_data(municipality, kind="network", org_number="864 139 442")
    )

    assert response.status_code == 200
    assert "has no organisation number" in str(response.context["form"].errors["org_number"])
    assert not Organization.objects.exists()


def test_a_profile_from_before_the_kinds_keeps_its_missing_number_when_edited(client, municipality):
    organization = OrganizationFactory(
        name="Gamle laget", org_number="", verified=True, municipalities=[municipality]
    )
    admin = person_of(organization, "admin")
    client.force_login(admin)
    data = form_data(municipality, name="Gamle laget", description_nb="Ny tekst.")

    response = client.post(reverse("organizations:edit", args=[organization.pk]), data)

    assert response.status_code == 302
    organization.refresh_from_db()
    assert (organization.kind, organization.description_nb) == ("association", "Ny tekst.")


def test_a_bad_number_is_explained_next_to_the_field_and_the_typed_values_are_kept(
    client, plain_user, municipality
):
    client.force_login(plain_user)

    response = client.post(REGISTER, form_data(municipality, org_number="864139443"))

    html = response.content.decode()
    assert response.status_code == 200
    assert "the last digit does not match" in html
    assert re.search(r'aria-describedby="[^"]*id_org_number_error', html)
    assert 'value="Fjellklatrerne"' in html
    assert not Organization.objects.exists()


def test_a_danish_cvr_number_is_checked_with_the_danish_rule(client, plain_user, municipality):
    client.force_login(plain_user)

    ok = client.post(
        REGISTER, form_data(municipality, number_scheme="DK-CVR", org_number="13585628")
    )
    bad = client.post(
        REGISTER,
        form_data(municipality, name="Andre", number_scheme="DK-CVR", org_number="13585627"),
    )

    assert ok.status_code == 302
    assert "not a valid CVR number" in bad.content.decode()


def test_the_same_number_cannot_be_registered_twice(client, plain_user, municipality):
    existing = OrganizationFactory(org_number="864139442", municipalities=[municipality])
    client.force_login(plain_user)

    response = client.post(REGISTER, form_data(municipality, org_number="864139442"))

    assert response.status_code == 200
    assert "already registered" in response.content.decode()
    assert reverse("organizations:join", args=[existing.pk]) in response.content.decode()
    assert Organization.objects.count() == 1


def test_a_similar_name_in_the_same_municipality_offers_to_join_before_registering(
    client, plain_user, municipality
):
    existing = OrganizationFactory(name="Fjellklatrerne Drammen", municipalities=[municipality])
    client.force_login(plain_user)

    first = client.post(REGISTER, form_data(municipality, kind="network"))
    confirmed = client.post(
        REGISTER, {**form_data(municipality, kind="network"), "confirm_new": "1"}
    )

    assert first.status_code == 200
    assert reverse("organizations:join", args=[existing.pk]) in first.content.decode()
    assert confirmed.status_code == 302
    assert Organization.objects.count() == 2


def test_the_lookup_button_fills_in_the_form_from_the_register(
    client, plain_user, municipality, recorded_register
):
    client.force_login(plain_user)

    response = client.post(
        REGISTER, {**form_data(municipality, name="", org_number="864139442"), "lookup": "1"}
    )

    html = response.content.decode()
    assert 'value="NORGES RØDE KORS"' in html
    assert 'value="Postboks 1"' in html
    assert not Organization.objects.exists()  # nothing is saved by a look-up


def test_the_lookup_explains_an_unknown_number(client, plain_user, municipality, recorded_register):
    client.force_login(plain_user)

    response = client.post(
        REGISTER, {**form_data(municipality, org_number="999999999"), "lookup": "1"}
    )

    assert "no organisation with number 999999999" in response.content.decode()

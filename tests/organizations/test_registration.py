"""Registering an organisation: validation, register look-up, duplicates, becoming its admin."""

import re

import pytest
from django.urls import reverse

from organizations.models import CategoryTerm, Organization, OrganizationMembership
from tests.factories import OrganizationFactory, terms

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


REGISTER = reverse("organizations:register")


def form_data(municipality, **overrides):
    data = {
        "name": "Fjellklatrerne",
        "number_scheme": "NO-BRC",
        "org_number": "",
        "categories": [terms(CategoryTerm, ["outdoor"])[0].pk],
        "municipalities": [municipality.pk],
        "description_nb": "Vi klatrer.",
        "in_voluntary_register": "unknown",
        "volunteers_insured": "unknown",
    }
    data.update(overrides)
    return data


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


def test_an_informal_group_may_register_without_a_number(client, plain_user, municipality):
    client.force_login(plain_user)

    client.post(REGISTER, form_data(municipality, name="Nettverket på Facebook"))

    assert Organization.objects.get(name="Nettverket på Facebook").org_number == ""


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

    first = client.post(REGISTER, form_data(municipality))
    confirmed = client.post(REGISTER, {**form_data(municipality), "confirm_new": "1"})

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

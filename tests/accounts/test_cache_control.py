"""No cache keeps a page made for a signed-in user for anyone else; pages with a secret, someone's
contact details or a refugee's personal data are kept by no cache at all (the browser's own, on
a shared computer, included)."""

import pytest
from django.urls import reverse

from tests.factories import PersonFactory

pytestmark = pytest.mark.django_db


def directives(response) -> set[str]:
    return {d.strip() for d in response.get("Cache-Control", "").split(",") if d.strip()}


@pytest.mark.parametrize(
    ("role", "page"),
    [
        ("contact_person", lambda o, p: reverse("meetings:feeds")),  # feed addresses: secrets
        ("plain_user", lambda o, p: reverse("accounts:profile")),
        ("coordinator", lambda o, p: reverse("organizations:detail", args=[o.pk])),  # contacts
        ("organization_admin", lambda o, p: reverse("organizations:members", args=[o.pk])),
        ("coordinator", lambda o, p: reverse("organizations:registry")),
        ("caseworker", lambda o, p: reverse("referrals:persons")),
        ("caseworker", lambda o, p: reverse("referrals:person", args=[p.pk])),
        ("caseworker", lambda o, p: reverse("referrals:list")),
    ],
)
def test_pages_with_secrets_or_personal_data_are_private_and_never_stored(
    client, log_in, organization, municipality, role, page
):
    person = PersonFactory(municipality=municipality)
    log_in(role)

    response = client.get(page(organization, person))

    assert response.status_code == 200
    assert {"private", "no-store"} <= directives(response)
    assert "public" not in directives(response)


@pytest.mark.parametrize("path", ["/", "/directory/", "/events/", "/privacy/"])
def test_every_other_page_for_a_signed_in_user_is_private(client, log_in, path):
    log_in("member")

    response = client.get(path)

    assert response.status_code == 200
    assert "private" in directives(response)
    assert "no-store" not in directives(response)


def test_pages_for_signed_out_visitors_stay_cacheable(client):
    for path in ("/directory/", "/events/", "/privacy/"):
        response = client.get(path)
        assert response.status_code == 200
        assert not {"private", "no-store"} & directives(response)


def test_the_organisation_page_shown_to_a_coordinator_has_contact_details_and_no_store(
    client, log_in, organization, contact_person
):
    log_in("coordinator")

    response = client.get(reverse("organizations:detail", args=[organization.pk]))

    assert contact_person.email in response.content.decode()
    assert "no-store" in directives(response)


def test_a_password_reset_link_opened_signed_out_is_never_stored(client):
    from allauth.account.forms import default_token_generator
    from allauth.account.utils import user_pk_to_url_str

    from tests.factories import UserFactory

    user = UserFactory()
    kwargs = {"uidb36": user_pk_to_url_str(user), "key": default_token_generator.make_token(user)}

    response = client.get(reverse("account_reset_password_from_key", kwargs=kwargs), follow=True)

    assert response.status_code == 200
    assert {"private", "no-store"} <= directives(response)

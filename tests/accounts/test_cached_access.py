"""Roles and the two-factor state kept in the cache under User.access_version
(accounts.middleware.CachedAccessMiddleware): fewer queries on every signed-in page, and a
change still counts on the very next request, whatever code path made it (issue #24)."""

import pytest
from allauth.mfa.models import Authenticator
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.models import MunicipalityMembership, User

pytestmark = pytest.mark.django_db


def _tables(queries) -> str:
    return " ".join(q["sql"] for q in queries.captured_queries)


def test_a_signed_in_page_asks_neither_roles_nor_two_factor_again(client, log_in):
    log_in("coordinator")
    page = reverse("accounts:profile")
    assert client.get(page).status_code == 200  # reads them once, keeps them in the cache

    with CaptureQueriesContext(connection) as queries:
        assert client.get(page).status_code == 200

    sql = _tables(queries)
    assert "accounts_municipalitymembership" not in sql
    assert "organizations_organizationmembership" not in sql
    assert "mfa_authenticator" not in sql
    # The session, the user with the header's unread count, the profile's municipalities and its
    # coordinating groups; before: also two role queries and the two-factor check (7).
    assert len(queries) == 4, sql


def test_a_role_taken_away_counts_on_the_next_request(client, log_in, coordinator, municipality):
    log_in("coordinator")
    staff_page = reverse("accounts:staff", args=[municipality.slug])
    assert client.get(staff_page).status_code == 200
    assert client.get(staff_page).status_code == 200  # now from the cache

    # Not through the service: a bulk update sends no signal, the database still tells.
    MunicipalityMembership.objects.filter(user=coordinator).update(
        role=MunicipalityMembership.Role.CASEWORKER
    )

    assert client.get(staff_page).status_code in (403, 404)


def test_a_role_given_counts_on_the_next_request(client, log_in, coordinator, other_municipality):
    log_in("coordinator")
    other_staff_page = reverse("accounts:staff", args=[other_municipality.slug])
    assert client.get(other_staff_page).status_code in (403, 404)

    MunicipalityMembership.objects.create(
        user=coordinator,
        municipality=other_municipality,
        role=MunicipalityMembership.Role.COORDINATOR,
    )

    assert client.get(other_staff_page).status_code == 200


def test_a_saved_older_copy_of_the_user_does_not_bring_back_a_removed_role(
    client, log_in, coordinator, municipality
):
    log_in("coordinator")
    staff_page = reverse("accounts:staff", args=[municipality.slug])
    assert client.get(staff_page).status_code == 200
    older = User.objects.get(pk=coordinator.pk)  # loaded before the change

    MunicipalityMembership.objects.filter(user=coordinator).delete()
    older.full_name = "Renamed after the change"
    older.save()  # writes the older access_version back

    assert client.get(staff_page).status_code in (403, 404)


def test_two_factor_removed_counts_on_the_next_request(client, log_in, coordinator):
    log_in("coordinator")
    page = reverse("accounts:profile")
    assert client.get(page).status_code == 200
    assert client.get(page).status_code == 200  # the two-factor state now from the cache

    Authenticator.objects.filter(user=coordinator).delete()

    response = client.get(page)
    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_activate_totp")


def test_a_change_counts_in_every_session_of_the_user(client, log_in, coordinator, municipality):
    from django.test import Client

    log_in("coordinator")
    other_browser = Client()
    other_browser.force_login(coordinator)
    staff_page = reverse("accounts:staff", args=[municipality.slug])
    assert client.get(staff_page).status_code == 200
    assert other_browser.get(staff_page).status_code == 200

    MunicipalityMembership.objects.filter(user=coordinator).update(
        role=MunicipalityMembership.Role.CASEWORKER
    )

    assert other_browser.get(staff_page).status_code in (403, 404)
    assert client.get(staff_page).status_code in (403, 404)


def test_the_first_page_after_signing_in_costs_what_later_ones_do(client, log_in):
    log_in("coordinator")  # signing in keeps the roles and the two-factor state ready
    page = reverse("accounts:profile")

    with CaptureQueriesContext(connection) as first:
        assert client.get(page).status_code == 200
    with CaptureQueriesContext(connection) as later:
        assert client.get(page).status_code == 200

    assert len(first) == len(later) == 4

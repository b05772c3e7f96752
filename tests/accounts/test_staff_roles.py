"""Staff roles in a municipality (issue #15, hole 6): given only by the municipality's coordinators,
or by a platform admin for a municipality's first coordinator; never by anyone to themselves; and
the municipality's coordinators are told of every new role."""

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone

from accounts.models import MunicipalityMembership
from accounts.services import municipality_membership_create
from notifications.models import Notification
from notifications.services import notifications_send_due
from tests.factories import MunicipalityFactory, MunicipalityMembershipFactory, UserFactory

pytestmark = pytest.mark.django_db

CASEWORKER = MunicipalityMembership.Role.CASEWORKER
COORDINATOR = MunicipalityMembership.Role.COORDINATOR
ADD_ROLE = "/admin/accounts/municipalitymembership/add/"


def _admin_client(client, platform_admin):
    platform_admin.preferred_language = "en"
    platform_admin.save(update_fields=["preferred_language"])
    client.force_login(platform_admin)
    return client


def _user_change_data(user, *, inline_rows):
    """What the admin's user change form posts, with `inline_rows` as new municipal roles."""
    data = {
        "email": user.email,
        "full_name": user.full_name,
        "preferred_language": user.preferred_language,
        "is_active": "on",
        "is_staff": "on" if user.is_staff else "",
        "is_superuser": "on" if user.is_superuser else "",
        "last_login_0": "",
        "last_login_1": "",
        "date_joined_0": user.date_joined.strftime("%Y-%m-%d"),
        "date_joined_1": user.date_joined.strftime("%H:%M:%S"),
        "municipality_memberships-TOTAL_FORMS": str(len(inline_rows)),
        "municipality_memberships-INITIAL_FORMS": "0",
        "municipality_memberships-MIN_NUM_FORMS": "0",
        "municipality_memberships-MAX_NUM_FORMS": "1000",
    }
    for n, (municipality, role) in enumerate(inline_rows):
        data[f"municipality_memberships-{n}-municipality"] = str(municipality.pk)
        data[f"municipality_memberships-{n}-role"] = role
        data[f"municipality_memberships-{n}-user"] = str(user.pk)
    return data


# -- the Django admin ------------------------------------------------------------------------------


def test_a_platform_admin_cannot_make_themselves_a_caseworker_on_their_user_page(
    client, platform_admin, municipality, coordinator
):
    _admin_client(client, platform_admin)
    url = reverse("admin:accounts_user_change", args=[platform_admin.pk])

    response = client.post(
        url, _user_change_data(platform_admin, inline_rows=[(municipality, CASEWORKER)])
    )

    assert response.status_code in (200, 302)
    assert not MunicipalityMembership.objects.filter(user=platform_admin).exists()


def test_the_user_page_offers_no_way_to_add_a_municipal_role(client, platform_admin):
    _admin_client(client, platform_admin)

    response = client.get(reverse("admin:accounts_user_change", args=[platform_admin.pk]))

    assert response.status_code == 200
    assert 'name="municipality_memberships-MAX_NUM_FORMS" value="0"' in response.content.decode()


def test_a_platform_admin_cannot_add_their_own_role_in_the_roles_admin(
    client, platform_admin, municipality
):
    """Not even as the first coordinator of a municipality that has none."""
    _admin_client(client, platform_admin)

    response = client.post(ADD_ROLE, {"municipality": municipality.pk, "user": platform_admin.pk})

    assert response.status_code == 200
    assert "Nobody can give themselves a role" in response.content.decode()
    assert not MunicipalityMembership.objects.exists()


def test_a_platform_admin_gives_an_empty_municipality_its_first_coordinator(
    client, platform_admin, municipality
):
    newcomer = UserFactory()
    _admin_client(client, platform_admin)

    response = client.post(ADD_ROLE, {"municipality": municipality.pk, "user": newcomer.pk})

    assert response.status_code == 302
    membership = MunicipalityMembership.objects.get()
    assert (membership.user, membership.municipality, membership.role) == (
        newcomer,
        municipality,
        COORDINATOR,
    )


def test_the_roles_admin_pages_open_and_offer_only_the_first_coordinator(
    client, platform_admin, municipality, coordinator
):
    _admin_client(client, platform_admin)
    membership = coordinator.municipality_memberships.get()

    listing = client.get(reverse("admin:accounts_municipalitymembership_changelist"))
    add = client.get(ADD_ROLE)
    change = client.get(
        reverse("admin:accounts_municipalitymembership_change", args=[membership.pk])
    )

    assert listing.status_code == add.status_code == change.status_code == 200
    assert 'name="role"' not in add.content.decode()  # always a coordinator
    assert 'name="user"' not in change.content.decode()  # read-only


def test_a_platform_admin_cannot_give_a_second_coordinator(
    client, platform_admin, municipality, coordinator
):
    second = UserFactory()
    _admin_client(client, platform_admin)

    response = client.post(ADD_ROLE, {"municipality": municipality.pk, "user": second.pk})

    assert response.status_code == 200
    assert "its coordinators give its staff roles" in response.content.decode()
    assert not MunicipalityMembership.objects.filter(user=second).exists()


def test_an_existing_role_cannot_be_changed_in_the_admin(
    client, platform_admin, municipality, coordinator
):
    """Changing the user or the role of a row would give a role as well."""
    membership = coordinator.municipality_memberships.get()
    _admin_client(client, platform_admin)
    url = reverse("admin:accounts_municipalitymembership_change", args=[membership.pk])

    client.post(
        url, {"municipality": municipality.pk, "user": platform_admin.pk, "role": CASEWORKER}
    )

    membership.refresh_from_db()
    assert (membership.user, membership.role) == (coordinator, COORDINATOR)


# -- the service -----------------------------------------------------------------------------------


@pytest.mark.parametrize("role", [COORDINATOR, CASEWORKER])
def test_nobody_can_give_themselves_a_role(coordinator, municipality, role):
    other = MunicipalityFactory()
    MunicipalityMembershipFactory(municipality=other, user=coordinator, role=COORDINATOR)

    with pytest.raises(PermissionDenied):
        municipality_membership_create(
            municipality=municipality, user=coordinator, role=role, by=coordinator
        )
    with pytest.raises(PermissionDenied):  # not even where they coordinate already
        municipality_membership_create(
            municipality=other, user=coordinator, role=CASEWORKER, by=coordinator
        )
    assert not coordinator.municipality_memberships.filter(role=CASEWORKER).exists()


def test_a_platform_admin_cannot_give_a_caseworker_role(platform_admin, municipality):
    with pytest.raises(PermissionDenied):
        municipality_membership_create(
            municipality=municipality, user=UserFactory(), role=CASEWORKER, by=platform_admin
        )
    assert not MunicipalityMembership.objects.exists()


def test_a_coordinator_of_another_municipality_cannot_give_a_role_here(
    other_coordinator, municipality
):
    with pytest.raises(PermissionDenied):
        municipality_membership_create(
            municipality=municipality, user=UserFactory(), role=CASEWORKER, by=other_coordinator
        )


def test_a_coordinator_adds_a_caseworker_and_the_other_coordinators_are_told(
    coordinator, municipality, settings
):
    colleague = MunicipalityMembershipFactory(municipality=municipality, role=COORDINATOR).user
    colleague.preferred_language = "en"
    colleague.save(update_fields=["preferred_language"])
    elsewhere = MunicipalityMembershipFactory(role=COORDINATOR).user
    newcomer = UserFactory(full_name="Kari Nordmann")

    membership = municipality_membership_create(
        municipality=municipality, user=newcomer, role=CASEWORKER, by=coordinator
    )

    assert membership.role == CASEWORKER
    told = Notification.objects.filter(kind="staff_role_added")
    assert {n.recipient for n in told} == {colleague}  # not the giver, not other municipalities
    assert elsewhere not in {n.recipient for n in told}
    assert notifications_send_due(now=timezone.now()) == 1
    message = mail.outbox[0]
    assert message.to == [colleague.email]
    assert message.subject == "Kari Nordmann is now a caseworker in Drammen kommune"
    assert "The role was given by" in message.body
    assert "/municipalities/drammen/" in message.body


# -- the coordinator's staff page ------------------------------------------------------------------


def test_a_coordinator_gives_a_caseworker_role_on_the_municipality_page(
    client, english, coordinator, municipality
):
    colleague = MunicipalityMembershipFactory(municipality=municipality, role=COORDINATOR).user
    newcomer = UserFactory(email="ny@kommune.no")
    client.force_login(coordinator)
    page = reverse("accounts:municipality", args=[municipality.slug])

    assert "Give the role" in client.get(page).content.decode()
    response = client.post(
        reverse("accounts:staff_role_add", args=[municipality.slug]),
        {"email": "NY@kommune.no", "role": CASEWORKER},
    )

    assert response.status_code == 302
    assert newcomer.municipality_memberships.get().role == CASEWORKER
    assert Notification.objects.get(kind="staff_role_added").recipient == colleague


def test_a_coordinator_cannot_give_themselves_a_role_on_the_page(
    client, english, coordinator, municipality
):
    client.force_login(coordinator)

    response = client.post(
        reverse("accounts:staff_role_add", args=[municipality.slug]),
        {"email": coordinator.email, "role": CASEWORKER},
    )

    assert response.status_code == 400
    assert "Nobody can give themselves a role" in response.content.decode()
    assert not coordinator.municipality_memberships.filter(role=CASEWORKER).exists()


def test_an_unknown_address_gets_a_clear_message(client, english, coordinator, municipality):
    client.force_login(coordinator)

    response = client.post(
        reverse("accounts:staff_role_add", args=[municipality.slug]),
        {"email": "nobody@example.no", "role": CASEWORKER},
    )

    assert response.status_code == 400
    assert "Nobody has signed up with this address" in response.content.decode()


@pytest.mark.parametrize("role", ["caseworker", "platform_admin"])
def test_only_coordinators_get_the_staff_role_form(client, english, request, municipality, role):
    user = request.getfixturevalue(role)
    client.force_login(user)

    page = client.get(reverse("accounts:municipality", args=[municipality.slug]))
    response = client.post(
        reverse("accounts:staff_role_add", args=[municipality.slug]),
        {"email": user.email, "role": CASEWORKER},
    )

    assert "Give the role" not in page.content.decode()
    assert response.status_code == 403
    assert MunicipalityMembership.objects.filter(user=user, role=CASEWORKER).count() == (
        1 if role == "caseworker" else 0
    )


def test_the_command_line_gives_roles_and_the_coordinators_are_told(coordinator, municipality):
    """Demo data gives its roles through the same service, as `by=None`."""
    newcomer = UserFactory()

    municipality_membership_create(
        municipality=municipality, user=newcomer, role=CASEWORKER, by=None
    )

    told = Notification.objects.get(kind="staff_role_added")
    assert told.recipient == coordinator
    assert told.context["given_by_name"] == ""

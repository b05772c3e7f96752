import pytest
from django.contrib.auth.models import AnonymousUser

from accounts.models import MunicipalityMembership
from accounts.selectors import (
    forget_roles,
    municipalities_for_dashboard,
    municipalities_visible_to,
    municipality_staff,
    user_roles,
)
from tests.accounts.conftest import ROLES
from tests.factories import MunicipalityMembershipFactory, OrganizationFactory

pytestmark = pytest.mark.django_db

VISIBLE_MUNICIPALITIES = {
    "anonymous": set(),
    "plain_user": set(),
    "member": set(),
    "contact_person": set(),
    "organization_admin": set(),
    "caseworker": {"drammen"},
    "coordinator": {"drammen"},
    "other_coordinator": {"asker"},
    "platform_admin": {"drammen", "asker"},
}
NEEDS_TWO_FACTOR = {"caseworker", "coordinator", "other_coordinator", "platform_admin"}


@pytest.fixture
def user_for(request):
    def user(role: str):
        return AnonymousUser() if role == "anonymous" else request.getfixturevalue(role)

    return user


@pytest.mark.parametrize("role", ROLES)
def test_municipalities_are_visible_only_to_their_staff_and_platform_admins(
    user_for, municipality, other_municipality, role
):
    visible = municipalities_visible_to(user_for(role))

    assert {m.slug for m in visible} == VISIBLE_MUNICIPALITIES[role]


@pytest.mark.parametrize("role", ROLES)
def test_two_factor_is_needed_by_municipal_staff_and_platform_admins(user_for, role):
    assert user_for(role).has_perm("accounts.needs_two_factor") is (role in NEEDS_TWO_FACTOR)


def test_roles_are_loaded_with_one_query_once_per_user_object(
    coordinator, django_assert_num_queries
):
    with django_assert_num_queries(1):  # municipal and organisation roles together
        first = user_roles(coordinator)
    with django_assert_num_queries(0):
        second = user_roles(coordinator)

    assert first is second


def test_forgetting_roles_picks_up_a_new_role(plain_user, municipality):
    assert not user_roles(plain_user).is_caseworker
    MunicipalityMembershipFactory(
        user=plain_user, municipality=municipality, role=MunicipalityMembership.Role.CASEWORKER
    )

    forget_roles(plain_user)

    assert user_roles(plain_user).caseworker_of == {municipality.pk}


def test_a_deactivated_user_has_no_roles(coordinator):
    coordinator.is_active = False

    assert not user_roles(coordinator).is_coordinator
    assert not coordinator.has_perm("accounts.needs_two_factor")
    assert not municipalities_visible_to(coordinator).exists()


def test_municipality_staff_leaves_out_deactivated_people(coordinator, caseworker, municipality):
    caseworker.is_active = False
    caseworker.save(update_fields=["is_active"])

    assert [m.user for m in municipality_staff(municipality)] == [coordinator]


def test_dashboard_counts_each_person_and_organisation_once(coordinator, municipality):
    MunicipalityMembershipFactory(
        user=coordinator, municipality=municipality, role=MunicipalityMembership.Role.CASEWORKER
    )  # two roles, one person
    OrganizationFactory.create_batch(2, municipalities=[municipality])
    OrganizationFactory()  # active elsewhere

    (row,) = municipalities_for_dashboard(coordinator)

    assert row.staff_count == 1
    assert row.organization_count == 2

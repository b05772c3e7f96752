import pytest
from django.contrib.auth.models import AnonymousUser

from organizations.models import OrganizationMembership
from organizations.selectors import (
    organizations_active_in,
    organizations_for_dashboard,
    organizations_of,
)
from tests.factories import OrganizationFactory, OrganizationMembershipFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_a_person_sees_only_the_organisations_they_belong_to(organization_admin, organization):
    second = OrganizationFactory(name="Aaa Leksehjelp")
    OrganizationMembershipFactory(user=organization_admin, organization=second)
    OrganizationFactory(name="Not Mine")

    assert list(organizations_of(organization_admin)) == [second, organization]  # by name


@pytest.mark.parametrize("who", ["anonymous", "plain_user", "coordinator", "platform_admin"])
def test_people_outside_organisations_belong_to_none(request, organization, who):
    user = AnonymousUser() if who == "anonymous" else request.getfixturevalue(who)

    assert not organizations_of(user).exists()


def test_organisations_active_in_a_municipality_are_those_linked_to_it(
    organization, municipality, other_municipality
):
    both = OrganizationFactory(
        name="Buskerud Turlag", municipalities=[municipality, other_municipality]
    )
    OrganizationFactory(name="Asker Frivilligsentral", municipalities=[other_municipality])

    assert list(organizations_active_in(municipality)) == [both, organization]


def test_member_count_counts_each_person_once(organization, organization_admin):
    OrganizationMembershipFactory(
        user=organization_admin,
        organization=organization,
        role=OrganizationMembership.Role.CONTACT,
    )  # two roles, one person
    OrganizationMembershipFactory(organization=organization, user=UserFactory())

    (row,) = organizations_for_dashboard(organization_admin)

    assert row.member_count == 2

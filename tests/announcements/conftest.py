import pytest

from organizations.models import Organization, OrganizationMembership
from tests.accounts.conftest import log_in  # noqa: F401  (sign in as a role by name)
from tests.factories import (
    OrganizationFactory,
    OrganizationMembershipFactory,
    set_organization_status,
)


@pytest.fixture
def verified_organization(organization):
    """The `organization` fixture (Drammen), verified: announcements go to verified ones."""
    set_organization_status(organization, Organization.Status.VERIFIED)
    return organization


def contact_of(organization):
    return OrganizationMembershipFactory(
        organization=organization, role=OrganizationMembership.Role.CONTACT
    ).user


@pytest.fixture
def make_organization(municipality):
    """A verified organisation in `municipality` with one contact person; returns the person."""

    def make(**kwargs):
        kwargs.setdefault("municipalities", [municipality])
        return contact_of(OrganizationFactory(verified=True, **kwargs))

    return make

import pytest

from organizations.models import Organization
from tests.factories import (
    OrganizationFactory,
    person_of,
    set_organization_status,
)


@pytest.fixture
def verified_organization(organization):
    """The `organization` fixture (Drammen), verified: announcements go to verified ones."""
    set_organization_status(organization, Organization.Status.VERIFIED)
    return organization


def contact_of(organization):
    return person_of(organization, "contact")


@pytest.fixture
def make_organization(municipality):
    """A verified organisation in `municipality` with one contact person; returns the person."""

    def make(**kwargs):
        kwargs.setdefault("municipalities", [municipality])
        return contact_of(OrganizationFactory(verified=True, **kwargs))

    return make

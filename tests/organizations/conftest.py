import pytest

from organizations.models import Organization
from tests.factories import OrganizationFactory, person_of, set_organization_status
from tests.migrating import migrate_to_latest


@pytest.fixture
def public_organization(organization):
    """The `organization` fixture, verified (it is pending by default)."""
    set_organization_status(organization, Organization.Status.VERIFIED)
    organization.refresh_from_db()
    return organization


@pytest.fixture
def other_admin(db, municipality):
    """The admin of another organisation in the same municipality."""
    other = OrganizationFactory(verified=True, municipalities=[municipality])
    return person_of(other, "admin")


@pytest.fixture
def back_to_the_latest_migrations():
    """For the migration tests: leave the database fully migrated, also when the test fails
    half-way."""
    yield
    migrate_to_latest()

import pytest

from tests.factories import person_of, verified_in


@pytest.fixture
def organization(municipality):
    """The shared fixture, verified: an organisation sees venues and organises meetings only
    where the municipality has verified it (see test_verification_per_municipality)."""
    return verified_in(municipality, "Drammen Frivilligsentral")


@pytest.fixture
def contact(organization):
    """The contact person of `organization` (of a module's own `organization` where it has one)."""
    return person_of(organization, "contact")

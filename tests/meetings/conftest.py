import pytest

from tests.factories import OrganizationFactory


@pytest.fixture
def organization(municipality):
    """The shared fixture, verified: an organisation sees venues and organises meetings only
    where the municipality has verified it (see test_verification_per_municipality)."""
    return OrganizationFactory(
        name="Drammen Frivilligsentral", verified=True, municipalities=[municipality]
    )

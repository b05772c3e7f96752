import pytest
from django.core.cache import cache

from accounts.models import MunicipalityMembership
from accounts.services import user_enable_totp
from organizations.models import OrganizationMembership
from tests.factories import (
    MunicipalityFactory,
    MunicipalityMembershipFactory,
    OrganizationFactory,
    OrganizationMembershipFactory,
    UserFactory,
)

TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DP"


@pytest.fixture(autouse=True)
def _clear_cache():
    """Rate limits and used TOTP codes live in the cache: every test starts clean."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def municipality(db):
    return MunicipalityFactory(name="Drammen kommune", number="3301", slug="drammen")


@pytest.fixture
def other_municipality(db):
    return MunicipalityFactory(name="Asker kommune", number="3203", slug="asker")


def _staff(municipality, role):
    user = MunicipalityMembershipFactory(municipality=municipality, role=role).user
    user_enable_totp(user=user, secret=TOTP_SECRET)
    return user


@pytest.fixture
def coordinator(municipality):
    """A coordinator of `municipality`, with TOTP set up."""
    return _staff(municipality, MunicipalityMembership.Role.COORDINATOR)


@pytest.fixture
def caseworker(municipality):
    return _staff(municipality, MunicipalityMembership.Role.CASEWORKER)


@pytest.fixture
def other_coordinator(other_municipality):
    return _staff(other_municipality, MunicipalityMembership.Role.COORDINATOR)


@pytest.fixture
def organization(municipality):
    return OrganizationFactory(name="Drammen Frivilligsentral", municipalities=[municipality])


@pytest.fixture
def organization_admin(organization):
    return OrganizationMembershipFactory(
        organization=organization, role=OrganizationMembership.Role.ADMIN
    ).user


@pytest.fixture
def contact_person(organization):
    return OrganizationMembershipFactory(
        organization=organization, role=OrganizationMembership.Role.CONTACT
    ).user


@pytest.fixture
def member(organization):
    return OrganizationMembershipFactory(
        organization=organization, role=OrganizationMembership.Role.MEMBER
    ).user


@pytest.fixture
def platform_admin(db):
    user = UserFactory(is_staff=True, is_superuser=True)
    user_enable_totp(user=user, secret=TOTP_SECRET)
    return user


@pytest.fixture
def plain_user(db):
    return UserFactory()


@pytest.fixture
def recorded_register(settings):
    """BRREG_BASE_URL points at recorded responses on 127.0.0.1 (never the network)."""
    from tests.brreg_server import RecordedRegister

    with RecordedRegister() as url:
        settings.BRREG_BASE_URL = url
        yield url

import pytest

from tests.factories import UserFactory, staff_of

ROLES = [
    "anonymous",
    "plain_user",
    "member",
    "contact_person",
    "organization_admin",
    "caseworker",
    "coordinator",
    "other_coordinator",
    "platform_admin",
]
SIGNED_IN_ROLES = ROLES[1:]
ORGANIZATION_ROLES = ["member", "contact_person", "organization_admin"]


@pytest.fixture
def coordinator_without_totp(municipality):
    return staff_of(municipality, "coordinator", totp=False)


@pytest.fixture
def caseworker_without_totp(municipality):
    return staff_of(municipality, "caseworker", totp=False)


@pytest.fixture
def platform_admin_without_totp(db):
    return UserFactory(is_staff=True, is_superuser=True)

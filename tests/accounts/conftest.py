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
def log_in(client, request):
    """Sign the test client in as one of the roles in ROLES (by fixture name); English pages.

    `force_login` is enough: allauth checks TOTP at login, the middleware only checks that TOTP
    is set up (the staff fixtures have it).
    """

    def log_in_as(role: str):
        if role == "anonymous":
            return None
        user = request.getfixturevalue(role)
        user.preferred_language = "en"
        user.save(update_fields=["preferred_language"])
        client.force_login(user)
        return user

    return log_in_as


@pytest.fixture
def coordinator_without_totp(municipality):
    return staff_of(municipality, "coordinator", totp=False)


@pytest.fixture
def caseworker_without_totp(municipality):
    return staff_of(municipality, "caseworker", totp=False)


@pytest.fixture
def platform_admin_without_totp(db):
    return UserFactory(is_staff=True, is_superuser=True)

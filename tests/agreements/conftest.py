"""The agreements tests' people: the partner organisation (a party to the agreements) and its
admin, contact person and member, an organisation that is no party, and signing in as one."""

import pytest

from tests.factories import OrganizationFactory, person_fixture, person_of


@pytest.fixture
def log_in(client, request, english):
    """Sign the test client in as a role (a fixture name), or stay anonymous."""

    def log_in_as(role: str):
        if role == "anonymous":
            client.logout()  # clears every cookie: ask for English again
            client.cookies["brobygger_language"] = "en"
            return None
        user = request.getfixturevalue(role)
        client.force_login(user)
        return user

    return log_in_as


@pytest.fixture
def partner(municipality):
    return OrganizationFactory(
        verified=True, municipalities=[municipality], name="Røde Kors Drammen"
    )


partner_admin = person_fixture("partner", "admin")
partner_contact = person_fixture("partner", "contact")
partner_member = person_fixture("partner", "member")


@pytest.fixture
def outsider_admin(municipality):
    outsider = OrganizationFactory(verified=True, municipalities=[municipality], name="Sjakklubben")
    return person_of(outsider, "admin")

import pytest

from organizations.models import OrganizationMembership
from tests.conftest import TOTP_SECRET
from tests.factories import (
    ConsentFactory,
    OrganizationFactory,
    OrganizationMembershipFactory,
    PersonFactory,
    contact_agreement,
)


@pytest.fixture
def guide_organization(municipality):
    """A verified organisation of `municipality` that can receive referrals: it has an
    agreement in force that says how contact data is passed on."""
    organization = OrganizationFactory(
        name="Røde Kors Drammen", verified=True, municipalities=[municipality]
    )
    contact_agreement(organization, municipality)
    return organization


@pytest.fixture
def guide_contact(guide_organization):
    """The organisation's contact person, with TOTP set up."""
    from accounts.services import user_enable_totp

    user = OrganizationMembershipFactory(
        organization=guide_organization, role=OrganizationMembership.Role.CONTACT
    ).user
    user_enable_totp(user=user, secret=TOTP_SECRET)
    return user


@pytest.fixture
def guide_admin(guide_organization):
    """An admin of the organisation who is not its contact person: sees no referral."""
    return OrganizationMembershipFactory(
        organization=guide_organization, role=OrganizationMembership.Role.ADMIN
    ).user


@pytest.fixture
def person(municipality, caseworker):
    return PersonFactory(municipality=municipality, created_by=caseworker)


@pytest.fixture
def consent(person, guide_organization, caseworker):
    return ConsentFactory(person=person, organizations=[guide_organization], recorded_by=caseworker)

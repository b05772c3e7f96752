import pytest

from tests.factories import (
    ConsentFactory,
    PersonFactory,
    contact_agreement,
    person_of,
    refer,
    staff_of,
    verified_in,
)
from tests.referrals.helpers import approve_arabic_sheet


@pytest.fixture
def guide_organization(municipality):
    """A verified organisation of `municipality` that can receive referrals: it has an
    agreement in force that says how contact data is passed on."""
    organization = verified_in(municipality, "Røde Kors Drammen")
    contact_agreement(organization, municipality)
    return organization


@pytest.fixture
def guide_contact(guide_organization):
    """The organisation's contact person, with TOTP set up."""
    return person_of(guide_organization, "contact", totp=True)


@pytest.fixture
def guide_admin(guide_organization):
    """An admin of the organisation who is not its contact person: sees no referral."""
    return person_of(guide_organization, "admin")


@pytest.fixture
def person(municipality, caseworker):
    return PersonFactory(municipality=municipality, created_by=caseworker)


@pytest.fixture
def consent(person, guide_organization, caseworker):
    return ConsentFactory(person=person, organizations=[guide_organization], recorded_by=caseworker)


REFERRAL_NOTE = "Wants to hike on Sundays"


@pytest.fixture
def referral(person, consent, caseworker, guide_organization, guide_contact):
    """A referral of `person` to the guide organisation, waiting for its answer."""
    return refer(person, consent, caseworker, guide_organization, note=REFERRAL_NOTE)


@pytest.fixture
def other_caseworker(other_municipality):
    """A caseworker of another municipality: reaches no person of `municipality`."""
    return staff_of(other_municipality, "caseworker")


@pytest.fixture
def arabic_sheet(municipality, coordinator):
    """The municipality's own Arabic information sheet, approved by its coordinator."""
    return approve_arabic_sheet(municipality, coordinator)

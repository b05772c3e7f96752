"""A person's phone number is stored by the country of the person's municipality."""

import pytest

from accounts.models import MunicipalityMembership
from referrals import services
from tests.factories import MunicipalityFactory
from tests.factories import staff_of as _staff

pytestmark = pytest.mark.django_db


@pytest.fixture
def naestved(db):
    return MunicipalityFactory(name="Næstved Kommune", number="0370", slug="naestved", country="DK")


def test_a_danish_number_typed_in_a_danish_municipality_is_stored_with_45(naestved):
    caseworker = _staff(naestved, MunicipalityMembership.Role.CASEWORKER)

    person = services.person_register(
        by=caseworker, municipality=naestved, given_name="Amira", phone="22 33 44 55"
    )
    services.person_update(person=person, by=caseworker, given_name="Amira", phone="40506070")
    person.refresh_from_db()

    assert person.phone == "+4540506070"


def test_the_same_digits_in_a_norwegian_municipality_get_47(municipality, caseworker):
    person = services.person_register(
        by=caseworker, municipality=municipality, given_name="Amira", phone="22 33 44 55"
    )

    assert person.phone == "+4722334455"


def test_a_foreign_number_keeps_its_prefix_and_a_bad_one_is_refused(naestved):
    caseworker = _staff(naestved, MunicipalityMembership.Role.CASEWORKER)

    person = services.person_register(
        by=caseworker, municipality=naestved, given_name="Olena", phone="+380 44 123 4567"
    )
    with pytest.raises(services.ValidationError) as error:
        services.person_register(by=caseworker, municipality=naestved, given_name="X", phone="12")

    assert person.phone == "+380441234567"
    assert "phone" in error.value.message_dict

"""A person's postcode is checked by the country of the caseworker's municipality, and a wrong
one is explained with that country's example, in the caseworker's language."""

import pytest
from django.conf import settings
from django.urls import reverse

from referrals.models import Person
from tests.factories import MunicipalityFactory, staff_of

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("country", "typed", "message"),
    [
        ("DK", "470", "Et dansk postnummer har 4 cifre, fx 4700 Næstved."),
        ("DK", "3900", "3900 er ikke et dansk postnummer"),
        ("NO", "470", "Et norsk postnummer har 4 sifre, for eksempel 3015 Drammen."),
    ],
)
def test_a_persons_postcode_is_checked_by_the_municipalitys_country_in_the_readers_language(
    client, country, typed, message
):
    municipality = MunicipalityFactory(country=country)
    caseworker = staff_of(municipality, "caseworker")
    caseworker.preferred_language = "da" if country == "DK" else "nb"
    caseworker.save(update_fields=["preferred_language"])
    client.force_login(caseworker)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = caseworker.preferred_language

    response = client.post(
        reverse("referrals:person_new"),
        {"given_name": "Layla", "phone": "22 33 44 55", "postal_code": typed},
    )

    assert message in response.content.decode()
    assert not Person.objects.exists()


def test_a_danish_caseworker_registers_a_danish_postcode(client):
    naestved = MunicipalityFactory(country="DK")
    client.force_login(staff_of(naestved, "caseworker"))

    client.post(
        reverse("referrals:person_new"),
        {"given_name": "Layla", "phone": "+45 22 33 44 55", "postal_code": "4700"},
    )

    assert Person.objects.get().postal_code == "4700"

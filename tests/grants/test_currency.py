"""Money in the grants pages is in the municipality's currency and written its way (NOK
"kr 25 000", DKK "25.000 kr."): a Danish municipality sees Danish kroner, never a NOK label."""

import pytest
from django.urls import reverse

from accounts.models import MunicipalityMembership
from tests.factories import ApplicationFactory, MunicipalityFactory, OrganizationFactory
from tests.factories import staff_of as _staff

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


@pytest.fixture
def naestved(db):
    return MunicipalityFactory(name="Næstved Kommune", number="0370", slug="naestved", country="DK")


def test_a_danish_municipalitys_new_scheme_is_in_dkk(client, naestved):
    client.force_login(_staff(naestved, MunicipalityMembership.Role.COORDINATOR))

    html = client.get(reverse("grants:scheme_create")).content.decode()

    assert '<option value="DKK" selected>' in html


def test_a_norwegian_municipalitys_new_scheme_is_in_nok(client, coordinator):
    client.force_login(coordinator)

    html = client.get(reverse("grants:scheme_create")).content.decode()

    assert '<option value="NOK" selected>' in html


def test_the_danish_overview_adds_up_danish_kroner_only_and_writes_kr_dot(client, naestved):
    organization = OrganizationFactory(municipalities=[naestved])
    ApplicationFactory(organization=organization, currency="DKK", amount_applied=25000)
    ApplicationFactory(organization=organization, currency="DKK", amount_applied=5000)
    ApplicationFactory(organization=organization, currency="NOK", amount_applied=99000)
    client.force_login(_staff(naestved, MunicipalityMembership.Role.COORDINATOR))

    html = client.get(reverse("grants:overview")).content.decode()

    assert "30,000\xa0kr." in html  # the total of the two in DKK
    assert "25,000\xa0kr." in html  # a row in DKK
    assert "kr\xa099,000" in html  # a row in NOK keeps its own currency
    assert "129,000" not in html

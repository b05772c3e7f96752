"""#17's grant part in a browser: an association in Næstved opens the grant helper in Danish,
gets the Danish questions (CVR, never Frivillighetsregisteret) and Danish schemes in DKK, and
reads a scheme's page, also on a phone's width; axe finds nothing on any page."""

import pytest
from playwright.sync_api import expect

from organizations.models import OrganizationMembership
from tests.factories import MunicipalityFactory, OrganizationFactory, OrganizationMembershipFactory

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_a_naestved_association_finds_danish_schemes_in_dkk(
    page, live_server, sign_in, assert_accessible
):
    naestved = MunicipalityFactory(
        name="Næstved Kommune", number="0370", slug="naestved", country="DK", default_language="da"
    )
    association = OrganizationFactory(
        name="Næstved Lektiecafé",
        verified=True,
        municipalities=[naestved],
        number_scheme="DK-CVR",
        org_number="13748136",
    )
    admin = OrganizationMembershipFactory(
        organization=association,
        role=OrganizationMembership.Role.ADMIN,
        user__preferred_language="",  # Næstved's language
    ).user

    sign_in(admin.email)
    page.goto(f"{live_server.url}/grants/helper/")
    assert page.locator("html").get_attribute("lang") == "da"
    expect(page.get_by_label("Har foreningen et CVR-nummer?")).to_have_value("yes")
    assert "Frivillighetsregister" not in page.content()
    assert_accessible(page)

    page.get_by_role("button", name="Vis ordningerne").click()
    main = page.locator("main")
    expect(main).to_contain_text("DUFs InitiativStøtte")
    expect(main).to_contain_text("100.000\xa0kr.")
    assert "Norskopplæringsordningen" not in main.inner_text()
    assert_accessible(page)

    page.set_viewport_size({"width": 390, "height": 800})
    page.get_by_role("link", name="Ansøgningspuljen til frivilligt socialt arbejde (PUF)").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("PUF")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    assert_accessible(page)

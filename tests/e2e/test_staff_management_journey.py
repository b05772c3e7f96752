"""The coordinator removes a caseworker on the municipality's staff page (asked first); that
caseworker's next request shows no person. Axe on the staff page and the question."""

import pytest
from playwright.sync_api import expect

from tests.e2e.helpers import required_field, totp_code
from tests.factories import TEST_PASSWORD, TOTP_SECRET, PersonFactory

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture(autouse=True)
def _accept_a_code_from_the_previous_window(settings):
    settings.MFA_TOTP_TOLERANCE = 1


def test_the_coordinator_removes_a_caseworker(
    page, browser, live_server, sign_in, assert_accessible, municipality, coordinator, caseworker
):
    PersonFactory(municipality=municipality, family_name="Haddadi")
    # The caseworker is at work in another browser.
    other = browser.new_context()
    their_page = other.new_page()
    their_page.goto(f"{live_server.url}/accounts/login/")
    required_field(their_page, "E-post").fill(caseworker.email)
    required_field(their_page, "Passord").fill(TEST_PASSWORD)
    their_page.get_by_role("button", name="Logg inn", exact=True).click()
    required_field(their_page, "Kode").fill(totp_code(TOTP_SECRET))
    their_page.get_by_role("button", name="Logg inn", exact=True).click()
    their_page.goto(f"{live_server.url}/referrals/persons/")
    expect(their_page.get_by_text("Haddadi")).to_be_visible()

    sign_in(coordinator.email)
    required_field(page, "Kode").fill(totp_code(TOTP_SECRET))
    page.get_by_role("button", name="Logg inn", exact=True).click()
    expect(page).to_have_url(f"{live_server.url}/dashboard/")
    page.goto(f"{live_server.url}/account/municipalities/{municipality.slug}/")
    manage = "Administrer ansatte: roller, siste innlogging, endringer"
    page.get_by_role("link", name=manage).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Ansatte i {municipality.name}")
    assert_accessible(page)
    page.get_by_role("link", name=f"Fjern {caseworker}").click()
    expect(page.get_by_role("heading", name="Fjern en rolle")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Fjern rollen").click()
    removed = f"{caseworker} har ikke lenger rollen saksbehandler her."
    expect(page.get_by_text(removed)).to_be_visible()
    expect(page.get_by_role("cell", name="rolle fjernet")).to_be_visible()
    assert_accessible(page)

    response = their_page.goto(f"{live_server.url}/referrals/persons/")
    assert response.status in (403, 404)
    expect(their_page.get_by_text("Haddadi")).to_have_count(0)
    other.close()

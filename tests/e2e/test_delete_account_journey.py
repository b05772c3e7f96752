"""A member deletes their own account from the profile: told what goes and what must be kept,
asked to confirm, signed out, and unable to sign in again. Axe on each page."""

import pytest
from playwright.sync_api import expect

from tests.e2e.helpers import required_field
from tests.factories import TEST_PASSWORD

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_a_member_deletes_their_account(page, live_server, sign_in, assert_accessible, member):
    email = member.email
    sign_in(email)
    page.goto(f"{live_server.url}/account/profile/")
    page.get_by_role("link", name="Slett kontoen min").click()
    expect(page.get_by_role("heading", name="Slett kontoen min", level=1)).to_be_visible()
    expect(page.get_by_role("heading", name="Dette må beholdes")).to_be_visible()
    assert_accessible(page)

    page.get_by_label("Jeg forstår at dette ikke kan angres.").check()
    page.get_by_role("button", name="Slett kontoen min").click()
    expect(page.get_by_text("Kontoen din er slettet.")).to_be_visible()
    assert_accessible(page)

    page.goto(f"{live_server.url}/accounts/login/")
    required_field(page, "E-post").fill(email)
    required_field(page, "Passord").fill(TEST_PASSWORD)
    page.get_by_role("button", name="Logg inn", exact=True).click()
    expect(page.get_by_role("heading", name="Logg inn", level=1)).to_be_visible()
    expect(page).to_have_url(f"{live_server.url}/accounts/login/")

"""The pages every visitor can reach: the accessibility statement, privacy, and a missing page."""

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_accessibility_statement_and_privacy_are_linked_from_every_page(
    page, live_server, assert_accessible
):
    page.goto(live_server.url)
    footer = page.get_by_role("contentinfo")
    footer.get_by_role("link", name="Tilgjengelighetserklæring").click()
    expect(page.get_by_role("heading", name="Tilgjengelighetserklæring", level=1)).to_be_visible()
    expect(page.get_by_role("heading", name="Si fra om et problem")).to_be_visible()
    assert_accessible(page)

    footer.get_by_role("link", name="Personvern").click()
    expect(page.get_by_role("heading", name="Personvern", level=1)).to_be_visible()
    expect(page.get_by_role("heading", name="Informasjonskapsler")).to_be_visible()
    assert_accessible(page)


def test_unknown_address_shows_a_not_found_page_with_a_way_back(
    page, live_server, assert_accessible
):
    response = page.goto(f"{live_server.url}/finnes-ikke/")
    assert response.status == 404
    expect(page.get_by_role("heading", name="Fant ikke siden", level=1)).to_be_visible()
    assert_accessible(page)

    page.get_by_role("main").get_by_role("link", name="Gå til forsiden").click()
    expect(page).to_have_url(f"{live_server.url}/")

"""On a phone (390 px): the directory shows its search field and the number of results first,
the other filters behind "Filters (n)"; a paged table shows each row as a card, each value under
its column's name, and no page scrolls sideways. Axe on every page."""

import pytest
from playwright.sync_api import expect

from tests.factories import AgreementFactory

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

PHONE = {"width": 390, "height": 844}
WIDTH = "document.documentElement.scrollWidth"


def test_the_directory_puts_search_and_results_before_the_filters(
    page, live_server, assert_accessible
):
    page.set_viewport_size(PHONE)
    page.goto(f"{live_server.url}/directory/?evening=on&free=on")
    search = page.get_by_label("Søk", exact=True)
    count = page.get_by_role("heading", name="0 organisasjoner", level=2)
    for first in (search, count):
        expect(first).to_be_in_viewport()
    expect(page.get_by_label("Kommune", exact=True)).to_be_hidden()
    assert page.evaluate(WIDTH) <= PHONE["width"]
    assert_accessible(page)

    page.get_by_text("Filtre (2)", exact=True).click()
    expect(page.get_by_label("Kommune", exact=True)).to_be_visible()
    expect(page.get_by_label("Gratis aktiviteter")).to_be_checked()
    assert_accessible(page)


def test_a_paged_table_becomes_cards_on_a_phone(
    page, live_server, sign_in_with_code, assert_accessible, municipality, coordinator
):
    AgreementFactory(
        municipality=municipality, created_by=coordinator, title="Samarbeid om språkkafé"
    )
    sign_in_with_code(coordinator.email)
    page.set_viewport_size(PHONE)
    page.goto(f"{live_server.url}/agreements/")
    row = page.get_by_role("row", name="Samarbeid om språkkafé")
    expect(row.locator("td[data-label='Status']")).to_be_visible()
    label = row.locator("td[data-label='Status']").evaluate(
        "(cell) => getComputedStyle(cell, '::before').content"
    )
    assert label == '"Status"'
    expect(page.get_by_role("columnheader", name="Status")).to_be_attached()
    assert page.evaluate(WIDTH) <= PHONE["width"]
    assert_accessible(page)

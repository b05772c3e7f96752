"""A coordinator signs in with a code and reads the start page's panels for seeded data, follows
a figure to the registry filtered behind it, looks at the charts, and downloads the year's report
as XLSX, whose figures the test reads with openpyxl. A caseworker and an organisation's contact
person see their own panels. axe checks every page on the way.
"""

import io
from datetime import timedelta

import pytest
from django.utils import timezone
from openpyxl import load_workbook
from playwright.sync_api import Page, expect

from tests.dashboard.conftest import PERSON, seed

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def figure(page: Page, name: str):
    return page.locator(f'[data-figure="{name}"]')


def test_coordinator_reads_the_overview_follows_a_figure_and_downloads_the_report(
    page,
    live_server,
    sign_in_with_code,
    assert_accessible,
    municipality,
    other_municipality,
    coordinator,
):
    now = timezone.now()
    seeded = seed(municipality, other_municipality, now=now)

    sign_in_with_code(coordinator.email)
    overview = page.get_by_role("region", name="Overview for Drammen kommune")
    expect(overview).to_be_visible()
    for name, value in {
        "organisations-pending": "1",
        "organisations-new": "2",
        "agreements-active": "2",
        "agreements-approval": "1",
        "agreements-review": "1",
        "meetings-upcoming": "1",
        "meetings-without-minutes": "1",
        "referrals-submitted": "2",
        "referrals-routed": "1",
        "referrals-accepted": "2",
        "referrals-overdue-answer": "2",
        "referrals-overdue-contact": "1",
        "referrals-declined": "2",
    }.items():
        expect(figure(page, name)).to_have_text(value)
    expect(figure(page, "referrals-median")).to_have_text("4.0")
    expect(figure(page, "referrals-p90")).to_have_text("8.8")
    for panel in ("Organisations", "Cooperation agreements", "Meetings", "Referrals"):
        expect(overview.get_by_role("heading", name=panel, level=3)).to_be_visible()
    for value in PERSON.values():
        expect(page.get_by_text(value)).to_have_count(0)
    assert_accessible(page)

    # -- a figure leads to the list behind it
    figure(page, "organisations-pending").click()
    expect(page).to_have_url(f"{live_server.url}/registry/?status=pending&municipality=drammen")
    expect(page.get_by_role("link", name=seeded.pending.name)).to_be_visible()
    expect(page.get_by_role("link", name=seeded.verified.name)).to_have_count(0)
    page.go_back()

    # -- the charts of the last 12 months, each with its table
    page.get_by_role("link", name="Charts of the last 12 months").click()
    expect(page.get_by_role("img", name="Referrals per month by outcome")).to_be_visible()
    expect(
        page.get_by_role("table", name="Referrals submitted per month, by how they turned out")
    ).to_be_visible()
    assert_accessible(page)

    # -- the report for this year so far, downloaded as XLSX
    page.get_by_role("link", name="Report for a period, with CSV and Excel downloads").click()
    expect(page.get_by_role("heading", name="Report for Drammen kommune", level=1)).to_be_visible()
    start = (timezone.localdate() - timedelta(days=60)).isoformat()
    page.get_by_label("From").fill(start)
    page.get_by_role("button", name="Show the report").click()
    expect(page.get_by_role("heading", name="Referrals", level=2)).to_be_visible()
    assert_accessible(page)
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Download as Excel (XLSX)").click()
    path = download_info.value.path()
    with open(path, "rb") as handle:
        workbook = load_workbook(io.BytesIO(handle.read()))
    figures = {
        row[1]: row[2]
        for row in workbook.worksheets[0].iter_rows(values_only=True)
        if len(row) > 2 and row[1]
    }
    assert figures["Submitted in the period"] == 11
    assert figures["Contact made in the period"] == 3
    assert figures["Median days from submission to contact"] == 4.0
    assert figures["Meetings held"] == 2
    cells = " ".join(
        str(v)
        for sheet in workbook.worksheets
        for row in sheet.iter_rows(values_only=True)
        for v in row
        if v
    )
    for value in PERSON.values():
        assert value not in cells


def test_caseworker_and_contact_person_see_their_own_panels(
    page,
    sign_in_elsewhere,
    live_server,
    sign_in_with_code,
    assert_accessible,
    municipality,
    other_municipality,
    caseworker,
    contact_person,
):
    seed(municipality, other_municipality, now=timezone.now())

    sign_in_with_code(caseworker.email)
    expect(page.get_by_role("heading", name="Your referrals and consents", level=2)).to_be_visible()
    expect(figure(page, "persons-without-open")).to_have_text("0")
    expect(page.get_by_role("region", name="Overview for Drammen kommune")).to_have_count(0)
    for value in PERSON.values():
        expect(page.get_by_text(value)).to_have_count(0)
    assert_accessible(page)

    other = sign_in_elsewhere(contact_person.email)
    expect(other.get_by_role("heading", name="For your organisations", level=2)).to_be_visible()
    expect(
        other.get_by_text("To be found in the directory, the profile still needs:")
    ).to_be_visible()
    assert_accessible(other)

"""A signed-out visitor finds the municipality's privacy notice from its public page: first the
plain word that it is not published yet, then, once the coordinator has published the facts,
whom to contact about their data and where to complain. The coordinator prints the impact
assessment (DPIA) page as a PDF, without the screen-only hints. Axe on each page (issue #20)."""

import pytest
from playwright.sync_api import expect

from referrals import services

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_a_visitor_reads_the_privacy_notice_from_the_public_page(
    page, live_server, assert_accessible, municipality, coordinator
):
    page.goto(f"{live_server.url}/m/{municipality.slug}/")
    page.get_by_role("link", name="Personvernerklæring: hvordan kommunen behandler").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        f"Personvernerklæring: {municipality.name}"
    )
    expect(page.get_by_role("status")).to_contain_text("Kommunen har ikke publisert")
    assert_accessible(page)

    services.privacy_notice_save(
        municipality=municipality,
        by=coordinator,
        controller_name="Drammen kommune",
        controller_address="Postboks 7500, 3008 Drammen",
        legal_basis="Samtykke, personvernforordningen art. 6 nr. 1 bokstav a.",
        dpo_name="Kari Vern",
        dpo_email="personvernombud@drammen.example",
        dpo_phone="",
    )
    page.reload()
    expect(page.get_by_text("Kari Vern")).to_be_visible()
    expect(page.get_by_role("link", name="personvernombud@drammen.example")).to_be_visible()
    expect(page.get_by_role("link", name="Datatilsynet")).to_have_attribute(
        "href", "https://www.datatilsynet.no"
    )
    assert_accessible(page)


def test_the_coordinator_prints_the_impact_assessment_as_pdf(
    page, live_server, sign_in_with_code, assert_accessible, coordinator
):
    from referrals.dpia import RISKS

    sign_in_with_code(coordinator.email)
    page.goto(f"{live_server.url}/referrals/impact-assessment/")
    expect(page.get_by_role("heading", level=2)).to_have_count(len(RISKS))
    assert_accessible(page)

    page.emulate_media(media="print")
    expect(page.get_by_text("Use your browser's print command")).to_be_hidden()
    expect(page.get_by_role("heading", name="Staff who leave keep their access.")).to_be_visible()
    pdf = page.pdf()
    assert pdf.startswith(b"%PDF")

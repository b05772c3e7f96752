"""Offers and needs (R08) and the request panels of the start pages (issue #18), in a browser:
an organisation says what it offers and needs (a phone number in the text is caught first),
another organisation finds it on the municipality's "Offers and needs" page, and the
coordinator's start page shows the request for premises that waits for an answer."""

from datetime import time

import pytest
from playwright.sync_api import expect

from dashboard.services import place_request_create, premises_create
from tests.e2e.helpers import required_field, totp_code
from tests.factories import TOTP_SECRET, OrganizationFactory, person_of, verified_in

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_an_organisation_offers_rooms_and_another_finds_it(
    page, live_server, sign_in, assert_accessible, municipality
):
    host = OrganizationFactory(
        name="Fjell bydelshus", verified=True, municipalities=[municipality], categories=["other"]
    )
    admin = person_of(host, "admin")
    seeker = person_of(
        verified_in(municipality, "Leksehjelpen"),
        "admin",
    )

    sign_in(admin.email)
    page.goto(f"{live_server.url}/organisations/{host.pk}/edit/")
    offers = page.get_by_role("group", name="Tilbud og behov")
    offers.get_by_label("Lokaler").first.check()
    offers.get_by_label("Om det dere tilbyr").fill("Møterom på kveldstid, ring 912 34 567")
    page.get_by_role("button", name="Lagre").click()
    expect(page.get_by_role("alert").filter(has_text="912 34 567")).to_be_visible()
    assert_accessible(page)
    offers.get_by_label("Om det dere tilbyr").fill("Møterom på kveldstid")
    page.get_by_role("button", name="Lagre").click()
    section = page.get_by_role("region", name="Tilbud og behov")
    expect(section).to_contain_text("Møterom på kveldstid")
    assert_accessible(page)
    page.context.clear_cookies()

    sign_in(seeker.email)
    page.goto(f"{live_server.url}/m/{municipality.slug}/")
    page.get_by_role("link", name="Tilbud og behov").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Tilbud og behov")
    page.get_by_label("Kan tilby").select_option(label="Lokaler")
    page.get_by_role("button", name="Filtrer", exact=True).click()
    table = page.get_by_role("table")
    expect(table.get_by_role("link", name="Fjell bydelshus")).to_be_visible()
    expect(table).to_contain_text("Møterom på kveldstid")
    assert_accessible(page)


def test_the_start_pages_show_the_request_for_premises_and_its_status(
    page, live_server, sign_in, assert_accessible, municipality, coordinator
):
    organization = verified_in(municipality, "Drammen Sjakklubb")
    admin = person_of(organization, "admin")
    premises = premises_create(
        municipality=municipality,
        name="Fjell bydelshus, sal 2",
        address="Fjellveien 1",
        weekdays=[1],
        starts_at=time(17),
        ends_at=time(20),
    )
    place_request_create(
        by=admin,
        municipality=municipality,
        organization=organization,
        message="Sjakk for barn",
        premises=premises,
        slots=list(premises.slots.all()),
    )

    sign_in(admin.email)
    expect(page).to_have_url(f"{live_server.url}/dashboard/")
    mine = page.get_by_role("list", name="Forespørslene deres om lokaler og arenaer")
    expect(mine).to_contain_text("Fjell bydelshus, sal 2")
    expect(mine).to_contain_text("Venter på kommunen")
    assert_accessible(page)
    page.context.clear_cookies()

    sign_in(coordinator.email)
    required_field(page, "Kode").fill(totp_code(TOTP_SECRET))
    page.get_by_role("button", name="Logg inn", exact=True).click()
    expect(page).to_have_url(f"{live_server.url}/dashboard/")
    panel = page.get_by_role("region", name="Forespørsler om lokaler og arenaer")
    expect(panel.get_by_role("link", name="1 forespørsel venter på svaret ditt")).to_be_visible()
    expect(panel).to_contain_text("Drammen Sjakklubb")
    assert_accessible(page)
    panel.get_by_role("link", name="Fjell bydelshus, sal 2").click()
    expect(page.get_by_role("heading", level=1)).to_be_visible()

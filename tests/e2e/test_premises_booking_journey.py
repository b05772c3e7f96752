"""Journey (3) of issue #18 (R16, W22): an organisation asks for the municipality's premises at a
weekly time, the coordinator grants it and the series is booked at the venue; a second
organisation asking for the same time is refused with the free times. Axe on every page."""

import re
from datetime import time

import pytest
from playwright.sync_api import expect

from core.time import OSLO
from dashboard.models import PlaceRequest
from dashboard.services import place_request_create, premises_create
from meetings.models import Meeting
from tests.e2e.helpers import follow_link
from tests.factories import VenueFactory, person_of, verified_in

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

PREMISES = "Fjell bydelshus, sal 2"


def test_a_granted_request_books_the_venue_and_a_second_is_refused_with_the_free_times(
    page, live_server, sign_in, sign_in_with_code, assert_accessible, municipality, coordinator
):
    venue = VenueFactory(municipality=municipality, name="Fjell bydelshus", room="Sal 2")
    premises_create(
        municipality=municipality,
        name=PREMISES,
        address="Fjellveien 1",
        weekdays=[1, 3],
        starts_at=time(17),
        ends_at=time(20),
        venue=venue,
    )
    first = verified_in(municipality, "Drammen Sjakklubb")
    second = verified_in(municipality, "Fjell Vel")

    def ask(organization):
        sign_in(person_of(organization, "admin").email)
        page.goto(f"{live_server.url}/m/{municipality.slug}/")
        page.get_by_role("link", name=f"Spør om {PREMISES}").click()
        expect(page.get_by_role("heading", level=1)).to_contain_text(PREMISES)
        assert_accessible(page)
        page.locator('input[name="slots"]').first.check()  # Tuesdays
        page.get_by_label("Hva skal dere bruke det til").fill("Sjakk for barn hele høsten.")
        page.get_by_role("button", name="Send forespørselen").click()

    ask(first)
    expect(page.get_by_role("heading", name=f"Forespørsel om {PREMISES}", level=1)).to_be_visible()
    assert_accessible(page)
    page.context.clear_cookies()

    sign_in_with_code(coordinator.email, english=False)
    page.goto(f"{live_server.url}/m/{municipality.slug}/requests/")
    assert_accessible(page)
    page.goto(live_server.url + PlaceRequest.objects.get().get_absolute_url())
    assert_accessible(page)
    page.get_by_label("Innvilg forespørselen").check()
    page.get_by_role("button", name="Send svaret").click()
    expect(page.get_by_text("Svaret er lagret. Organisasjonen har fått beskjed.")).to_be_visible()
    booked = Meeting.objects.filter(venue=venue, organizer_organization=first)
    assert booked.count() >= 1  # every Tuesday until the end of the term
    expect(
        page.get_by_text(re.compile(rf"{booked.count()} gang(er)? i Fjell bydelshus"))
    ).to_be_visible()
    assert_accessible(page)
    page.context.clear_cookies()

    ask(second)
    refusal = page.locator("p", has_text="er allerede gitt til en annen organisasjon")
    expect(refusal).to_contain_text("Ledige tider: Torsdag 17:00–20:00")
    assert_accessible(page)
    assert not Meeting.objects.filter(organizer_organization=second).exists()


def test_the_coordinator_proposes_another_time_and_the_organisation_accepts_it(
    page, live_server, sign_in, sign_in_with_code, assert_accessible, municipality, coordinator
):
    """Instead of declining, the coordinator proposes Thursdays for a request for Tuesdays; the
    organisation reads the proposal, looks at declining, then accepts it after being asked, and
    Thursdays are booked at the venue. Axe on every new page."""
    venue = VenueFactory(municipality=municipality, name="Fjell bydelshus", room="Sal 3")
    premises = premises_create(
        municipality=municipality,
        name="Fjell bydelshus, sal 3",
        address="Fjellveien 1",
        weekdays=[1, 3],
        starts_at=time(17),
        ends_at=time(20),
        venue=venue,
    )
    club = verified_in(municipality, "Fjell Korps")
    admin = person_of(club, "admin")
    asked = place_request_create(
        by=admin,
        municipality=municipality,
        organization=club,
        message="Korpsøving",
        premises=premises,
        slots=[premises.slots.get(weekday=1)],
    )
    request_url = live_server.url + asked.get_absolute_url()

    sign_in_with_code(coordinator.email, english=False)
    page.goto(request_url)
    follow_link(page, "Foreslå en annen tid", check=assert_accessible)
    page.get_by_label("Tiden du foreslår").select_option(
        label="Fjell bydelshus, sal 3: Torsdag 17:00–20:00"
    )
    page.get_by_label("Noen ord til organisasjonen").fill("Tirsdag er tatt av koret.")
    page.get_by_role("button", name="Foreslå tiden").click()
    expect(page.get_by_text("Tiden er foreslått. Organisasjonen har fått beskjed.")).to_be_visible()
    expect(page.get_by_text("Venter på svar fra organisasjonen.")).to_be_visible()
    assert_accessible(page)
    page.context.clear_cookies()

    sign_in(admin.email)
    expect(page).not_to_have_url(re.compile(r"/accounts/login/"))
    expect(page.get_by_text("Annen tid foreslått")).to_be_visible()  # the start page's panel
    page.goto(request_url)
    expect(page.get_by_role("heading", name="Kommunen foreslår en annen tid")).to_be_visible()
    expect(page.get_by_text("Tirsdag er tatt av koret.").first).to_be_visible()
    assert_accessible(page)
    follow_link(
        page,
        "Takk nei til tiden",
        check=assert_accessible,
        heading="Takk nei til den foreslåtte tiden",
    )
    page.get_by_role("link", name="Avbryt").click()
    follow_link(page, "Godta tiden", check=assert_accessible, heading="Godta den foreslåtte tiden")
    page.get_by_role("button", name="Godta tiden").click()
    expect(page.get_by_text("Tiden er deres: forespørselen er innvilget.")).to_be_visible()
    assert_accessible(page)

    asked.refresh_from_db()
    assert asked.status == PlaceRequest.Status.GRANTED
    booked = Meeting.objects.filter(venue=venue, organizer_organization=club)
    assert booked.exists()
    assert {meeting.starts_at.astimezone(OSLO).weekday() for meeting in booked} == {3}

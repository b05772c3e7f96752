"""The coordinator's period report and the municipality's printable offer list as PDFs
(issue #23)."""

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from organizations.models import Organization
from tests.dashboard.conftest import PERSON, REASON_NOTE
from tests.factories import (
    ActivityFactory,
    OrganizationFactory,
    UserFactory,
    set_organization_status,
)
from tests.pdf import pdf_download

pytestmark = pytest.mark.django_db

REPORT_PDF = reverse("dashboard:report_pdf")


def test_the_report_pdf_has_the_figures_of_the_period_and_nothing_personal(
    english, client, coordinator, seeded
):
    today = timezone.localdate()
    start = today - datetime.timedelta(days=60)
    client.force_login(coordinator)

    response = client.get(REPORT_PDF, {"start": start.isoformat(), "end": today.isoformat()})

    document = pdf_download(response)
    assert document.title == "Report for Drammen kommune"
    assert document.language == "en"
    lines = document.text.splitlines()
    assert "Submitted in the period 11" in lines
    assert "Meetings held 2" in lines
    assert "Drammen Røde Kors Verified 11 3 2 1" in lines
    for value in PERSON.values():
        assert value not in document.text
    assert REASON_NOTE not in document.text


def test_the_report_page_links_to_the_pdf_of_the_period(client, coordinator, municipality):
    client.force_login(coordinator)
    page = client.get(reverse("dashboard:report"), {"start": "2026-01-01", "end": "2026-03-31"})
    assert f"{REPORT_PDF}?start=2026-01-01&amp;end=2026-03-31" in page.content.decode()


def test_the_report_pdf_is_for_the_coordinators_of_the_municipality(
    client, caseworker, coordinator, municipality
):
    client.force_login(caseworker)
    assert client.get(REPORT_PDF).status_code == 403
    client.force_login(coordinator)
    assert client.get(REPORT_PDF, {"start": "2026-03-01", "end": "2026-02-01"}).status_code == 400


@pytest.fixture
def offers(municipality, other_municipality):
    """Two organisations with activities in Drammen, and what the list must leave out."""
    choir = OrganizationFactory(
        name="Drammen Internasjonale Kor",
        verified=True,
        municipalities=[municipality],
        phone="+47 32 11 22 33",
        email="kor@example.no",
    )
    cafe = OrganizationFactory(
        name="Bragernes Språkkafé", verified=True, municipalities=[municipality]
    )
    ActivityFactory(
        organization=choir,
        municipality=municipality,
        title="Korøvelse for alle",
        address="Konnerudgata 1",
        postal_code="3045",
        city="Drammen",
        schedules=[(2, "18:00", "20:00")],
    )
    ActivityFactory(organization=cafe, municipality=municipality, title="Norsk over kaffen")
    ActivityFactory(organization=cafe, municipality=other_municipality, title="Kaffe i Asker")
    ActivityFactory(organization=cafe, municipality=municipality, title="Lagt ned", is_active=False)
    waiting = OrganizationFactory(name="Venter på godkjenning", municipalities=[municipality])
    set_organization_status(waiting, Organization.Status.PENDING)
    ActivityFactory(organization=waiting, municipality=municipality, title="Ikke godkjent ennå")
    return choir, cafe


def test_anyone_gets_the_offer_list_by_weekday_with_time_place_and_contact(
    client, english, municipality, offers
):
    response = client.get(reverse("public:offers_pdf", args=[municipality.slug]))

    document = pdf_download(response)
    assert document.title == "Activities in Drammen kommune"
    assert document.language == "en"
    text = document.text
    # The weekly time under its day; an activity without one under "By appointment", last.
    assert text.index("Wednesday") < text.index("18:00–20:00 · Korøvelse for alle")
    assert text.index("Korøvelse for alle") < text.index("By appointment")
    assert text.index("By appointment") < text.index("Norsk over kaffen")
    assert "Drammen Internasjonale Kor: +47 32 11 22 33 · kor@example.no" in text
    assert "Konnerudgata 1, 3045 Drammen" in text
    for left_out in ("Kaffe i Asker", "Lagt ned", "Ikke godkjent ennå"):
        assert left_out not in text


@pytest.fixture
def week(municipality):
    """Activities on several days at several times, one held twice a week, some at a price."""
    club = OrganizationFactory(
        name="Fjell Aktivitetslag", verified=True, municipalities=[municipality]
    )
    weekly = [
        ("Leksehjelp", [(0, "17:00", "19:00"), (3, "17:00", "19:00")], {}),
        ("Tidlig trim", [(0, "09:00", "10:00")], {}),
        ("Søndagstur", [(6, "11:00", "14:00")], {"is_free": False, "price": 50}),
        ("Dyrt kurs", [(1, "18:00", "21:00")], {"is_free": False, "price": 900}),
    ]
    for title, schedules, price in weekly:
        ActivityFactory(
            organization=club,
            municipality=municipality,
            title=title,
            schedules=schedules,
            **price,
        )
    return club


def _days_in(text: str) -> list[str]:
    days = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
    return [line.strip() for line in text.splitlines() if line.strip() in days]


def test_the_offer_list_puts_each_weekly_time_under_its_day_sorted_by_time(
    client, english, municipality, week
):
    text = pdf_download(client.get(reverse("public:offers_pdf", args=[municipality.slug]))).text

    assert _days_in(text) == ["Monday", "Thursday", "Sunday"]
    monday, thursday = text.index("Monday"), text.index("Thursday")
    assert monday < text.index("09:00–10:00 · Tidlig trim") < text.index("17:00–19:00 · Leksehjelp")
    assert text.index("17:00–19:00 · Leksehjelp", monday) < thursday
    assert text.index("17:00–19:00 · Leksehjelp", thursday) > thursday  # again on Thursday
    assert "50.00 NOK" in text


def test_the_offer_list_shows_free_and_low_cost_by_default_and_all_on_request(
    client, english, municipality, week
):
    pdf_url = reverse("public:offers_pdf", args=[municipality.slug])
    page_url = reverse("public:offers_print", args=[municipality.slug])

    def words(text: str) -> str:
        return " ".join(text.split())

    cheap_pdf = words(pdf_download(client.get(pdf_url)).text)
    cheap_page = words(client.get(page_url).content.decode())
    all_pdf = words(pdf_download(client.get(pdf_url, {"prices": "all"})).text)
    all_page = words(client.get(page_url, {"prices": "all"}).content.decode())

    for cheap in (cheap_pdf, cheap_page):
        assert "Søndagstur" in cheap
        assert "Dyrt kurs" not in cheap
        assert "at most 100 NOK a time" in cheap
    for everything in (all_pdf, all_page):
        assert "Søndagstur" in everything
        assert "Dyrt kurs" in everything
        assert "All activities, whatever they cost." in everything
    assert f'href="{pdf_url}?prices=all"' in all_page


def test_the_print_page_has_the_same_list_and_a_print_stylesheet(
    client, english, municipality, week
):
    response = client.get(reverse("public:offers_print", args=[municipality.slug]))

    html = response.content.decode()
    assert response.status_code == 200
    assert re.search(r'href="[^"]*print[^"]*\.css" media="print"', html)
    assert (
        html.index("<h2>Monday</h2>") < html.index("Tidlig trim") < html.index("<h2>Thursday</h2>")
    )
    assert html.index("Tidlig trim") < html.index("Leksehjelp")
    assert 'value="cheap"' in html
    assert reverse("public:offers_pdf", args=[municipality.slug]) in html


def test_the_print_page_takes_the_same_number_of_queries_for_more_activities(
    client, municipality, week
):
    url = reverse("public:offers_print", args=[municipality.slug])
    client.force_login(UserFactory())  # rendered each time, never from the public page cache
    client.get(url)  # warm what is kept per process (content types)
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    for title in ("Mer 1", "Mer 2", "Mer 3", "Mer 4"):
        ActivityFactory(
            organization=week,
            municipality=municipality,
            title=title,
            schedules=[(2, "10:00", "11:00"), (4, "12:00", "13:00")],
        )
    with CaptureQueriesContext(connection) as many:
        assert "Mer 4" in client.get(url).content.decode()

    assert len(many) == len(few) <= 15


def test_the_public_page_links_to_the_offer_list(client, municipality):
    page = client.get(reverse("public:municipality", args=[municipality.slug])).content.decode()
    assert reverse("public:offers_pdf", args=[municipality.slug]) in page


def test_an_unknown_municipality_has_no_offer_list(client, municipality):
    assert client.get(reverse("public:offers_pdf", args=["nowhere"])).status_code == 404

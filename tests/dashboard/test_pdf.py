"""The coordinator's period report and the municipality's printable offer list as PDFs
(issue #23)."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from organizations.models import Organization
from tests.dashboard.conftest import PERSON, REASON_NOTE
from tests.factories import ActivityFactory, OrganizationFactory, set_organization_status
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


def test_anyone_gets_the_offer_list_grouped_by_organisation_with_time_place_and_contact(
    client, english, municipality, offers
):
    response = client.get(reverse("public:offers_pdf", args=[municipality.slug]))

    document = pdf_download(response)
    assert document.title == "Activities in Drammen kommune"
    assert document.language == "en"
    text = document.text
    # By organisation name, each with its own activities under it.
    assert text.index("Bragernes Språkkafé") < text.index("Norsk over kaffen")
    assert text.index("Norsk over kaffen") < text.index("Drammen Internasjonale Kor")
    assert text.index("Drammen Internasjonale Kor") < text.index("Korøvelse for alle")
    assert "+47 32 11 22 33 · kor@example.no" in text
    assert "Konnerudgata 1, 3045 Drammen" in text
    assert "Wednesday 18:00–20:00" in text
    for left_out in ("Kaffe i Asker", "Lagt ned", "Ikke godkjent ennå"):
        assert left_out not in text


def test_the_public_page_links_to_the_offer_list(client, municipality):
    page = client.get(reverse("public:municipality", args=[municipality.slug])).content.decode()
    assert reverse("public:offers_pdf", args=[municipality.slug]) in page


def test_an_unknown_municipality_has_no_offer_list(client, municipality):
    assert client.get(reverse("public:offers_pdf", args=["nowhere"])).status_code == 404

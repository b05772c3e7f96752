"""An agreement version as a PDF to keep: its text, its parties and who approved it when, for
those who may read the version (issue #23)."""

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from agreements import services
from tests.factories import (
    AgreementFactory,
    OrganizationFactory,
    PartyFactory,
    RowFactory,
    person_of,
)
from tests.pdf import pdf_download

pytestmark = pytest.mark.django_db


@pytest.fixture
def partner(english, municipality):
    return OrganizationFactory(
        verified=True, municipalities=[municipality], name="Røde Kors Drammen"
    )


@pytest.fixture
def approved(english, municipality, coordinator, partner):
    """Version 1, approved by the organisation's contact person and the coordinator."""
    agreement = AgreementFactory(municipality=municipality, title="Leksehjelp for nyankomne")
    PartyFactory(agreement=agreement, organization=partner, representatives="Kari Nordmann")
    RowFactory(agreement=agreement, task="Melde behov", responsible="municipality")
    contact = person_of(partner, "contact")
    services.agreement_send_for_approval(by=coordinator, agreement=agreement)
    services.agreement_approve(by=contact, agreement=agreement, version_number=1)
    services.agreement_approve(by=coordinator, agreement=agreement, version_number=1)
    return agreement


def pdf_url(agreement, number=1) -> str:
    return reverse("agreements:version_pdf", args=[agreement.pk, number])


@pytest.mark.parametrize("reader", ["coordinator", "partner_member"])
def test_the_version_pdf_holds_the_text_the_parties_and_the_approval_record(
    client, approved, partner, coordinator, request, reader
):
    user = coordinator if reader == "coordinator" else person_of(partner, "member")
    client.force_login(user)
    contact = partner.memberships.get(role="contact").user

    document = pdf_download(client.get(pdf_url(approved)))

    assert document.title == "Leksehjelp for nyankomne, version 1"
    assert document.language == "en"
    text = document.text
    assert "Cooperation agreement" in text
    assert "Drammen kommune" in text
    assert "Parties" in text
    assert "Røde Kors Drammen" in text
    assert "Kari Nordmann" in text
    record = text[text.index("Approval record") :]
    assert contact.full_name in record
    assert coordinator.full_name in record
    for approval in approved.versions.get(number=1).approvals.all():
        when = date_format(timezone.localtime(approval.approved_at), "DATETIME_FORMAT")
        assert when in record


def test_the_version_page_links_to_its_pdf(client, approved, coordinator):
    client.force_login(coordinator)
    page = client.get(reverse("agreements:version", args=[approved.pk, 1])).content.decode()
    assert pdf_url(approved) in page


@pytest.mark.parametrize("stranger", ["other_coordinator", "plain_user"])
def test_who_may_not_read_the_agreement_gets_no_pdf(client, approved, request, stranger):
    client.force_login(request.getfixturevalue(stranger))
    assert client.get(pdf_url(approved)).status_code == 404


def test_a_version_that_does_not_exist_has_no_pdf(client, approved, coordinator):
    client.force_login(coordinator)
    assert client.get(pdf_url(approved, number=9)).status_code == 404

"""The printable consent form ticks the consented details below its text; an empty information
sheet says why there is nothing to print. Axe on both."""

import pytest
from playwright.sync_api import expect

from referrals.choices import SharedField
from referrals.models import InformationSheet
from tests.factories import ConsentFactory, OrganizationFactory, PersonFactory

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_the_printed_consent_form_and_an_empty_sheet(
    page, live_server, sign_in_with_code, assert_accessible, municipality, caseworker
):
    organization = OrganizationFactory(verified=True, municipalities=[municipality])
    consent = ConsentFactory(
        person=PersonFactory(municipality=municipality, created_by=caseworker),
        organizations=[organization],
        shared_fields=["phone", "interests"],
    )
    sign_in_with_code(caseworker.email, english=False)

    page.goto(f"{live_server.url}/referrals/consents/{consent.pk}/print/")
    ticked = page.get_by_role("list", name="What may be shared (ticked)")
    expect(ticked.get_by_role("listitem")).to_have_count(len(SharedField))
    expect(ticked.get_by_role("listitem").filter(has_text="☑")).to_have_count(2)
    expect(ticked).to_contain_text("Phone")
    assert_accessible(page)

    # Arabic ships as a draft translation; the municipality's own newest version is empty.
    InformationSheet.objects.create(municipality=municipality, language="ar", version=2)
    page.goto(f"{live_server.url}/referrals/information-sheets/ar/print/")
    expect(
        page.get_by_role(
            "heading", name="Arabisk: informasjonsskrivet har ingen tekst ennå", level=1
        )
    ).to_be_visible()
    expect(page.get_by_role("article")).to_have_count(0)
    assert_accessible(page)

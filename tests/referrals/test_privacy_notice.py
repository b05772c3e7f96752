"""The municipality's privacy notice (issue #20): its coordinator publishes the facts only it can
give (controller, legal basis, its data protection officer); anyone reads the notice at
/m/<slug>/privacy/ in the municipality's language, with what the record of processing declares,
the person's rights and the body to complain to; the information sheet carries it too."""

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from referrals import services
from referrals.models import PrivacyNotice
from tests.factories import MunicipalityFactory
from tests.pdf import pdf_download

pytestmark = pytest.mark.django_db

FACTS = {
    "controller_name": "Drammen kommune",
    "controller_address": "Postboks 7500, 3008 Drammen",
    "legal_basis": "Personvernforordningen art. 6 nr. 1 bokstav a (samtykke).",
    "dpo_name": "Kari Vern",
    "dpo_email": "personvernombud@drammen.kommune.no",
    "dpo_phone": "32 04 00 00",
}


@pytest.fixture
def notice(municipality, coordinator):
    return services.privacy_notice_save(municipality=municipality, by=coordinator, **FACTS)


def test_the_coordinator_publishes_the_facts_and_a_bad_email_stays_typed(
    english, client, coordinator, municipality
):
    client.force_login(coordinator)
    url = reverse("referrals:privacy_notice")
    response = client.post(url, {**FACTS, "dpo_email": "kari.vern-at-drammen"})
    assert response.status_code == 200
    content = response.content.decode()
    assert 'value="kari.vern-at-drammen"' in content
    assert "Enter a valid email address." in content
    assert 'aria-invalid="true"' in content or "is-invalid" in content
    assert not PrivacyNotice.objects.exists()

    response = client.post(url, FACTS)
    assert response.status_code == 302
    saved = PrivacyNotice.objects.get()
    assert (saved.municipality, saved.dpo_email, saved.updated_by) == (
        municipality,
        FACTS["dpo_email"],
        coordinator,
    )
    assert 'value="Kari Vern"' in client.get(url).content.decode()  # shown again to edit


def test_only_the_municipalitys_coordinators_publish_it(
    municipality, caseworker, other_coordinator
):
    for user in (caseworker, other_coordinator):
        with pytest.raises(PermissionDenied):
            services.privacy_notice_save(municipality=municipality, by=user, **FACTS)
    assert not PrivacyNotice.objects.exists()


def test_without_facts_the_public_page_says_they_are_not_published(english, client, municipality):
    response = client.get(reverse("public:privacy", args=[municipality.slug]))
    assert response.status_code == 200
    content = response.content.decode()
    assert "has not published the facts of its privacy notice yet" in content
    assert "Datatilsynet, the Norwegian Data Protection Authority" in content  # still: complain


def test_the_public_notice_shows_the_facts_what_is_processed_retention_and_rights(
    english, client, notice, municipality, coordinator
):
    services.retention_policy_save(municipality=municipality, by=coordinator, access_log_days=500)
    response = client.get(reverse("public:privacy", args=[municipality.slug]))  # no login
    content = response.content.decode()
    assert response.status_code == 200
    for value in ("Postboks 7500, 3008 Drammen", "Kari Vern", FACTS["dpo_email"], "32 04 00 00"):
        assert value in content
    assert FACTS["legal_basis"] in content
    assert "<td>500</td>" in content  # the retention in force, per data type
    assert "union membership" in content  # never recorded: from the declarations
    assert "To withdraw your consent at any time" in content
    assert "https://www.datatilsynet.no" in content
    assert "not published" not in content


def test_the_notice_is_in_the_municipalitys_language_with_its_own_complaint_body(client, db):
    danish = MunicipalityFactory(country="DK", slug="odense", name="Odense Kommune")
    response = client.get(reverse("public:privacy", args=[danish.slug]))
    assert response.headers["Content-Language"] == "da"
    content = response.content.decode()
    assert "https://www.datatilsynet.dk" in content
    assert "datatilsynet.no" not in content


def test_the_public_municipality_page_links_to_the_notice(client, municipality):
    page = client.get(reverse("public:municipality", args=[municipality.slug])).content.decode()
    assert reverse("public:privacy", args=[municipality.slug]) in page


def test_the_printed_information_sheet_carries_the_notice(
    english, client, caseworker, notice, municipality
):
    client.force_login(caseworker)
    page = client.get(reverse("referrals:sheet_print", args=["nb"])).content.decode()
    assert "Kari Vern" in page
    assert f"http://testserver/m/{municipality.slug}/privacy/" in page
    assert (
        reverse("public:privacy", args=[municipality.slug])
        in client.get(reverse("referrals:sheets")).content.decode()
    )

    document = pdf_download(client.get(reverse("referrals:sheet_pdf", args=["nb"])))
    assert "Kari Vern" in document.text
    assert FACTS["dpo_email"] in document.text


def test_before_the_facts_are_published_the_sheet_says_so(english, client, caseworker):
    client.force_login(caseworker)
    page = client.get(reverse("referrals:sheet_print", args=["nb"])).content.decode()
    assert "has not published the facts of its privacy notice yet" in page

"""The information sheet and consent form as PDFs in the person's language (issue #23): a blank
form per language shows no person; one person's form is for their caseworker only and every
download of it is in the access log. The record of processing as a PDF for the coordinators."""

import pytest
from django.urls import reverse

from referrals import services
from referrals.choices import SharedField
from referrals.models import AccessLogEntry, InformationSheet
from tests.factories import ConsentFactory, PersonFactory, staff_of
from tests.pdf import pdf_download
from tests.referrals.helpers import ARABIC_BODY, ARABIC_CONSENT, ARABIC_TITLE, approve_sheet

pytestmark = pytest.mark.django_db


def test_the_arabic_sheet_pdf_is_in_arabic_in_reading_order_with_a_blank_form(
    client, english, caseworker, arabic_sheet
):
    client.force_login(caseworker)

    document = pdf_download(client.get(reverse("referrals:sheet_pdf", args=["ar"])))

    assert document.title == ARABIC_TITLE
    assert document.language == "ar"
    # Logical order: the words come out as they were typed, not mirrored or reversed.
    assert ARABIC_BODY in document.text
    assert ARABIC_CONSENT in document.text
    # The form's labels are in English (the portal does not speak Arabic), left to right.
    assert "What may be shared (ticked)" in document.text
    assert document.text.count("☐") == len(SharedField.choices)
    assert "☑" not in document.text
    assert not AccessLogEntry.objects.exists()  # a blank form shows nobody


FARSI_TITLE = "برگه اطلاعات"
FARSI_BODY = "ما نام و شماره تلفن شما را فقط با سازمانی که انتخاب کنید در میان می گذاریم"
FARSI_CONSENT = "من با در میان گذاشتن اطلاعات زیر موافقم"


def test_the_farsi_sheet_and_consent_form_pdfs_are_in_farsi_in_reading_order(
    client, english, municipality, coordinator, caseworker, person, guide_organization
):
    """Farsi is the other right-to-left language of the sheets (issue #23): its PDFs carry the
    language and the words in the order they were typed."""
    sheet = approve_sheet(
        municipality,
        coordinator,
        "fa",
        title=FARSI_TITLE,
        body=FARSI_BODY,
        consent_text=FARSI_CONSENT,
    )
    client.force_login(caseworker)

    blank = pdf_download(client.get(reverse("referrals:sheet_pdf", args=["fa"])))
    consent = ConsentFactory(
        person=person,
        organizations=[guide_organization],
        information_language="fa",
        information_sheet=sheet,
    )
    filled = pdf_download(client.get(reverse("referrals:consent_pdf", args=[consent.pk])))

    assert (blank.title, blank.language) == (FARSI_TITLE, "fa")
    assert FARSI_BODY in blank.text
    assert FARSI_CONSENT in blank.text
    assert filled.language == "fa"
    assert FARSI_CONSENT in filled.text
    assert person.display_name in filled.text


def test_a_language_whose_sheet_is_a_draft_has_no_pdf(client, caseworker):
    client.force_login(caseworker)
    assert client.get(reverse("referrals:sheet_pdf", args=["ti"])).status_code == 404


def test_the_sheet_list_links_to_the_pdf_of_filled_in_sheets_only(client, caseworker, arabic_sheet):
    client.force_login(caseworker)
    page = client.get(reverse("referrals:sheets")).content.decode()
    assert reverse("referrals:sheet_pdf", args=["ar"]) in page
    assert reverse("referrals:sheet_pdf", args=["ti"]) not in page


def test_the_persons_consent_form_pdf_is_in_their_language_and_access_logged(
    client, caseworker, person, guide_organization
):
    consent = ConsentFactory(
        person=person,
        organizations=[guide_organization],
        information_language="nb",
        shared_fields=["name", "phone"],
    )
    sheet = InformationSheet.objects.get(pk=consent.information_sheet_id)
    client.force_login(caseworker)

    document = pdf_download(client.get(reverse("referrals:consent_pdf", args=[consent.pk])))

    assert document.title == sheet.title
    assert document.language == "nb"
    assert person.display_name in document.text
    assert "Røde Kors Drammen" in document.text
    assert "som er krysset av" in document.text
    assert document.text.count("☑") == 2
    entry = AccessLogEntry.objects.get()
    assert (entry.person_id, entry.user_id, entry.reason) == (
        person.pk,
        caseworker.pk,
        AccessLogEntry.Reason.CONSENT_FORM,
    )


def test_an_arabic_consent_form_pdf_keeps_the_arabic_in_reading_order(
    client, caseworker, person, guide_organization, arabic_sheet
):
    consent = ConsentFactory(
        person=person,
        organizations=[guide_organization],
        information_language="ar",
        information_sheet=arabic_sheet,
    )
    client.force_login(caseworker)

    document = pdf_download(client.get(reverse("referrals:consent_pdf", args=[consent.pk])))

    assert document.language == "ar"
    assert ARABIC_CONSENT in document.text
    assert person.display_name in document.text


@pytest.mark.parametrize("who", ["coordinator", "other_caseworker"])
def test_no_one_else_gets_the_persons_consent_form_nor_leaves_a_log_entry(
    client, consent, coordinator, other_municipality, who
):
    user = coordinator if who == "coordinator" else staff_of(other_municipality, "caseworker")
    client.force_login(user)

    assert client.get(reverse("referrals:consent_pdf", args=[consent.pk])).status_code == 404
    assert not AccessLogEntry.objects.exists()


def test_an_erased_persons_consent_form_has_no_pdf(client, caseworker, municipality):
    person = PersonFactory(municipality=municipality, created_by=caseworker)
    consent = ConsentFactory(person=person)
    services.person_erase(person=person, by=caseworker)
    client.force_login(caseworker)

    assert client.get(reverse("referrals:consent_pdf", args=[consent.pk])).status_code == 404


def test_the_record_of_processing_pdf_is_for_the_coordinators(
    client, english, coordinator, caseworker, guide_organization
):
    url = reverse("referrals:record_of_processing_pdf")
    client.force_login(coordinator)

    document = pdf_download(client.get(url))

    assert document.title == "Record of processing – Drammen kommune"
    assert document.language == "en"
    assert "Legal basis" in document.text
    assert "Drammen kommune (3301)" in document.text
    assert "Røde Kors Drammen" in document.text  # a recipient
    client.force_login(caseworker)
    assert client.get(url).status_code == 403  # the page's own rule: not a caseworker's


def test_the_retention_periods_pdf_is_for_the_coordinators_with_the_bounds_and_who_set_them(
    client, english, coordinator, caseworker, municipality
):
    url = reverse("referrals:retention_pdf")
    client.force_login(coordinator)

    text = " ".join(pdf_download(client.get(url)).text.split())
    assert "These are Brobygger's defaults" in text
    services.retention_policy_save(municipality=municipality, by=coordinator, access_log_days=400)
    document = pdf_download(client.get(url))

    assert document.title == "Retention periods – Drammen kommune"
    assert document.language == "en"
    text = " ".join(document.text.split())
    assert "400 365–1825 days" in text
    assert "User accounts without any role" in text  # every data type, the new ones too
    assert f"Last changed by {coordinator.full_name}" in text
    client.force_login(caseworker)
    assert client.get(url).status_code == 403  # the page's own rule: not a caseworker's

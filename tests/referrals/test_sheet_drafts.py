"""Draft translations of the information sheet (R46): Brobygger ships Arabic, Farsi/Dari,
Tigrinya, Ukrainian and Somali as drafts; no consent can be recorded on a draft until the
municipality's coordinator has had it checked and approves it, and the sheet shows who approved
which version when."""

import re

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from accounts.models import MunicipalityMembership
from referrals import services
from referrals.models import InformationSheet
from referrals.selectors import information_sheet_current
from tests.factories import MunicipalityFactory, staff_of
from tests.referrals.helpers import consent_data, record_consent

pytestmark = pytest.mark.django_db

SCRIPTS = {
    "ar": r"[\u0600-\u06FF]",  # Arabic letters
    "fa": r"[\u0600-\u06FF]",  # Arabic script, as Persian writes it
    "ti": r"[\u1200-\u137F]",  # Ethiopic (Ge'ez)
    "uk": r"[\u0400-\u04FF]",  # Cyrillic
    "so": r"[A-Za-z]",  # Somali is written in Latin letters
}


@pytest.mark.parametrize("language", list(SCRIPTS))
def test_the_shipped_sheet_is_a_draft_in_the_languages_own_script(municipality, language):
    sheet = information_sheet_current(municipality, language)
    assert (sheet.municipality, sheet.version, sheet.is_draft) == (None, 1, True)
    for text in (sheet.title, sheet.body, sheet.consent_text):
        letters = [c for c in text if c.isalpha()]
        in_script = [c for c in letters if re.match(SCRIPTS[language], c)]
        assert len(in_script) > 0.9 * len(letters) > 0, (language, text[:40])
    assert sheet.direction == ("rtl" if language in ("ar", "fa") else "ltr")
    if language == "so":  # Latin letters, but not the English sheet left untranslated
        assert "oggol" in sheet.consent_text


@pytest.mark.parametrize("language", ["nb", "en", "da"])
def test_the_sheets_written_by_us_stay_ready(municipality, language):
    sheet = information_sheet_current(municipality, language)
    assert sheet.is_usable
    assert sheet.approved_at is None


def test_consent_on_a_draft_is_refused(english, person, caseworker, guide_organization):
    with pytest.raises(ValidationError) as refused:
        record_consent(person, caseworker, guide_organization, "ti")
    assert "draft translation" in str(refused.value)
    assert not person.consents.exists()


def test_the_consent_form_offers_only_languages_a_consent_can_be_recorded_in(
    client, caseworker, coordinator, person, municipality, guide_organization
):
    url = reverse("referrals:consent_new", args=[person.pk])
    client.force_login(caseworker)
    content = client.get(url).content.decode()
    assert 'value="nb"' in content
    assert 'value="da"' in content
    assert 'value="ti"' not in content
    assert 'value="ar"' not in content
    response = client.post(url, consent_data(guide_organization, information_language="ti"))
    assert response.status_code == 200
    assert not person.consents.exists()
    services.information_sheet_approve(municipality=municipality, language="ti", by=coordinator)
    assert 'value="ti"' in client.get(url).content.decode()


def test_after_approval_consent_in_tigrinya_is_recorded_and_the_approval_is_shown(
    english, client, coordinator, caseworker, person, municipality, guide_organization
):
    client.force_login(coordinator)
    url = reverse("referrals:sheet_approve", args=["ti"])
    page = client.get(url).content.decode()
    assert 'lang="ti" dir="ltr"' in page
    assert "I have had this translation checked" in page
    assert client.post(url, {}).status_code == 200  # not confirmed: nothing approved
    assert information_sheet_current(municipality, "ti").is_draft
    assert client.post(url, {"checked": "on"}).status_code == 302

    sheet = information_sheet_current(municipality, "ti")
    shipped = InformationSheet.objects.get(municipality=None, country="NO", language="ti")
    assert (sheet.municipality, sheet.version, sheet.is_draft) == (municipality, 2, False)
    assert (sheet.approved_by, sheet.body) == (coordinator, shipped.body)
    assert sheet.approved_at is not None
    assert shipped.is_draft
    consent = record_consent(person, caseworker, guide_organization, "ti")
    assert consent.information_sheet == sheet

    edit_page = client.get(reverse("referrals:sheet_edit", args=["ti"])).content.decode()
    assert f"translation approved by {coordinator.full_name} on" in edit_page
    assert "draft, not approved" in edit_page  # version 1 as shipped, still listed
    print_page = client.get(reverse("referrals:sheet_print", args=["ti"])).content.decode()
    assert f"Translation approved by {coordinator.full_name} on" in print_page
    assert client.get(url).status_code == 404  # nothing left to approve


def test_arabic_approved_reads_right_to_left(client, coordinator, municipality):
    client.force_login(coordinator)
    page = client.get(reverse("referrals:sheet_approve", args=["ar"])).content.decode()
    assert 'lang="ar" dir="rtl"' in page
    client.post(reverse("referrals:sheet_approve", args=["ar"]), {"checked": "on"})
    page = client.get(reverse("referrals:sheet_print", args=["ar"])).content.decode()
    assert 'lang="ar" dir="rtl"' in page


def test_another_municipalitys_coordinator_cannot_approve_ours(
    client, other_coordinator, caseworker, municipality, other_municipality
):
    with pytest.raises(PermissionDenied):
        services.information_sheet_approve(
            municipality=municipality, language="ti", by=other_coordinator
        )
    client.force_login(other_coordinator)  # the page approves for their own municipality only
    client.post(reverse("referrals:sheet_approve", args=["ti"]), {"checked": "on"})
    assert information_sheet_current(municipality, "ti").is_draft
    assert not information_sheet_current(other_municipality, "ti").is_draft
    client.force_login(caseworker)
    response = client.post(reverse("referrals:sheet_approve", args=["ti"]), {"checked": "on"})
    assert response.status_code == 403
    assert information_sheet_current(municipality, "ti").is_draft


def test_editing_a_draft_keeps_it_a_draft_until_it_is_approved(
    client, english, coordinator, caseworker, person, municipality, guide_organization
):
    client.force_login(coordinator)
    shipped = information_sheet_current(municipality, "ti")
    corrected = shipped.body.replace("ኮሙነ", "ኮሙን", 1)
    data = {"title": shipped.title, "body": corrected, "consent_text": shipped.consent_text}
    response = client.post(reverse("referrals:sheet_edit", args=["ti"]), data, follow=True)
    assert "still a draft" in response.content.decode()

    edited = information_sheet_current(municipality, "ti")
    assert (edited.municipality, edited.version, edited.body) == (municipality, 2, corrected)
    assert edited.is_draft
    assert not edited.is_usable
    assert (edited.approved_by, edited.approved_at) == (None, None)
    with pytest.raises(ValidationError):
        record_consent(person, caseworker, guide_organization, "ti")

    approved = services.information_sheet_approve(
        municipality=municipality, language="ti", by=coordinator
    )
    assert (approved.version, approved.body, approved.is_draft) == (3, corrected, False)
    assert approved.approved_by == coordinator
    assert approved.approved_at is not None
    consent = record_consent(person, caseworker, guide_organization, "ti")
    assert consent.information_sheet == approved


def test_changing_an_approved_translation_needs_approval_again(
    coordinator, caseworker, person, municipality, guide_organization
):
    approved = services.information_sheet_approve(
        municipality=municipality, language="ar", by=coordinator
    )
    changed = services.information_sheet_save(
        municipality=municipality,
        language="ar",
        by=coordinator,
        title=approved.title,
        body=approved.body + "\n\nنص جديد",
        consent_text=approved.consent_text,
    )
    assert changed.is_draft
    assert changed.approved_at is None
    with pytest.raises(ValidationError):
        record_consent(person, caseworker, guide_organization, "ar")
    assert information_sheet_current(municipality, "ar") == changed


@pytest.mark.parametrize("language", ["nb", "da", "en"])
def test_an_edit_of_a_sheet_written_in_the_municipality_is_ready_at_once(
    coordinator, municipality, language
):
    saved = services.information_sheet_save(
        municipality=municipality,
        language=language,
        by=coordinator,
        title="Title",
        body="Our own text.",
        consent_text="I agree.",
    )
    assert saved.is_usable


# -- a Danish municipality's drafts come from the Danish original ------------------------------


@pytest.fixture
def naestved():
    return MunicipalityFactory(
        name="Næstved Kommune", number="0370", slug="naestved", country="DK", default_language="da"
    )


def _in_script(text, language):
    letters = [c for c in text if c.isalpha()]
    return len([c for c in letters if re.match(SCRIPTS[language], c)]) / len(letters)


@pytest.mark.parametrize("language", list(SCRIPTS))
def test_a_danish_municipalitys_draft_is_translated_from_the_danish_original(
    naestved, municipality, language
):
    danish = information_sheet_current(naestved, language)
    assert (danish.municipality, danish.country, danish.version) == (None, "DK", 1)
    assert danish.is_draft
    for text in (danish.title, danish.body, danish.consent_text):
        assert _in_script(text, language) > 0.9, (language, text[:40])
    # What only the Danish sheet says: the CPR number, the volunteer the association passes the
    # details to, the complaint to Datatilsynet; never the Norwegian welfare office.
    assert "CPR" in danish.body
    assert "Datatilsynet" in danish.body
    assert "NAV" not in danish.body
    norwegian = information_sheet_current(municipality, language)
    assert (norwegian.country, norwegian.is_draft) == ("NO", True)
    assert "NAV" in norwegian.body
    assert "Datatilsynet" not in norwegian.body
    assert danish.body != norwegian.body


def test_a_danish_coordinator_sees_and_approves_the_danish_based_draft(
    client, english, naestved, municipality, caseworker, person, guide_organization
):
    coordinator = staff_of(naestved, MunicipalityMembership.Role.COORDINATOR)
    client.force_login(coordinator)
    page = client.get(reverse("referrals:sheet_approve", args=["ar"])).content.decode()
    assert "Datatilsynet" in page
    assert "NAV" not in page
    assert (
        client.post(reverse("referrals:sheet_approve", args=["ar"]), {"checked": "on"}).status_code
        == 302
    )

    approved = information_sheet_current(naestved, "ar")
    shipped = InformationSheet.objects.get(municipality=None, country="DK", language="ar")
    assert (approved.municipality, approved.country, approved.version) == (naestved, "", 2)
    assert (approved.body, approved.approved_by) == (shipped.body, coordinator)
    # The Norwegian municipality's Arabic sheet is untouched: still the Norwegian-based draft.
    assert information_sheet_current(municipality, "ar").country == "NO"
    with pytest.raises(ValidationError):
        record_consent(person, caseworker, guide_organization, "ar")


def test_the_danish_sheet_list_shows_no_norwegian_based_draft(client, naestved):
    client.force_login(staff_of(naestved, MunicipalityMembership.Role.COORDINATOR))
    page = client.get(reverse("referrals:sheet_print", args=["uk"])).content.decode()
    assert "Datatilsynet" in page
    assert "NAV" not in page


def test_a_danish_municipalitys_english_sheet_is_written_from_the_danish_one(
    naestved, municipality, person, caseworker, guide_organization
):
    danish = information_sheet_current(naestved, "en")
    assert (danish.country, danish.is_usable) == ("DK", True)
    assert "Datatilsynet" in danish.body
    assert "CPR" in danish.body
    assert "NAV" not in danish.body
    norwegian = information_sheet_current(municipality, "en")
    assert norwegian.country == "NO"
    assert "NAV" in norwegian.body
    consent = record_consent(person, caseworker, guide_organization, "en")
    assert consent.information_sheet == norwegian

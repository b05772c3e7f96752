"""Information sheets: every coordinator edit is a new version, and a consent keeps the exact
version the person was informed with."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from referrals import services
from referrals.models import InformationSheet
from referrals.selectors import information_sheet_current
from tests.referrals.helpers import record_consent

pytestmark = pytest.mark.django_db

TEXT = {
    "title": "Om å dele kontaktopplysninger",
    "body": "Drammen kommune forklarer her hva som deles, med hvem og hvor lenge.",
    "consent_text": "Jeg samtykker.",
}


def test_a_new_consent_gets_the_new_version_and_an_old_one_keeps_its_own(
    person, caseworker, coordinator, municipality, guide_organization
):
    shipped = information_sheet_current(municipality, "nb")
    assert (shipped.municipality, shipped.version) == (None, 1)
    old = record_consent(person, caseworker, guide_organization)
    sheet = services.information_sheet_save(
        municipality=municipality, language="nb", by=coordinator, **TEXT
    )
    assert (sheet.municipality, sheet.version, sheet.created_by) == (municipality, 2, coordinator)
    new = record_consent(person, caseworker, guide_organization)
    assert new.information_sheet == sheet
    old.refresh_from_db()
    assert old.information_sheet == shipped
    assert old.information_sheet.body != sheet.body  # the old text is still there to show


def test_saving_the_same_text_creates_no_new_version(coordinator, municipality):
    first = services.information_sheet_save(
        municipality=municipality, language="nb", by=coordinator, **TEXT
    )
    again = services.information_sheet_save(
        municipality=municipality, language="nb", by=coordinator, **TEXT
    )
    assert again == first
    assert InformationSheet.objects.filter(municipality=municipality).count() == 1
    third = services.information_sheet_save(
        municipality=municipality, language="nb", by=coordinator, **{**TEXT, "title": "Ny"}
    )
    assert third.version == 3


def test_saving_the_shipped_text_unchanged_creates_no_version(coordinator, municipality):
    shipped = information_sheet_current(municipality, "en")
    saved = services.information_sheet_save(
        municipality=municipality,
        language="en",
        by=coordinator,
        title=shipped.title,
        body=shipped.body,
        consent_text=shipped.consent_text,
    )
    assert saved == shipped
    assert not InformationSheet.objects.filter(municipality=municipality).exists()


def test_the_municipalitys_own_translation_is_usable_once_approved(
    person, caseworker, coordinator, municipality, guide_organization
):
    with pytest.raises(ValidationError):
        record_consent(person, caseworker, guide_organization, language="ar")
    sheet = services.information_sheet_save(
        municipality=municipality,
        language="ar",
        by=coordinator,
        title="مشاركة بيانات الاتصال",
        body="نص المعلومات",
        consent_text="أوافق",
    )
    assert sheet.is_rtl
    assert sheet.is_draft
    with pytest.raises(ValidationError):
        record_consent(person, caseworker, guide_organization, language="ar")
    approved = services.information_sheet_approve(
        municipality=municipality, language="ar", by=coordinator
    )
    assert approved.body == "نص المعلومات"
    consent = record_consent(person, caseworker, guide_organization, language="ar")
    assert consent.information_sheet == approved


def test_another_municipalitys_edit_stays_there(
    coordinator, other_coordinator, municipality, other_municipality
):
    services.information_sheet_save(
        municipality=other_municipality, language="nb", by=other_coordinator, **TEXT
    )
    assert information_sheet_current(municipality, "nb").municipality is None
    assert information_sheet_current(other_municipality, "nb").body == TEXT["body"]


@pytest.mark.parametrize(
    "who", ["caseworker", "other_coordinator", "contact_person", "plain_user", "platform_admin"]
)
def test_only_the_municipalitys_coordinators_save(request, who, municipality):
    user = request.getfixturevalue(who)
    with pytest.raises(PermissionDenied):
        services.information_sheet_save(municipality=municipality, language="nb", by=user, **TEXT)
    assert not InformationSheet.objects.filter(municipality=municipality).exists()

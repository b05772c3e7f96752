"""What the referral tests share: recording a consent on paper, the Arabic information sheet a
municipality writes itself, and who must not reach one person's pages."""

import datetime

from django.utils import timezone

from referrals import services

# Everyone who is not one of the person's caseworkers: the fixture names of referrals/conftest.py.
NOT_THE_PERSONS_CASEWORKERS = [
    "plain_user",
    "member",
    "guide_admin",
    "guide_contact",
    "coordinator",
    "other_caseworker",
    "other_coordinator",
]

# A municipality's own Arabic information sheet (no shipped translation exists).
ARABIC_TITLE = "ورقة المعلومات"
ARABIC_BODY = "نشارك اسمك ورقم هاتفك مع المنظمة التي تختارها فقط"
ARABIC_CONSENT = "أوافق على مشاركة البيانات المحددة أدناه"


def approve_sheet(municipality, coordinator, language, *, title, body, consent_text):
    """The coordinator writes the municipality's own sheet in `language` and approves it;
    returns the approved sheet."""
    services.information_sheet_save(
        municipality=municipality,
        language=language,
        by=coordinator,
        title=title,
        body=body,
        consent_text=consent_text,
    )
    return services.information_sheet_approve(
        municipality=municipality, language=language, by=coordinator
    )


def approve_arabic_sheet(municipality, coordinator):
    """The Arabic sheet, written and approved by the coordinator."""
    return approve_sheet(
        municipality,
        coordinator,
        "ar",
        title=ARABIC_TITLE,
        body=ARABIC_BODY,
        consent_text=ARABIC_CONSENT,
    )


def record_consent(person, caseworker, organization, language="nb", **changes):
    """The caseworker records today, on paper, the person's consent to share their phone number
    with `organization`, informed with the sheet in `language`; `changes` change the record."""
    fields = {
        "informed_on": timezone.localdate(),
        "information_language": language,
        "shared_fields": ["phone"],
        "offer": "refugee_guide",
        "signed_how": "paper",
        "person_confirmed": True,
        "organizations": [organization],
        **changes,
    }
    return services.consent_record(person=person, by=caseworker, **fields)


def consent_data(organization, **overrides):
    """The consent form as a caseworker fills it in (English information, shown on screen);
    an override of None leaves the field out."""
    today = timezone.localdate()
    data = {
        "informed_on": today.isoformat(),
        "information_language": "en",
        "shared_fields": ["name", "phone", "interests", "postal_area"],
        "organizations": [organization.pk],
        "offer": "refugee_guide",
        "offer_note": "A guide to get to know Drammen",
        "signed_how": "screen",
        "person_confirmed": "on",
        "valid_until": (today + datetime.timedelta(days=180)).isoformat(),
        **overrides,
    }
    return {key: value for key, value in data.items() if value is not None}

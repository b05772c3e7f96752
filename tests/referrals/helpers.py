"""What the referral tests share: recording a consent on paper, the Arabic information sheet a
municipality writes itself, and who must not reach one person's pages."""

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


def approve_arabic_sheet(municipality, coordinator):
    """The coordinator writes the Arabic sheet and approves it; returns the approved sheet."""
    services.information_sheet_save(
        municipality=municipality,
        language="ar",
        by=coordinator,
        title=ARABIC_TITLE,
        body=ARABIC_BODY,
        consent_text=ARABIC_CONSENT,
    )
    return services.information_sheet_approve(
        municipality=municipality, language="ar", by=coordinator
    )


def record_consent(person, caseworker, organization, language="nb"):
    """The caseworker records today, on paper, the person's consent to share their phone number
    with `organization`, informed with the sheet in `language`."""
    return services.consent_record(
        person=person,
        by=caseworker,
        informed_on=timezone.localdate(),
        information_language=language,
        shared_fields=["phone"],
        offer="refugee_guide",
        signed_how="paper",
        person_confirmed=True,
        organizations=[organization],
    )

"""A person's access request as a document they can read (issue #20): the caseworker's export as
a PDF in the person's language where the municipality has an approved information sheet in it,
else in the municipality's language, with the access log about them and the organisations that
saw their data. Guarded and logged like the export page and the JSON."""

import re

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation

from referrals import access_request, services
from referrals.choices import RIGHT_TO_LEFT, SheetLanguage
from referrals.models import AccessLogEntry
from tests.factories import ConsentFactory, PersonFactory, staff_of
from tests.pdf import pdf_download
from tests.referrals.helpers import NOT_THE_PERSONS_CASEWORKERS

pytestmark = pytest.mark.django_db

ARABIC = access_request.TRANSLATIONS["ar"]
ARABIC_HEADINGS = [
    ARABIC["text"][key]
    for key in ("title", "person", "consents", "referrals", "offers", "access_log")
] + [ARABIC["text"]["organizations"]]


@pytest.fixture
def informed_in_arabic(person, guide_organization, caseworker, arabic_sheet):
    return ConsentFactory(
        person=person,
        organizations=[guide_organization],
        recorded_by=caseworker,
        information_language="ar",
        information_sheet=arabic_sheet,
    )


def _export_pdf(client, person, **query):
    return client.get(reverse("referrals:person_export_pdf", args=[person.pk]), query)


def test_the_arabic_export_has_the_arabic_headings_in_order_the_access_log_and_organisations(
    client, caseworker, guide_contact, person, informed_in_arabic, guide_organization
):
    referral = services.referral_create(
        person=person,
        consent=informed_in_arabic,
        by=caseworker,
        organization=guide_organization,
        note="Liker turer i skogen",
        suitability=[
            "fits_needs",
            "no_care_or_treatment",
            "no_case_work",
            "no_money_legal_or_housing",
        ],
    )
    client.force_login(guide_contact)
    assert client.get(referral.get_absolute_url()).status_code == 200  # the summary: logged
    client.force_login(caseworker)

    document = pdf_download(_export_pdf(client, person))
    text = " ".join(document.text.split())  # a narrow table column wraps its words

    assert document.language == "ar"
    assert document.title == f"{ARABIC['text']['title']} – {person.municipality.name}"
    # Logical (reading) order: each heading comes out as typed, and they follow one another.
    positions = [document.text.find(heading) for heading in ARABIC_HEADINGS]
    assert -1 not in positions, document.text
    assert positions == sorted(positions)
    assert ARABIC["log"]["who"] in document.text
    assert ARABIC["text"]["draft_note"].split()[0] in document.text  # said to be our draft
    # The access log rows: who, in which capacity, where, why (the answers in bokmål).
    with translation.override("nb"):
        summary = str(AccessLogEntry.Reason.REFERRAL_SUMMARY.label)
        export = str(AccessLogEntry.Reason.PERSON_EXPORT.label)
    assert guide_contact.email in document.text
    assert caseworker.email in document.text
    assert ARABIC["role"]["organization"] in text
    assert f"<{guide_contact.email}>" in text  # left to right in its cell: not mirrored
    assert summary in text
    assert export in text
    assert document.text.count(guide_organization.name) >= 3  # referral, log row, "who saw it"
    assert document.fonts
    assert all("Noto" in font for font in document.fonts)


def test_everything_about_the_person_is_in_it_and_nothing_about_anyone_else(
    client, caseworker, person, informed_in_arabic, municipality
):
    someone_else = PersonFactory(municipality=municipality, created_by=caseworker)
    client.force_login(caseworker)
    client.get(reverse("referrals:person", args=[someone_else.pk]))  # a log entry not about them

    text = pdf_download(_export_pdf(client, person)).text

    for value in (
        person.given_name,
        person.family_name,
        person.phone,
        person.email,
        person.postal_code,
        person.postal_area,
    ):
        assert value in text
    for value in (
        someone_else.given_name,
        someone_else.family_name,
        someone_else.phone,
        someone_else.email,
    ):
        assert value not in text
    assert text.count(caseworker.email) == 1  # only the export itself is about this person


def test_without_an_approved_sheet_in_their_language_it_is_in_the_municipalitys(
    client, caseworker, municipality
):
    # Tigrinya is theirs, but the municipality has only the shipped draft: not approved.
    person = PersonFactory(municipality=municipality, created_by=caseworker, languages=["ti"])
    client.force_login(caseworker)

    document = pdf_download(_export_pdf(client, person))

    assert document.language == "nb"
    with translation.override("nb"):
        title = str(access_request.LABELS["text"]["title"])
    assert title != "Everything held about you"
    assert document.title.startswith(title)
    assert not any(note in document.text for note in _draft_notes())
    assert _export_pdf(client, person, language="ti").status_code == 404
    assert _export_pdf(client, person, language="ar").status_code == 404


def test_a_preferred_language_with_an_approved_sheet_counts_without_a_consent(
    client, caseworker, municipality, arabic_sheet
):
    person = PersonFactory(municipality=municipality, created_by=caseworker, languages=["ar"])
    client.force_login(caseworker)

    assert pdf_download(_export_pdf(client, person)).language == "ar"
    assert pdf_download(_export_pdf(client, person, language="nb")).language == "nb"


def test_the_export_page_offers_the_pdf_in_the_persons_and_the_municipalitys_language(
    english, client, caseworker, person, informed_in_arabic
):
    client.force_login(caseworker)
    page = client.get(reverse("referrals:person_export", args=[person.pk])).content.decode()
    url = reverse("referrals:person_export_pdf", args=[person.pk])
    assert f"{url}?language=ar" in page
    assert f"{url}?language=nb" in page
    assert "Download as PDF in Arabic" in page


def test_each_download_is_in_the_access_log_like_the_json(client, caseworker, person):
    client.force_login(caseworker)
    response = _export_pdf(client, person)
    assert "no-store" in response["Cache-Control"]
    entry = AccessLogEntry.objects.get()
    assert (entry.person_id, entry.user_id, entry.reason, entry.path) == (
        person.pk,
        caseworker.pk,
        AccessLogEntry.Reason.PERSON_EXPORT,
        reverse("referrals:person_export_pdf", args=[person.pk]),
    )


@pytest.mark.parametrize("role", NOT_THE_PERSONS_CASEWORKERS)
def test_nobody_else_gets_it_nor_leaves_a_log_entry(client, request, person, consent, role):
    client.force_login(request.getfixturevalue(role))
    assert _export_pdf(client, person).status_code == 404
    assert not AccessLogEntry.objects.exists()


def test_a_caseworker_without_two_factor_is_sent_to_set_it_up_first(client, municipality, person):
    client.force_login(staff_of(municipality, "caseworker", totp=False))
    response = _export_pdf(client, person)
    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_activate_totp")
    assert not AccessLogEntry.objects.exists()


def _draft_notes():
    return [texts["text"]["draft_note"] for texts in access_request.TRANSLATIONS.values()]


SCRIPTS = {
    "ar": r"[\u0600-\u06ff]",
    "fa": r"[\u0600-\u06ff]",
    "ti": r"[\u1200-\u137f]",
    "uk": r"[\u0400-\u04ff]",
    "so": r"[a-zA-Z]",
}


def test_our_translations_cover_every_label_in_the_refugees_languages_in_their_script():
    portal = {code for code, _name in settings.LANGUAGES}  # from the catalogues
    assert set(access_request.TRANSLATIONS) == set(SheetLanguage.values) - portal
    for language, texts in access_request.TRANSLATIONS.items():
        assert set(texts) == set(access_request.LABELS), language
        for section, labels in access_request.LABELS.items():
            expected = set(labels) | ({"draft_note"} if section == "text" else set())
            assert set(texts[section]) == expected, (language, section)
            for key, text in texts[section].items():
                assert re.search(SCRIPTS[language], text), (language, section, key)
        assert "%(municipality)s" in texts["text"]["intro"]
        assert "%(date)s" in texts["text"]["made_on"]
    assert {"ar", "fa"} == set(RIGHT_TO_LEFT)

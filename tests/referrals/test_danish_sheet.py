"""The Danish samtykke- og kontaktskema: shipped in Danish, offered first to a Danish
municipality's caseworker, and recorded as the version the person was informed with."""

import pytest
from django.urls import reverse

from referrals.selectors import information_sheet_current
from tests.referrals.helpers import record_consent

pytestmark = pytest.mark.django_db


def test_brobygger_ships_a_danish_sheet_on_tavshedspligt_and_consent():
    sheet = information_sheet_current(None, "da")

    assert (sheet.municipality, sheet.version) == (None, 1)
    assert "Samtykke- og kontaktskema" in sheet.title
    assert "tavshedspligt" in sheet.body
    assert "uden at du giver samtykke" in sheet.body
    assert "ingen betydning for dit integrationsprogram" in sheet.body  # voluntary
    assert "trække dit samtykke tilbage" in sheet.body
    assert "Datatilsynet" in sheet.body
    assert "CPR-nummer" in sheet.body  # never passed on
    assert sheet.consent_text.startswith("Jeg har fået informationen")


def test_a_danish_caseworker_gets_the_danish_sheet_first_and_records_consent_on_it(
    client, caseworker, municipality, person, guide_organization
):
    municipality.country, municipality.default_language = "DK", "da"
    municipality.save()
    client.force_login(caseworker)

    page = client.get(reverse("referrals:consent_new", args=[person.pk])).content.decode()
    assert '<option value="da" selected>' in page

    consent = record_consent(person, caseworker, guide_organization, "da")
    assert consent.information_sheet == information_sheet_current(municipality, "da")
    assert consent.information_sheet.language == "da"

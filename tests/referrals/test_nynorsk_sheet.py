"""The information sheet in nynorsk: shipped for Norwegian municipalities, offered first to the
caseworkers of a municipality that writes nynorsk, and not to a Danish one."""

import re

import pytest
from django.urls import reverse

from referrals.selectors import information_sheet_current

pytestmark = pytest.mark.django_db

BOKMAL_ONLY = {"ikke", "noen", "hva", "hvilket", "jeg", "navn", "saksbehandleren", "henvisningen"}


def test_brobygger_ships_a_nynorsk_sheet_with_the_bokmal_sheets_content():
    sheet = information_sheet_current(None, "nn")
    bokmal = information_sheet_current(None, "nb")

    assert (sheet.municipality, sheet.version, sheet.country) == (None, 1, "NO")
    assert "teieplikt" in sheet.body
    assert "trekkje samtykket tilbake" in sheet.body
    assert "tilvisinga" in sheet.body  # the glossary's word, never "henvisning"
    assert sheet.consent_text.startswith("Eg har fått informasjonen")
    assert sheet.body.count("\n\n") == bokmal.body.count("\n\n")  # the same five parts
    words = set(
        f"{sheet.title} {sheet.body} {sheet.consent_text}".lower().replace(",", " ").split()
    )
    assert not words & BOKMAL_ONLY


def test_a_nynorsk_municipalitys_caseworker_gets_the_nynorsk_sheet_first(
    client, caseworker, municipality, person
):
    municipality.default_language = "nn"
    municipality.save()
    client.force_login(caseworker)

    page = client.get(reverse("referrals:consent_new", args=[person.pk])).content.decode()

    assert '<option value="nn" selected>' in page


def test_a_bokmal_municipality_still_starts_on_bokmal_and_a_danish_one_is_not_offered_nynorsk(
    client, caseworker, municipality, person
):
    client.force_login(caseworker)
    page = client.get(reverse("referrals:consent_new", args=[person.pk])).content.decode()
    assert '<option value="nb" selected>' in page

    municipality.country, municipality.default_language = "DK", "da"
    municipality.save()
    page = client.get(reverse("referrals:consent_new", args=[person.pk])).content.decode()
    offered = re.search(r'<select[^>]*name="information_language".*?</select>', page, re.S).group(0)
    assert '<option value="da" selected>' in offered
    assert 'value="nn"' not in offered

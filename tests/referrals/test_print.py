"""The printed consent form and information sheet say what the paper shows (issue #15)."""

import html as html_module
import re

import pytest
from django.urls import reverse

from referrals.models import InformationSheet
from tests.factories import ConsentFactory

pytestmark = pytest.mark.django_db


def _text(html: str) -> str:
    return html_module.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)))


def test_the_consent_form_ticks_below_its_text_exactly_the_consented_details(
    client, caseworker, person, guide_organization
):
    consent = ConsentFactory(
        person=person, organizations=[guide_organization], shared_fields=["phone", "interests"]
    )
    client.force_login(caseworker)

    html = client.get(reverse("referrals:consent_print", args=[consent.pk])).content.decode()

    text = _text(html)
    # The text promises "the details ticked below": the ticks come after it, before the signature.
    assert text.index("details ticked below") < text.index("☑") < text.index("Signature")
    assert "☑ Yes: Phone" in text
    assert "☑ Yes: Interests" in text
    for not_consented in (
        "Name",
        "E-mail",
        "Street address",
        "Postal area",
        "Household type",
        "Children's ages",
        "The caseworker's note to the organisation",
    ):
        assert f"☐ No: {not_consented}" in text
    assert text.count("☑") == 2
    assert text.count("☐") == 8


def test_the_norwegian_consent_form_ticks_too(client, caseworker, person, guide_organization):
    consent = ConsentFactory(
        person=person,
        organizations=[guide_organization],
        information_language="nb",
        shared_fields=["name"],
    )
    client.force_login(caseworker)

    text = _text(client.get(reverse("referrals:consent_print", args=[consent.pk])).content.decode())

    assert text.index("som er krysset av") < text.index("☑")
    assert text.count("☑") == 1


@pytest.mark.parametrize("role", ["coordinator", "caseworker"])
def test_an_empty_information_sheet_says_why_and_offers_no_printing(
    client, english, request, role, municipality
):
    client.force_login(request.getfixturevalue(role))
    InformationSheet.objects.create(municipality=municipality, language="ar", version=2)

    response = client.get(reverse("referrals:sheet_print", args=["ar"]))

    html = response.content.decode()
    assert response.status_code == 200
    assert "Arabic: the information sheet has no text yet" in html
    assert "nothing to print" in html
    assert "print command" not in html
    assert 'class="printable"' not in html
    edit_link = reverse("referrals:sheet_edit", args=["ar"])
    assert (edit_link in html) is (role == "coordinator")


def test_a_filled_in_sheet_still_prints(client, english, caseworker):
    client.force_login(caseworker)

    html = client.get(reverse("referrals:sheet_print", args=["en"])).content.decode()

    assert 'class="printable"' in html
    assert "print command" in html

"""The offer leaflet in a refugee's language (issue #20, R46): Brobygger's own translations into
Arabic, Farsi/Dari, Tigrinya, Ukrainian and Somali of a short text on what the offer is, printed
above the municipality's list of activities only once the municipality's coordinator has had the
translation checked and approved it. The activities stay in the portal's language, as the
organisations wrote them."""

import re

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from referrals import selectors, services
from referrals.leaflet import LEAFLETS, Leaflet
from tests.factories import ActivityFactory, OrganizationFactory
from tests.pdf import pdf_download

pytestmark = pytest.mark.django_db

SCRIPTS = {
    "ar": r"[\u0600-\u06FF]",
    "fa": r"[\u0600-\u06FF]",
    "ti": r"[\u1200-\u137F]",
    "uk": r"[\u0400-\u04FF]",
    "so": r"[A-Za-z]",
}


@pytest.fixture
def cafe(municipality):
    cafe = OrganizationFactory(
        name="Bragernes Språkkafé", verified=True, municipalities=[municipality]
    )
    ActivityFactory(organization=cafe, municipality=municipality, title="Norsk over kaffen")
    return cafe


def _pdf_url(municipality, language):
    return reverse("public:offers_leaflet_pdf", args=[municipality.slug, language])


def test_every_shipped_leaflet_is_in_its_languages_own_script():
    assert set(LEAFLETS) == set(SCRIPTS)
    for language, leaflet in LEAFLETS.items():
        letters = [c for c in leaflet.title + "".join(leaflet.paragraphs) if c.isalpha()]
        in_script = [c for c in letters if re.match(SCRIPTS[language], c)]
        assert len(in_script) > 0.95 * len(letters) > 0, language
    assert "tabarruc" in LEAFLETS["so"].title  # Somali, not the English text left untranslated


@pytest.mark.parametrize("language", list(SCRIPTS))
def test_a_draft_leaflet_is_never_printed_for_the_public(client, municipality, cafe, language):
    assert client.get(_pdf_url(municipality, language)).status_code == 404
    page = client.get(reverse("public:municipality", args=[municipality.slug])).content.decode()
    assert _pdf_url(municipality, language) not in page


@pytest.mark.parametrize("language", list(SCRIPTS))
def test_an_approved_leaflet_prints_in_its_language_above_the_list(
    client, english, coordinator, municipality, cafe, language
):
    services.offer_leaflet_approve(municipality=municipality, language=language, by=coordinator)
    leaflet = LEAFLETS[language]

    document = pdf_download(client.get(_pdf_url(municipality, language)))

    assert document.language == language
    assert document.title == f"{leaflet.title} – Drammen kommune"
    text = " ".join(document.text.split())
    # In logical order, as written. Farsi's zero-width non-joiner (U+200C) shapes the letters
    # but is not text in the PDF: it is left out of the comparison.
    for paragraph in leaflet.paragraphs:
        words = paragraph.replace("\u200c", "").split()
        assert " ".join(words[:4]) in text, (language, words[:4])
    # Below it the activities as the organisations wrote them, and the approval in English.
    assert text.index(words[-1]) < text.index("Bragernes Språkkafé")
    assert "Norsk over kaffen" in text
    assert "checked for Drammen kommune and approved on" in text
    assert all("Noto" in font for font in document.fonts), document.fonts
    page = client.get(reverse("public:municipality", args=[municipality.slug])).content.decode()
    assert _pdf_url(municipality, language) in page
    assert f'lang="{language}" dir="{leaflet.direction}"' in page


def test_the_coordinator_sees_the_draft_marked_as_unchecked_beside_the_english_and_approves(
    client, english, coordinator, municipality
):
    client.force_login(coordinator)
    url = reverse("referrals:leaflet_approve", args=["ar"])
    page = client.get(url).content.decode()
    assert "Draft translation, not checked" in page
    assert 'lang="ar" dir="rtl"' in page
    assert "A refugee guide is a volunteer" in page
    assert client.post(url, {}).status_code == 200  # not confirmed: nothing approved
    assert client.get(_pdf_url(municipality, "ar")).status_code == 404
    assert client.post(url, {"checked": "on"}).status_code == 302
    page = client.get(url).content.decode()
    assert f"Translation approved by {coordinator.full_name}" in page
    assert client.get(_pdf_url(municipality, "ar")).status_code == 200
    sheets = client.get(reverse("referrals:sheets")).content.decode()
    assert "draft, not checked" in sheets  # the four others


def test_only_the_municipalitys_coordinators_approve(
    client, municipality, other_coordinator, caseworker, other_municipality
):
    with pytest.raises(PermissionDenied):
        services.offer_leaflet_approve(
            municipality=municipality, language="ti", by=other_coordinator
        )
    client.force_login(other_coordinator)  # the page approves for their own municipality only
    client.post(reverse("referrals:leaflet_approve", args=["ti"]), {"checked": "on"})
    assert client.get(_pdf_url(municipality, "ti")).status_code == 404
    assert client.get(_pdf_url(other_municipality, "ti")).status_code == 200
    client.force_login(caseworker)
    response = client.post(reverse("referrals:leaflet_approve", args=["so"]), {"checked": "on"})
    assert response.status_code == 403
    assert client.get(_pdf_url(municipality, "so")).status_code == 404


def test_an_approval_is_for_the_exact_text(coordinator, municipality, monkeypatch):
    services.offer_leaflet_approve(municipality=municipality, language="uk", by=coordinator)
    changed = Leaflet("uk", LEAFLETS["uk"].title, (*LEAFLETS["uk"].paragraphs, "Новий абзац."))
    monkeypatch.setitem(LEAFLETS, "uk", changed)
    assert selectors.offer_leaflet_approved(municipality, "uk") is None

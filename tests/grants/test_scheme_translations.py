"""Grant scheme texts in nb, nn, da and en (django-modeltranslation, migration grants/0009):
every shipped scheme has its plain-language texts in its country's languages and English, with a
source and a "last verified" date or "check with the grant manager"; readers get their language
or the closest, marked with its language; the editor has a field per language of the scheme's
country and English; the catalogue search finds a word in any language's summary."""

import re

import pytest
from django.conf import settings
from django.core.management import call_command
from django.urls import reverse
from django.utils.formats import date_format

from grants.models import Scheme
from grants.translation import TRANSLATED_FIELDS
from tests.factories import SchemeFactory
from tests.grants.helpers import municipal_scheme_form

pytestmark = pytest.mark.django_db

LANGUAGES_OF = {"NO": ("nb", "nn", "en"), "DK": ("da", "en")}


@pytest.fixture
def catalogue(db):
    """The shipped catalogue: the fixture's schemes and migration 0008's (seeded)."""
    call_command("loaddata", "grant_schemes", verbosity=0)
    shipped = Scheme.objects.filter(municipality__isnull=True)
    assert shipped.count() >= 16
    return shipped


def _texts(scheme, field):
    return {code: getattr(scheme, f"{field}_{code}") or "" for code, _name in settings.LANGUAGES}


def test_every_shipped_scheme_has_its_texts_in_its_countrys_languages_and_english(catalogue):
    for scheme in catalogue:
        summary = _texts(scheme, "summary")
        for language in LANGUAGES_OF[scheme.country]:
            assert summary[language], (scheme.slug, language)
            for field in ("who_may_apply", "what_is_funded"):
                texts = _texts(scheme, field)
                # Where the scheme says it in its first language, it says it in every one.
                if texts[LANGUAGES_OF[scheme.country][0]]:
                    assert texts[language], (scheme.slug, field, language)
        # A Danish scheme is not offered in Norwegian words, nor a Norwegian one in Danish.
        for language in set(summary) - set(LANGUAGES_OF[scheme.country]):
            assert not summary[language], (scheme.slug, language)
        assert len(set(summary.values()) - {""}) == len(LANGUAGES_OF[scheme.country]), scheme.slug
        assert scheme.official_url or scheme.source, scheme.slug


def _lead(html):
    lead = r'<p class="ds-paragraph" data-size="lg" lang="([a-z]+)">(.*?)</p>'
    match = re.search(lead, html, re.S)
    assert match, "no summary on the page"
    return match.group(1), match.group(2).strip()


@pytest.mark.parametrize(
    ("reader", "slug", "language", "words"),
    [
        ("nn", "vat-compensation", "nn", "Frivillige organisasjonar kan få tilbake"),
        ("nb", "vat-compensation", "nb", "Frivillige organisasjoner kan få tilbake"),
        ("en", "vat-compensation", "en", "Voluntary organisations can get back"),
        ("da", "dk-puf", "da", "En pulje fra staten"),
        ("en", "dk-puf", "en", "A state pool"),
        # No Danish text of a Norwegian scheme: a Danish reader gets bokmål, marked as such.
        ("da", "frifond-organisation", "nb", "Midler til lokal aktivitet"),
        # No nynorsk text of a Danish scheme: bokmål first, then nynorsk, then Danish.
        ("nn", "dk-momskompensation", "da", "Almennyttige organisationer"),
    ],
)
def test_the_scheme_page_reads_in_the_readers_language_or_the_closest(
    client, catalogue, reader, slug, language, words
):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = reader

    html = client.get(reverse("grants:scheme", args=[slug])).content.decode()

    shown_language, text = _lead(html)
    assert (shown_language, text.startswith(words)) == (language, True), text


def test_every_shipped_schemes_page_says_when_its_facts_were_checked_or_to_ask(
    english, client, catalogue
):
    for scheme in catalogue:
        html = client.get(reverse("grants:scheme", args=[scheme.slug])).content.decode()
        checked = html.split("Facts last checked", 1)[1][:300]
        if scheme.last_verified:
            assert date_format(scheme.last_verified, "DATE_FORMAT") in checked, scheme.slug
        else:
            assert "Not recorded: check with the grant manager." in checked, scheme.slug
        if not scheme.facts_confirmed:
            assert "Check with the grant manager before you apply." in html, scheme.slug


def test_the_nynorsk_deadline_pattern_is_shown_to_a_nynorsk_reader(client, catalogue):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "nn"
    html = client.get(reverse("grants:scheme", args=["imdi-integration-national"])).content
    assert '<span lang="nn">vanlegvis tidleg i februar</span>' in html.decode()


def test_the_editor_has_a_field_per_language_of_the_schemes_country_and_english(
    english, client, coordinator, municipality
):
    scheme = SchemeFactory(municipality=municipality, administrator="municipality")
    client.force_login(coordinator)
    url = reverse("grants:scheme_edit", args=[scheme.slug])

    html = client.get(url).content.decode()
    for field in TRANSLATED_FIELDS:
        for code in ("nb", "nn", "en"):
            assert f'name="{field}_{code}"' in html, (field, code)
        assert f'name="{field}_da"' not in html  # a Norwegian municipality's scheme
    assert "Summary in plain language (Norwegian nynorsk)" in html

    response = client.post(
        url,
        municipal_scheme_form(
            scheme.name,
            summary_nb="Små tilskudd til lag.",
            summary_nn="Små tilskot til lag.",
            facts_confirmed="on",
        ),
    )
    assert response.status_code == 302
    scheme.refresh_from_db()
    assert _texts(scheme, "summary") == {
        "nb": "Små tilskudd til lag.",
        "nn": "Små tilskot til lag.",
        "da": "",
        "en": "",
    }

    empty = client.post(url, {"name": scheme.name, "administrator": "municipality"})
    assert "Write the summary in at least one language." in empty.content.decode()


def test_the_catalogue_search_finds_a_word_of_any_languages_summary(client, catalogue):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "nb"
    html = client.get(reverse("grants:catalogue"), {"q": "teljande"}).content.decode()
    assert "Driftstilskudd til regionale innvandrerorganisasjoner" in html

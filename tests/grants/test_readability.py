"""The scheme editor shows each text's LIX readability score (computed by textstat) next to the
field, after saving or on "Check the readability", and warns above the target of 40."""

import re

import pytest
from django.urls import reverse

from grants import readability
from grants.models import Scheme
from tests.factories import SchemeFactory
from tests.grants.helpers import municipal_scheme_form

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

PLAIN = "Vi gir penger til lag. Dere kan søke hele året. Svaret kommer raskt."
HARD = (
    "Tilskuddsforvaltningen forutsetter dokumentasjonsgrunnlag vedrørende organisasjonens "
    "økonomiforvaltning, herunder revisorbekreftede regnskapsoppstillinger, årsberetninger og "
    "styrebehandlede budsjettdisposisjoner for inneværende og foregående regnskapsår."
)


def _score_for(html: str, field: str) -> int | None:
    """The LIX shown in the help text under a field."""
    found = re.search(rf'id="id_{field}_helptext"[^>]*>(.*?)</', html, re.S)
    number = found and re.search(r"LIX\): (\d+)", found.group(1))
    return int(number.group(1)) if number else None


def test_lix_tells_plain_text_from_official_text():
    assert readability.lix(PLAIN) < readability.TARGET <= readability.lix(HARD)
    assert readability.lix("For kort.") is None  # too short to say anything


def test_the_editor_shows_the_score_next_to_each_text_after_saving(
    client, coordinator, municipality
):
    scheme = SchemeFactory(municipality=municipality, administrator="municipality")
    client.force_login(coordinator)
    data = municipal_scheme_form(
        scheme.name, summary_nb=HARD, who_may_apply_nb=PLAIN, facts_confirmed="on"
    )
    saved = client.post(reverse("grants:scheme_edit", args=[scheme.slug]), data, follow=True)
    assert "Aim for under 40" in saved.content.decode()  # a warning after saving

    html = client.get(reverse("grants:scheme_edit", args=[scheme.slug])).content.decode()
    assert _score_for(html, "summary_nb") == readability.lix(HARD)
    assert _score_for(html, "who_may_apply_nb") == readability.lix(PLAIN)
    assert "LIX counts long words" in html  # what the number means


def test_checking_the_readability_shows_the_scores_and_saves_nothing(
    client, coordinator, municipality
):
    scheme = SchemeFactory(municipality=municipality, summary=PLAIN)
    client.force_login(coordinator)
    response = client.post(
        reverse("grants:scheme_edit", args=[scheme.slug]),
        {"name": scheme.name, "summary_nb": HARD, "preview": "1"},
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert _score_for(html, "summary_nb") == readability.lix(HARD)
    assert "Not saved yet" in html
    assert Scheme.objects.get(pk=scheme.pk).summary == PLAIN

"""An organisation's description in nb, nn, da and en (django-modeltranslation): the migration
keeps every text, the form has a box per language, readers get their own language or the closest
one (marked with its language), HSDS says which language a text is in, search finds every one."""

import re

import pytest
from django.conf import settings
from django.urls import reverse

from accounts.models import Municipality
from organizations.models import Organization
from tests.factories import (
    MunicipalityFactory,
    OrganizationFactory,
    UserFactory,
    organization_form,
)
from tests.migrating import migrate, municipalities_in_three_languages

BEFORE = [("organizations", "0013_crisis_contact")]
AFTER = [("organizations", "0014_translated_descriptions")]


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.usefixtures("back_to_the_latest_migrations")
def test_the_migration_keeps_every_text_and_moves_danish_and_nynorsk_to_their_columns():
    apps = migrate(BEFORE)
    Organization = apps.get_model("organizations", "Organization")
    Link = apps.get_model("organizations", "OrganizationMunicipality")
    drammen, voss, naestved = municipalities_in_three_languages(apps, "m")
    texts = {
        "Drammen lag": (drammen, "Leksehjelp hver tirsdag.", "Homework help on Tuesdays."),
        "Voss lag": (voss, "Språkkafé kvar onsdag.", ""),
        "Næstved forening": (naestved, "Lektiehjælp hver tirsdag.", "Homework help."),
        "Both": (None, "Leksehjelp.", ""),
    }
    for name, (municipality, nb, en) in texts.items():
        organization = Organization.objects.create(
            name=name, status="verified", description_nb=nb, description_en=en
        )
        if municipality:
            Link.objects.create(
                organization=organization, municipality=municipality, status="verified"
            )
    both = Organization.objects.get(name="Both")
    for municipality in (naestved, drammen):
        Link.objects.create(organization=both, municipality=municipality, status="verified")

    apps = migrate(AFTER)
    Organization = apps.get_model("organizations", "Organization")
    columns = ("description_nb", "description_nn", "description_da", "description_en")
    stored = {
        row["name"]: tuple(row[column] or "" for column in columns)
        for row in Organization.objects.values("name", *columns)
    }
    assert stored == {
        "Drammen lag": ("Leksehjelp hver tirsdag.", "", "", "Homework help on Tuesdays."),
        "Voss lag": ("", "Språkkafé kvar onsdag.", "", ""),
        "Næstved forening": ("", "", "Lektiehjælp hver tirsdag.", "Homework help."),
        # In a Norwegian and a Danish municipality: the text stays where it was written.
        "Both": ("Leksehjelp.", "", "", ""),
    }


def _lead(response) -> str:
    lead = r'<p class="ds-paragraph" data-size="lg"([^>]*)>(.*?)</p>'
    match = re.search(lead, response.content.decode(), re.S)
    assert match, "no description on the page"
    return match.group(1).strip(), match.group(2).strip()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("reader", "texts", "expected"),
    [
        ("nn", {"nb": "Leksehjelp.", "nn": "Leksehjelp kvar veke."}, ("", "Leksehjelp kvar veke.")),
        ("nn", {"nb": "Leksehjelp hver uke."}, ('lang="nb"', "Leksehjelp hver uke.")),
        ("da", {"nb": "Leksehjelp.", "da": "Lektiehjælp."}, ("", "Lektiehjælp.")),
        ("da", {"nb": "Leksehjelp.", "en": "Homework help."}, ('lang="nb"', "Leksehjelp.")),
        ("en", {"da": "Lektiehjælp."}, ('lang="da"', "Lektiehjælp.")),
        (
            "nb",
            {"nn": "Språkkafé kvar onsdag.", "en": "A café."},
            ('lang="nn"', "Språkkafé kvar onsdag."),
        ),
    ],
)
def test_a_reader_gets_their_language_or_the_closest_marked_with_its_language(
    client, municipality, reader, texts, expected
):
    organization = OrganizationFactory(
        verified=True,
        municipalities=[municipality],
        **{"description_nb": ""} | {f"description_{code}": text for code, text in texts.items()},
    )
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = reader

    response = client.get(reverse("organizations:detail", args=[organization.pk]))

    assert _lead(response) == expected


@pytest.mark.django_db
@pytest.mark.usefixtures("english")
def test_the_profile_form_has_a_box_per_language_and_saves_each(client, municipality):
    user = UserFactory()
    client.force_login(user)
    register = reverse("organizations:register")

    # The boxes are on the second step of the registration, "What you do".
    first_step = {"step": "0", "name": "Språkvennene", "number_scheme": "NO-BRC"}
    page = client.post(register, {**first_step, "municipalities": [municipality.pk]})
    page = page.content.decode()
    assert "Step 2 of 4" in page
    for label in ("Norwegian bokmål", "Norwegian nynorsk", "Danish", "English"):
        assert f"Description in {label}" in page
    # The reader's own language first.
    assert page.index("Description in English") < page.index("Description in Norwegian bokmål")

    response = client.post(
        register,
        organization_form(
            [municipality],
            "outdoor",
            name="Språkvennene",
            kind="network",
            description_nn="Vi har språkkafé kvar onsdag.",
            description_da="Vi har sprogcafé hver onsdag.",
        ),
    )

    assert response.status_code == 302
    organization = Organization.objects.get(name="Språkvennene")
    assert (
        organization.description_nb,
        organization.description_nn,
        organization.description_da,
        organization.description_en,
    ) == ("", "Vi har språkkafé kvar onsdag.", "Vi har sprogcafé hver onsdag.", "")
    # Full-text search looks at every language's text, each stemmed in its language: nynorsk
    # with the Norwegian municipality's names, Danish on its own (organizations.search).
    assert "kvar onsdag" in organization.search_document
    assert organization.search_texts == {"danish": "Vi har sprogcafé hver onsdag."}


@pytest.mark.django_db
def test_hsds_says_which_language_each_description_is_in(client):
    naestved = MunicipalityFactory(
        name="Næstved Kommune", number="370", slug="naestved", country=Municipality.Country.DENMARK
    )
    danish = OrganizationFactory(
        verified=True,
        municipalities=[naestved],
        description_nb="",
        description_da="Lektiehjælp hver tirsdag.",
        description_en="Homework help.",
    )
    norwegian = OrganizationFactory(verified=True, description_nb="Leksehjelp.")

    def described(organization):
        response = client.get(reverse("hsds:organization_detail", args=[organization.uuid]))
        data = response.json()
        return data["description"], data["description_language"]

    assert described(danish) == ("Lektiehjælp hver tirsdag.", "da")
    assert described(norwegian) == ("Leksehjelp.", "nb")

"""An activity's description in nb, nn, da and en (django-modeltranslation, like the
organisation's): the migration moves each text into its municipality's language without losing
one, the form has a box per language, readers get theirs or the closest (marked with its
language), HSDS says which language it is in. Full-text search stems each language's text with
its own configuration and matches the words typed against each."""

import re

import pytest
from django.conf import settings
from django.urls import reverse

from organizations import services
from organizations.models import Activity, Organization, OrganizationMembership
from tests.factories import (
    ActivityFactory,
    MunicipalityFactory,
    OrganizationFactory,
    OrganizationMembershipFactory,
)
from tests.migrating import activity_with_history, migrate, municipalities_in_three_languages

BEFORE = [("organizations", "0016_activity_facts")]
AFTER = [("organizations", "0018_search_per_text_language")]
DIRECTORY = reverse("organizations:directory")
ACTIVITIES = reverse("organizations:activity_directory")


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.usefixtures("back_to_the_latest_migrations")
def test_the_migration_moves_each_activity_text_into_its_municipality_language_losing_none():
    apps = migrate(BEFORE)
    Organization = apps.get_model("organizations", "Organization")
    places = dict(
        zip(
            ("Drammen", "Voss", "Næstved"),
            municipalities_in_three_languages(apps, "m"),
            strict=True,
        )
    )
    texts = {
        "Drammen": "Leksehjelp hver tirsdag.",
        "Voss": "Språkkafé kvar onsdag.",
        "Næstved": "Lektiehjælp hver tirsdag for familierne.",
    }
    organization = Organization.objects.create(name="Laget", status="verified")
    for place, municipality in places.items():
        activity_with_history(
            apps, organization, municipality, title=place, description=texts[place]
        )

    apps = migrate(AFTER)
    columns = ("description_nb", "description_nn", "description_da", "description_en")
    expected = {
        "Drammen": ("Leksehjelp hver tirsdag.", "", "", ""),
        "Voss": ("", "Språkkafé kvar onsdag.", "", ""),
        "Næstved": ("", "", "Lektiehjælp hver tirsdag for familierne.", ""),
    }
    for model in ("Activity", "HistoricalActivity"):
        rows = apps.get_model("organizations", model).objects.values("title", *columns)
        assert {row["title"]: tuple(row[c] for c in columns) for row in rows} == expected


def _description(response) -> tuple[str, str]:
    html = response.content.decode()
    match = re.search(
        r"<p( lang=\"\w+\")?>(Leksehjelp[^<]*|Lektiehjælp[^<]*|Homework[^<]*)</p>", html
    )
    assert match, "no description on the page"
    return (match.group(1) or "").strip(), match.group(2)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("reader", "texts", "expected"),
    [
        ("da", {"nb": "Leksehjelp.", "da": "Lektiehjælp."}, ("", "Lektiehjælp.")),
        ("nn", {"nb": "Leksehjelp hver uke."}, ('lang="nb"', "Leksehjelp hver uke.")),
        ("en", {"da": "Lektiehjælp."}, ('lang="da"', "Lektiehjælp.")),
        ("en", {"nb": "Leksehjelp.", "en": "Homework help."}, ("", "Homework help.")),
    ],
)
def test_a_reader_of_an_activity_gets_their_language_or_the_closest_marked(
    client, municipality, reader, texts, expected
):
    activity = ActivityFactory(
        municipality=municipality,
        organization=OrganizationFactory(verified=True, municipalities=[municipality]),
        **{"description_nb": ""} | {f"description_{code}": text for code, text in texts.items()},
    )
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = reader

    response = client.get(reverse("organizations:activity", args=[activity.pk]))

    assert _description(response) == expected


@pytest.mark.django_db
@pytest.mark.usefixtures("english")
def test_the_activity_form_has_a_box_per_language_and_saves_each(
    client, organization, organization_admin, municipality
):
    client.force_login(organization_admin)
    url = reverse("organizations:activity_create", args=[organization.pk])

    page = client.get(url).content.decode()
    for label in ("Norwegian bokmål", "Norwegian nynorsk", "Danish", "English"):
        assert f"Description in {label}" in page
    assert page.index("Description in English") < page.index("Description in Norwegian bokmål")

    response = client.post(
        url,
        {
            "title_nb": "Språkkafé",
            "type": "language_cafe",
            "description_nn": "Prat og kaffi kvar onsdag.",
            "description_en": "Talk and coffee every Wednesday.",
            "municipality": municipality.pk,
            "is_free": "on",
            "address": "Grønland 32",
            "is_active": "on",
            "schedules-TOTAL_FORMS": "0",
            "schedules-INITIAL_FORMS": "0",
            "schedules-MIN_NUM_FORMS": "0",
            "schedules-MAX_NUM_FORMS": "1000",
        },
    )

    assert response.status_code == 302
    activity = Activity.objects.get(title_nb="Språkkafé")
    assert (
        activity.description_nb,
        activity.description_nn,
        activity.description_da,
        activity.description_en,
    ) == ("", "Prat og kaffi kvar onsdag.", "", "Talk and coffee every Wednesday.")


@pytest.mark.django_db
def test_hsds_says_which_language_an_activity_description_is_in(client):
    naestved = MunicipalityFactory(name="Næstved Kommune", number="370", country="DK")
    organization = OrganizationFactory(verified=True, municipalities=[naestved])
    activity = ActivityFactory(
        organization=organization,
        municipality=naestved,
        description_nb="",
        description_da="Lektiehjælp hver tirsdag.",
        description_en="Homework help.",
    )

    data = client.get(reverse("hsds:service_detail", args=[activity.uuid])).json()

    assert (data["description"], data["description_language"]) == (
        "Lektiehjælp hver tirsdag.",
        "da",
    )


# -- stemming per text language ---------------------------------------------------------------


def _admin_of(organization):
    return OrganizationMembershipFactory(
        organization=organization, role=OrganizationMembership.Role.ADMIN
    ).user


def _register(user, municipality, **descriptions):
    organization = services.organization_register(
        by=user,
        # An informal network: it needs no organisation number (issue #18's kinds of actors).
        fields={"name": descriptions.pop("name"), "kind": "network", **descriptions},
        m2m={"municipalities": [municipality]},
    )
    Organization.objects.filter(pk=organization.pk).update(status=Organization.Status.VERIFIED)
    organization.municipality_links.update(status=Organization.Status.VERIFIED)
    return organization


def _found(client, url, query):
    return [str(row) for row in client.get(url, {"q": query}).context["page_obj"]]


@pytest.mark.django_db
def test_an_english_description_is_stemmed_as_english(client, municipality, plain_user):
    _register(
        plain_user,
        municipality,
        name="Drammen familielag",
        description_nb="Vi er et lag i Drammen.",
        description_en="We are helping families find their feet.",
    )

    # The Norwegian stemmer leaves "family" whole; the English one makes it "famili".
    for query in ("family", "families", "help"):
        assert _found(client, DIRECTORY, query) == ["Drammen familielag"], query


@pytest.mark.django_db
def test_a_danish_description_in_a_norwegian_municipality_is_stemmed_as_danish(
    client, municipality, plain_user
):
    _register(
        plain_user,
        municipality,
        name="Grenselaget",
        description_da="Frivillige hjælper familierne hver tirsdag.",
    )

    # The Norwegian stemmer makes "familierne" "familiern"; the Danish one "famili".
    assert _found(client, DIRECTORY, "familie") == ["Grenselaget"]


@pytest.mark.django_db
def test_a_nynorsk_description_is_found_by_a_word_form(client, plain_user):
    voss = MunicipalityFactory(name="Voss herad", number="4621", default_language="nn")
    _register(
        plain_user,
        voss,
        name="Voss frivilligsentral",
        description_nn="Vi hjelper flyktningar med lekser kvar veke.",
    )

    assert _found(client, DIRECTORY, "flyktning") == ["Voss frivilligsentral"]


@pytest.mark.django_db
def test_activity_descriptions_are_stemmed_in_their_own_languages(client, municipality):
    naestved = MunicipalityFactory(name="Næstved Kommune", number="370", country="DK")
    organization = OrganizationFactory(
        name="Laget", verified=True, municipalities=[municipality, naestved]
    )
    admin = _admin_of(organization)
    for title, place, descriptions in [
        ("Lektiecafé", naestved, {"description_da": "Lektiehjælpen for familierne."}),
        ("Turgruppe", municipality, {"description_en": "Walks for families."}),
    ]:
        services.activity_save(
            by=admin,
            organization=organization,
            activity=None,
            fields={
                "title": title,
                "type": "homework_help",
                "municipality": place,
                "address": "Torget 1",
                **descriptions,
            },
            m2m={},
            schedules=[],
        )

    assert _found(client, ACTIVITIES, "lektiehjælp") == ["Lektiecafé"]
    assert sorted(_found(client, ACTIVITIES, "family")) == ["Turgruppe"]
    # The words typed are stemmed in each language: "familie" is "famili" in Danish (the
    # Danish "familierne") and in English (the English "families").
    assert sorted(_found(client, ACTIVITIES, "familie")) == ["Lektiecafé", "Turgruppe"]

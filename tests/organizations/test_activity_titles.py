"""An activity's title in nb, nn, da and en (django-modeltranslation, like its description): the
migration copies each title into its municipality's language, the form has a box per language
(the reader's first), readers get theirs or the closest (marked with its language) on the
activity's page, in the directory and in HSDS, and search finds a title in any language."""

import re

import pytest
from django.conf import settings
from django.urls import reverse

from organizations import services
from organizations.models import Activity, OrganizationMembership
from tests.factories import (
    ActivityFactory,
    MunicipalityFactory,
    OrganizationFactory,
    OrganizationMembershipFactory,
)
from tests.migrating import activity_with_history, migrate, municipalities_in_three_languages

ACTIVITIES = reverse("organizations:activity_directory")


def _activity(municipality, **titles):
    """An activity with exactly these titles (`nb="…"`, `en="…"`) and no other."""
    columns = {f"title_{code}": "" for code in ("nb", "nn", "da", "en")}
    columns |= {f"title_{code}": text for code, text in titles.items()}
    return ActivityFactory(
        municipality=municipality,
        organization=OrganizationFactory(verified=True, municipalities=[municipality]),
        **columns,
    )


def _heading(html: str) -> tuple[str, str]:
    match = re.search(r"<h1( lang=\"\w+\")?>([^<]*)</h1>", html)
    assert match, "no heading on the page"
    return (match.group(1) or "").strip(), match.group(2)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("reader", "titles", "expected"),
    [
        ("en", {"nb": "Leksehjelp", "en": "Homework help"}, ('lang="en"', "Homework help")),
        ("nb", {"nb": "Leksehjelp", "en": "Homework help"}, ('lang="nb"', "Leksehjelp")),
        # Missing in the reader's language: the closest one, marked with its language.
        ("nn", {"nb": "Leksehjelp"}, ('lang="nb"', "Leksehjelp")),
        ("en", {"da": "Lektiehjælp"}, ('lang="da"', "Lektiehjælp")),
        ("da", {"nb": "Leksehjelp", "nn": "Leksehjelp kvar veke"}, ('lang="nb"', "Leksehjelp")),
    ],
)
def test_a_reader_gets_the_title_in_their_language_or_the_closest_marked(
    client, municipality, reader, titles, expected
):
    activity = _activity(municipality, **titles)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = reader

    response = client.get(reverse("organizations:activity", args=[activity.pk]))

    assert _heading(response.content.decode()) == expected


@pytest.mark.django_db
def test_an_english_reader_sees_the_english_title_in_the_directory(client, municipality):
    _activity(municipality, nb="Leksehjelp for familier", en="Homework help for families")
    _activity(municipality, nb="Språkkafé")
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"

    html = client.get(ACTIVITIES).content.decode()

    assert re.search(r'lang="en">Homework help for families</a>', html)
    assert "Leksehjelp for familier" not in html
    assert re.search(r'lang="nb">Språkkafé</a>', html)  # no English title: the bokmål one
    # In the order of the titles the reader reads, not of the empty English column.
    assert html.index("Homework help for families") < html.index("Språkkafé")


@pytest.mark.django_db
def test_hsds_names_a_service_with_its_title_and_the_titles_language(client):
    naestved = MunicipalityFactory(name="Næstved Kommune", number="370", country="DK")
    activity = _activity(naestved, da="Lektiehjælp", en="Homework help")

    data = client.get(reverse("hsds:service_detail", args=[activity.uuid])).json()

    assert (data["name"], data["name_language"]) == ("Lektiehjælp", "da")


# -- the form -----------------------------------------------------------------------------------


def _form(municipality, **titles):
    return {
        **titles,
        "type": "homework_help",
        "municipality": municipality.pk,
        "is_free": "on",
        "address": "Grønland 32",
        "is_active": "on",
        "schedules-TOTAL_FORMS": "0",
        "schedules-INITIAL_FORMS": "0",
        "schedules-MIN_NUM_FORMS": "0",
        "schedules-MAX_NUM_FORMS": "1000",
    }


@pytest.mark.django_db
@pytest.mark.usefixtures("english")
def test_the_activity_form_has_a_title_box_per_language_and_saves_each(
    client, organization, organization_admin, municipality
):
    client.force_login(organization_admin)
    url = reverse("organizations:activity_create", args=[organization.pk])

    page = client.get(url).content.decode()
    for label in ("Norwegian bokmål", "Norwegian nynorsk", "Danish", "English"):
        assert f"Title in {label}" in page
    assert page.index("Title in English") < page.index("Title in Norwegian bokmål")
    assert page.index("Title in Danish") < page.index("Description in English")

    response = client.post(
        url, _form(municipality, title_nn="Leksehjelp kvar veke", title_en="Homework help")
    )

    assert response.status_code == 302
    activity = Activity.objects.get(title_en="Homework help")
    assert (activity.title_nb, activity.title_nn, activity.title_da, activity.title_en) == (
        "",
        "Leksehjelp kvar veke",
        "",
        "Homework help",
    )


@pytest.mark.django_db
@pytest.mark.usefixtures("english")
def test_an_activity_without_a_title_in_any_language_is_refused(
    client, organization, organization_admin, municipality
):
    client.force_login(organization_admin)
    url = reverse("organizations:activity_create", args=[organization.pk])

    response = client.post(url, _form(municipality, title_en="  "))

    assert response.status_code == 200
    assert "Give the activity a title, in at least one language." in response.content.decode()
    assert not Activity.objects.exists()


# -- search -------------------------------------------------------------------------------------


def _found(client, query):
    return sorted(str(row) for row in client.get(ACTIVITIES, {"q": query}).context["page_obj"])


@pytest.mark.django_db
def test_search_finds_a_title_written_in_another_language(client, municipality):
    naestved = MunicipalityFactory(name="Næstved Kommune", number="370", country="DK")
    organization = OrganizationFactory(
        name="Laget", verified=True, municipalities=[municipality, naestved]
    )
    admin = OrganizationMembershipFactory(
        organization=organization, role=OrganizationMembership.Role.ADMIN
    ).user
    for place, titles in [
        (municipality, {"title_nb": "Turgruppe", "title_en": "Walks for families"}),
        (naestved, {"title_da": "Lektiehjælpen"}),
    ]:
        services.activity_save(
            by=admin,
            organization=organization,
            activity=None,
            fields={"type": "homework_help", "municipality": place, "address": "Torget 1"} | titles,
            m2m={},
            schedules=[],
        )
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "nb"

    # An English title in a Norwegian municipality, stemmed as English ("families" -> "famili").
    assert _found(client, "family") == ["Turgruppe"]
    # A Danish title found by a Danish word form, and the organisation by its activities' titles.
    assert _found(client, "lektiehjælp") == ["Lektiehjælpen"]
    organizations = client.get(reverse("organizations:directory"), {"q": "family"})
    assert [str(row) for row in organizations.context["page_obj"]] == ["Laget"]


# -- the migration ------------------------------------------------------------------------------

BEFORE = [("organizations", "0018_search_per_text_language")]
AFTER = [("organizations", "0019_translated_activity_titles")]


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.usefixtures("back_to_the_latest_migrations")
def test_the_migration_copies_each_title_into_its_municipality_language():
    apps = migrate(BEFORE)
    Organization = apps.get_model("organizations", "Organization")
    titles = ("Leksehjelp", "Språkkafé kvar onsdag", "Lektiehjælp")  # in bokmål, nynorsk, Danish
    places = dict(zip(titles, municipalities_in_three_languages(apps, "t"), strict=True))
    organization = Organization.objects.create(name="Titellaget", status="verified")
    for title, municipality in places.items():
        activity_with_history(apps, organization, municipality, title=title)

    apps = migrate(AFTER)
    columns = ("title_nb", "title_nn", "title_da", "title_en")
    expected = {
        "Leksehjelp": ("Leksehjelp", "", "", ""),
        "Språkkafé kvar onsdag": ("", "Språkkafé kvar onsdag", "", ""),
        "Lektiehjælp": ("", "", "Lektiehjælp", ""),
    }
    for model in ("Activity", "HistoricalActivity"):
        rows = apps.get_model("organizations", model).objects.values("title", *columns)
        assert {row["title"]: tuple(row[c] for c in columns) for row in rows} == expected


@pytest.mark.django_db
@pytest.mark.parametrize(("sort", "expected"), [("title", ["B", "S"]), ("-title", ["S", "B"])])
def test_sorting_by_title_sorts_the_titles_the_reader_reads(client, municipality, sort, expected):
    _activity(municipality, nb="Bokmålskafé")  # no English title: the reader gets this
    _activity(municipality, nb="Aaa-kafé", en="Sewing circle")
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"

    page = client.get(ACTIVITIES, {"sort": sort}).context["page_obj"]

    assert [activity.title_in("en").text[0] for activity in page] == expected


@pytest.mark.django_db
def test_the_printable_offer_list_marks_a_title_in_another_language(client, municipality):
    """The offer list is read aloud by screen readers too: a bokmål title on an English page
    says it is bokmål (WCAG 3.1.2), as the directory marks each title with its language."""
    _activity(municipality, nb="Leksehjelp for familier", en="Homework help for families")
    _activity(municipality, nb="Språkkafé")
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"

    html = client.get(
        reverse("public:offers_print", args=[municipality.slug]) + "?prices=all"
    ).content.decode()

    assert re.search(r'<span lang="en">Homework help for families</span>', html)
    assert re.search(r'<span lang="nb">Språkkafé</span>', html)
    assert "Leksehjelp for familier" not in html

"""The open-data API (Open Referral HSDS 3.0): what is published, in which shape, how fast."""

import functools
import importlib
import json
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

import pytest
from django.apps import apps as django_apps
from django.db import connection, transaction
from django.urls import reverse
from django.utils import timezone
from jsonschema import Draft202012Validator
from referencing import Registry
from referencing.jsonschema import DRAFT202012

from accounts.models import Municipality
from core.time import OSLO
from organizations import api_views, hsds
from organizations.choices import Language
from organizations.models import LanguageTerm, Organization
from tests.factories import (
    ActivityFactory,
    ActivityScheduleFactory,
    MunicipalityFactory,
    OrganizationFactory,
    PersonFactory,
    SchemeFactory,
)

pytestmark = pytest.mark.django_db

# The HSDS 3.0 schemas, vendored with their licence (see the README there).
HSDS_DIR = Path(__file__).resolve().parents[1] / "fixtures" / "hsds-3.0"
# openapi.json refers to the compiled schemas by these addresses; we serve them from the files.
COMPILED = "https://raw.githubusercontent.com/openreferral/specification/3.0/schema/compiled/"
OPENAPI = "https://brobygger.invalid/hsds/openapi.json"


@functools.cache
def _registry() -> Registry:
    resources = []
    for path in sorted((HSDS_DIR / "schema").glob("*.json")):
        resource = DRAFT202012.create_resource(json.loads(path.read_text(encoding="utf-8")))
        resources += [(COMPILED + path.name, resource), (path.name, resource)]
    openapi = json.loads((HSDS_DIR / "openapi.json").read_text(encoding="utf-8"))
    resources.append((OPENAPI, DRAFT202012.create_resource(openapi)))
    return Registry().with_resources(resources)


@functools.cache
def _validator(api_path: str) -> Draft202012Validator:
    """The 200 response schema of `api_path` in HSDS' openapi.json, with its $refs resolved."""
    escaped = api_path.replace("~", "~0").replace("/", "~1")
    pointer = f"/paths/{escaped}/get/responses/200/content/application~1json/schema"
    return Draft202012Validator(
        {"$ref": f"{OPENAPI}#{pointer}"},
        registry=_registry(),
        format_checker=Draft202012Validator.FORMAT_CHECKER,
    )


def assert_valid(api_path: str, data: dict) -> None:
    errors = [
        f"{'/'.join(map(str, error.absolute_path))}: {error.message}"
        for error in _validator(api_path).iter_errors(data)
    ]
    assert not errors, errors


def get_json(client, name, *args, status=200, **params):
    response = client.get(reverse(f"hsds:{name}", args=args), params)
    assert response.status_code == status, response.content
    assert response["Content-Type"] == "application/json"
    return response.json()


@pytest.fixture
def oslo(db):
    return MunicipalityFactory(name="Oslo kommune", number="0301", slug="oslo")


@pytest.fixture
def red_cross(oslo):
    return OrganizationFactory(
        verified=True,
        name="Oslo Røde Kors",
        org_number="864139442",
        number_scheme=Organization.NumberScheme.NORWAY,
        description_nb="Vi driver leksehjelp og språkkafé.",
        description_en="We run homework help and a language café.",
        website="https://www.rodekors.no/",
        phone="+4722054000",
        visiting_address="Hausmanns gate 7",
        visiting_postal_code="0186",
        visiting_city="Oslo",
        postal_address="Postboks 1",
        postal_code="0101",
        postal_city="Oslo",
        municipalities=[oslo],
    )


@pytest.fixture
def language_cafe(red_cross, oslo):
    """Tuesdays 18:00–20:00 in Oslo, in Arabic and Norwegian (bokmål)."""
    return ActivityFactory(
        organization=red_cross,
        title="Språkkafé på Grønland",
        municipality=oslo,
        address="Tøyengata 2",
        postal_code="0190",
        city="Oslo",
        schedules=[(1, "18:00", "20:00")],
        languages=["ar", "nb"],
    )


# -- the root ---------------------------------------------------------------------------------


def test_root_names_the_version_profile_and_openapi(client):
    data = get_json(client, "root")
    assert data["version"] == "3.0"
    assert data["openapi_url"].startswith("https://")
    assert data["profile"].startswith("https://")
    assert_valid("/", data)


def test_the_api_is_open_to_any_web_page(client):
    response = client.get(reverse("hsds:root"))
    assert response["Access-Control-Allow-Origin"] == "*"


def test_the_api_is_read_only(client):
    assert client.post(reverse("hsds:service_list")).status_code == 405
    assert client.head(reverse("hsds:service_list")).status_code == 200


# -- only what is public ------------------------------------------------------------------------


@pytest.fixture
def unpublished(oslo):
    """Everything that must never appear: pending and rejected organisations (and their
    activities) and a verified organisation's inactive activity."""
    pending = OrganizationFactory(name="Venter", municipalities=[oslo])
    rejected = OrganizationFactory(
        name="Avvist", status=Organization.Status.REJECTED, municipalities=[oslo]
    )
    verified = OrganizationFactory(verified=True, name="Synlig", municipalities=[oslo])
    return {
        "organizations": [pending, rejected],
        "activities": [
            ActivityFactory(organization=pending, municipality=oslo),
            ActivityFactory(organization=rejected, municipality=oslo),
            ActivityFactory(organization=verified, municipality=oslo, is_active=False),
        ],
        "visible": verified,
    }


@pytest.mark.parametrize("full", ["false", "true"])
def test_lists_publish_only_verified_organisations_and_their_active_activities(
    client, language_cafe, unpublished, full
):
    organizations = get_json(client, "organization_list", full=full)
    services = get_json(client, "service_list", full=full)

    assert {o["id"] for o in organizations["contents"]} == {
        str(language_cafe.organization.uuid),
        str(unpublished["visible"].uuid),
    }
    assert [s["id"] for s in services["contents"]] == [str(language_cafe.uuid)]
    for organization in organizations["contents"]:
        for service in organization.get("services", []):
            assert service["id"] == str(language_cafe.uuid)


def test_unpublished_ids_are_not_found(client, unpublished):
    for organization in unpublished["organizations"]:
        data = get_json(client, "organization_detail", organization.uuid, status=404)
        assert data["status"] == 404
    for activity in unpublished["activities"]:
        get_json(client, "service_detail", activity.uuid, status=404)


@pytest.mark.parametrize("name", ["organization_detail", "service_detail"])
@pytest.mark.parametrize("object_id", ["3f1c5e0e-8d1a-4f7e-9b9e-2f7d2c1f0a11", "not-a-uuid", "42"])
def test_unknown_ids_are_404_json(client, name, object_id):
    data = get_json(client, name, object_id, status=404)
    assert data["message"]


# -- the shape: valid HSDS ----------------------------------------------------------------------


def test_every_response_validates_against_the_hsds_schemas(client, language_cafe, unpublished):
    paid = ActivityFactory(
        organization=language_cafe.organization,
        municipality=language_cafe.municipality,
        is_free=False,
        price=Decimal("150.00"),
        online=True,
        online_url="https://meet.example.no/kurs",
        schedules=[(5, "10:00", "12:30")],
        target_groups=["women", "adults"],
    )
    ActivityScheduleFactory(
        activity=paid,
        weekday=6,
        starts_at="11:00",
        ends_at="13:00",
        season_start=date(2026, 9, 1),
        season_end=date(2027, 5, 31),
    )

    for full in ("false", "true"):
        assert_valid("/organizations", get_json(client, "organization_list", full=full))
        assert_valid("/services", get_json(client, "service_list", full=full))
    for organization in (language_cafe.organization, unpublished["visible"]):
        assert_valid(
            "/organizations/{id}", get_json(client, "organization_detail", organization.uuid)
        )
    for activity in (language_cafe, paid):
        assert_valid("/services/{id}", get_json(client, "service_detail", activity.uuid))


def test_the_validator_does_reject_what_hsds_forbids():
    """The schemas are really loaded and applied (a typo in a path would accept everything)."""
    bad = {"id": "not-a-uuid", "name": "X", "status": "open"}
    assert {e.validator for e in _validator("/services/{id}").iter_errors(bad)} == {
        "format",
        "enum",
    }
    page = {"total_items": "many", "contents": [{"name": "no id"}]}
    assert {e.validator for e in _validator("/services").iter_errors(page)} == {"type", "required"}


def test_organisation_carries_its_number_addresses_and_phone(client, settings, red_cross):
    settings.SITE_URL = "https://brobygger.example.no"
    data = get_json(client, "organization_detail", red_cross.uuid)

    assert data["id"] == str(red_cross.uuid)
    assert data["name"] == "Oslo Røde Kors"
    assert data["description"] == "Vi driver leksehjelp og språkkafé."
    assert data["uri"] == f"https://brobygger.example.no{red_cross.get_absolute_url()}"
    [identifier] = data["organization_identifiers"]
    assert identifier["identifier_scheme"] == "NO-BRC"
    assert identifier["identifier"] == "864139442"
    assert identifier["identifier_type"]
    assert identifier["organization_id"] == str(red_cross.uuid)
    assert [p["number"] for p in data["phones"]] == ["+4722054000"]
    addresses = {
        location["location_type"]: location["addresses"][0] for location in data["locations"]
    }
    assert addresses["physical"] | {"id": None, "location_id": None} == {
        "id": None,
        "location_id": None,
        "address_1": "Hausmanns gate 7",
        "city": "Oslo",
        "state_province": "Oslo",
        "postal_code": "0186",
        "country": "NO",
        "address_type": "physical",
    }
    assert addresses["postal"]["address_type"] == "postal"
    assert addresses["postal"]["postal_code"] == "0101"


def test_ids_are_stable_between_requests(client, language_cafe):
    first = get_json(client, "service_detail", language_cafe.uuid)
    second = get_json(client, "service_detail", language_cafe.uuid)
    assert first == second
    nested_ids = [s["id"] for s in first["schedules"]] + [lang["id"] for lang in first["languages"]]
    assert len(set(nested_ids)) == len(nested_ids)


@pytest.mark.parametrize("site_url", ["http://127.0.0.1:8000", "https://brobygger.example.no"])
def test_links_follow_site_url_not_the_requests_host(client, settings, language_cafe, site_url):
    """Behind the TLS proxy the request arrives on an internal host over http; the published
    links are the site's public address all the same (and plain http under `make run`)."""
    settings.SITE_URL = site_url
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "10.0.0.5"]
    organization = language_cafe.organization
    for name in ("organization_list", "service_list"):
        response = client.get(reverse(f"hsds:{name}"), {"full": "true"}, HTTP_HOST="10.0.0.5:8000")
        assert response.status_code == 200
        text = response.content.decode()
        assert site_url + "/" in text
        assert "10.0.0.5" not in text
        assert "testserver" not in text
    data = get_json(client, "service_detail", language_cafe.uuid)
    assert data["url"] == site_url + language_cafe.get_absolute_url()
    assert data["organization"]["uri"] == site_url + organization.get_absolute_url()


def test_description_falls_back_to_english(client, oslo):
    organization = OrganizationFactory(
        verified=True, description_nb="", description_en="In English only.", municipalities=[oslo]
    )
    assert get_json(client, "organization_detail", organization.uuid)["description"] == (
        "In English only."
    )


def test_danish_organisation_has_a_cvr_identifier_and_a_region(client):
    copenhagen = Municipality.objects.create(
        name="Københavns Kommune", number="101", country="DK", slug="kobenhavn"
    )
    organization = OrganizationFactory(
        verified=True,
        org_number="25313763",
        number_scheme=Organization.NumberScheme.DENMARK,
        postal_address="Blegdamsvej 27",
        postal_code="2100",
        postal_city="København Ø",
        municipalities=[copenhagen],
    )
    data = get_json(client, "organization_detail", organization.uuid)
    assert data["organization_identifiers"][0]["identifier_scheme"] == "DK-CVR"
    address = data["locations"][0]["addresses"][0]
    assert (address["country"], address["state_province"]) == ("DK", "Region Hovedstaden")


def test_a_full_service_names_its_organisations_register_number(client, language_cafe):
    """Whoever reads a service sees which registered organisation runs it."""
    detail = get_json(client, "service_detail", language_cafe.uuid)
    [listed] = get_json(client, "service_list", full="true")["contents"]

    for data in (detail, listed):
        [identifier] = data["organization"]["organization_identifiers"]
        assert (identifier["identifier_scheme"], identifier["identifier"]) == (
            "NO-BRC",
            "864139442",
        )
        assert identifier["identifier_type"]
        assert identifier["organization_id"] == str(language_cafe.organization.uuid)
    assert_valid("/services/{id}", detail)
    assert_valid("/services", get_json(client, "service_list", full="true"))


def test_an_organisation_without_a_number_has_no_identifiers(client, oslo):
    organization = OrganizationFactory(verified=True, org_number="", municipalities=[oslo])
    data = get_json(client, "organization_detail", organization.uuid)
    assert data["organization_identifiers"] == []
    assert_valid("/organizations/{id}", data)


def test_norwegian_is_coded_nb_or_nn_never_no(client, oslo):
    activity = ActivityFactory(
        municipality=oslo, organization__municipalities=[oslo], languages=["nb", "nn", "so"]
    )
    data = get_json(client, "service_detail", activity.uuid)

    codes = {lang["code"]: lang["name"] for lang in data["languages"]}
    assert set(codes) == {"nb", "nn", "so"}
    assert codes["nb"] == "Norsk (bokmål)"
    assert codes["nn"] == "Norsk (nynorsk)"
    assert "no" not in Language.values
    assert not LanguageTerm.objects.filter(code="no").exists()
    assert_valid("/services/{id}", data)


def test_the_language_migration_moves_no_to_nb_and_keeps_every_choice(oslo):
    """A database from before: its "no" row (chosen by an activity and an organisation), a
    grant scheme's guidance and a person's preferred languages in "no" become "nb"; "nn" is
    added."""
    migration = importlib.import_module("organizations.migrations.0006_language_codes_nb_nn")
    LanguageTerm.objects.filter(code="nn").delete()
    LanguageTerm.objects.filter(code="nb").update(code="no")
    activity = ActivityFactory(municipality=oslo, languages=["no", "ar"])
    organization = OrganizationFactory(languages=["no"], municipalities=[oslo])
    scheme = SchemeFactory(guidance_languages=["no", "en"])
    person = PersonFactory(municipality=oslo, languages=["so", "no"])

    migration.forwards(django_apps, None)

    assert sorted(activity.languages.values_list("code", flat=True)) == ["ar", "nb"]
    assert list(organization.languages.values_list("code", flat=True)) == ["nb"]
    scheme.refresh_from_db()
    assert scheme.guidance_languages == ["nb", "en"]
    person.refresh_from_db()
    assert person.languages == ["so", "nb"]
    assert set(LanguageTerm.objects.values_list("code", flat=True)) >= {"nb", "nn"}
    assert not LanguageTerm.objects.filter(code="no").exists()

    migration.forwards(django_apps, None)  # twice changes nothing
    assert LanguageTerm.objects.filter(code__in=["nb", "nn"]).count() == 2


@pytest.mark.parametrize(
    ("number", "country", "expected"),
    [
        ("0301", "NO", "Oslo"),
        ("3301", "NO", "Buskerud"),
        ("1103", "NO", "Rogaland"),
        ("4601", "NO", "Vestland"),
        ("5501", "NO", "Troms"),
        ("9999", "NO", "Ukjent kommune"),
        ("101", "DK", "Region Hovedstaden"),
        ("751", "DK", "Region Midtjylland"),
        ("851", "DK", "Region Nordjylland"),
        ("999", "DK", "Ukjent kommune"),
    ],
)
def test_state_province_is_the_county_or_region(number, country, expected):
    municipality = Municipality(name="Ukjent kommune", number=number, country=country)
    assert hsds.state_province(municipality) == expected


def test_service_has_its_link_languages_place_and_organisation(client, settings, language_cafe):
    settings.SITE_URL = "https://brobygger.example.no"
    data = get_json(client, "service_detail", language_cafe.uuid)

    assert data["status"] == "active"
    assert data["name"] == "Språkkafé på Grønland"
    assert data["url"] == f"https://brobygger.example.no{language_cafe.get_absolute_url()}"
    assert data["organization_id"] == str(language_cafe.organization.uuid)
    assert data["organization"]["id"] == str(language_cafe.organization.uuid)
    assert sorted(lang["code"] for lang in data["languages"]) == ["ar", "nb"]
    assert all(lang["name"] and lang["service_id"] == data["id"] for lang in data["languages"])
    assert data["cost_options"] == []
    [place] = data["service_at_locations"]
    address = place["location"]["addresses"][0]
    assert (address["address_1"], address["state_province"]) == ("Tøyengata 2", "Oslo")


def test_a_paid_activity_has_a_cost_option(client, language_cafe):
    language_cafe.is_free = False
    language_cafe.price = Decimal("50.00")
    language_cafe.save()

    [cost] = get_json(client, "service_detail", language_cafe.uuid)["cost_options"]
    assert (cost["amount"], cost["currency"]) == (50, "NOK")


# -- schedules: one per UTC offset period -------------------------------------------------------


def test_oslo_weekly_1800_has_winter_and_summer_schedules(language_cafe):
    language_cafe.refresh_from_db()
    schedules = hsds.service_schedules(language_cafe, today=date(2026, 11, 23))

    periods = [(s["valid_from"], s["valid_to"], s["timezone"]) for s in schedules]
    assert periods == [
        ("2026-01-01", "2026-03-28", 1),
        ("2026-03-29", "2026-10-24", 2),  # summer time from the last Sunday in March
        ("2026-10-25", "2027-03-27", 1),  # winter time from the last Sunday in October
        ("2027-03-28", "2027-10-30", 2),
        ("2027-10-31", "2027-12-31", 1),
    ]
    for schedule in schedules:
        assert schedule["freq"] == "WEEKLY"
        assert schedule["byday"] == "TU"
        assert (schedule["opens_at"], schedule["closes_at"]) == ("18:00:00", "20:00:00")
        assert "until" not in schedule  # the activity does not end; only the offset changes


def test_api_schedules_cover_this_year_and_next_with_the_right_offsets(client, language_cafe):
    schedules = get_json(client, "service_detail", language_cafe.uuid)["schedules"]
    year = timezone.localdate().year

    assert {s["timezone"] for s in schedules} == {1, 2}
    assert schedules[0]["valid_from"] == f"{year}-01-01"
    assert schedules[-1]["valid_to"] == f"{year + 1}-12-31"
    for schedule in schedules:
        assert schedule["opens_at"] == "18:00:00"
        for day in (schedule["valid_from"], schedule["valid_to"]):
            at_six = datetime.combine(date.fromisoformat(day), datetime.min.time(), OSLO).replace(
                hour=18
            )
            assert at_six.utcoffset().total_seconds() / 3600 == schedule["timezone"]


def test_a_season_limits_the_periods_and_sets_the_recurrence_bounds(language_cafe):
    language_cafe.schedules.update(season_start=date(2026, 9, 1), season_end=date(2027, 5, 31))
    language_cafe.refresh_from_db()
    schedules = hsds.service_schedules(language_cafe, today=date(2026, 11, 23))

    assert [(s["valid_from"], s["valid_to"], s["timezone"]) for s in schedules] == [
        ("2026-09-01", "2026-10-24", 2),
        ("2026-10-25", "2027-03-27", 1),
        ("2027-03-28", "2027-05-31", 2),
    ]
    assert {(s["dtstart"], s["until"]) for s in schedules} == {("2026-09-01", "2027-05-31")}


# -- pages --------------------------------------------------------------------------------------


def test_page_envelope_math(client, oslo):
    for n in range(5):
        OrganizationFactory(verified=True, name=f"Lag {n}", municipalities=[oslo])

    first = get_json(client, "organization_list", per_page=2)
    last = get_json(client, "organization_list", per_page=2, page=3)

    assert {k: v for k, v in first.items() if k != "contents"} == {
        "total_items": 5,
        "total_pages": 3,
        "page_number": 1,
        "size": 2,
        "first_page": True,
        "last_page": False,
        "empty": False,
    }
    assert [o["name"] for o in first["contents"]] == ["Lag 0", "Lag 1"]
    assert (last["page_number"], last["size"], last["first_page"], last["last_page"]) == (
        3,
        1,
        False,
        True,
    )
    assert [o["name"] for o in last["contents"]] == ["Lag 4"]


def test_an_empty_directory_is_one_empty_page(client):
    data = get_json(client, "service_list")
    assert (data["total_items"], data["total_pages"], data["size"]) == (0, 1, 0)
    assert (data["empty"], data["first_page"], data["last_page"]) == (True, True, True)
    assert data["contents"] == []


def test_per_page_is_capped(client, oslo, monkeypatch):
    monkeypatch.setattr(api_views, "MAX_PER_PAGE", 3)
    for _ in range(4):
        OrganizationFactory(verified=True, municipalities=[oslo])
    data = get_json(client, "organization_list", per_page=1000)
    assert (data["size"], data["total_pages"]) == (3, 2)


@pytest.mark.parametrize(
    "params",
    [
        {"page": "abc"},
        {"page": "0"},
        {"page": "-1"},
        {"page": "1.5"},
        {"page": "²"},
        {"page": "99999999999999999999999"},
        {"page": "2"},  # past the last page
        {"per_page": "abc"},
        {"per_page": "0"},
        {"full": "maybe"},
    ],
)
@pytest.mark.parametrize("name", ["organization_list", "service_list"])
def test_bad_parameters_are_400_json(client, language_cafe, name, params):
    data = get_json(client, name, status=400, **params)
    assert data["status"] == 400
    assert data["message"]


def test_a_bad_organisation_id_filter_is_400_json(client):
    assert get_json(client, "service_list", status=400, organization_id="x")["message"]


def test_services_filter_by_organisation_and_search(client, language_cafe, oslo):
    other = ActivityFactory(
        title="Turgruppe",
        description="Vi går tur i marka.",
        search_document="Turgruppe\nVi går tur i marka.",
        municipality=oslo,
    )

    by_org = get_json(client, "service_list", organization_id=str(other.organization.uuid))
    assert [s["id"] for s in by_org["contents"]] == [str(other.uuid)]
    found = get_json(client, "service_list", search="turgruppe")
    assert [s["id"] for s in found["contents"]] == [str(other.uuid)]


def test_organisations_search(client, red_cross, oslo):
    OrganizationFactory(verified=True, name="Turlaget", municipalities=[oslo])
    found = get_json(client, "organization_list", search="Røde Kors")
    assert [o["id"] for o in found["contents"]] == [str(red_cross.uuid)]


# -- speed: the number of queries does not grow with the page -----------------------------------


@pytest.mark.parametrize("rows", [1, 30])
@pytest.mark.parametrize(
    ("name", "full", "queries"),
    [
        ("organization_list", "false", 2),  # count, page
        ("organization_list", "true", 5),  # + municipalities, activities, their target groups
        ("service_list", "false", 3),  # count, page with organisations, target groups
        ("service_list", "true", 5),  # + languages, schedules
    ],
)
def test_list_query_count_is_flat(
    client, django_assert_num_queries, oslo, rows, name, full, queries
):
    for _ in range(rows):
        ActivityFactory(
            municipality=oslo,
            organization__municipalities=[oslo],
            schedules=[(1, "18:00", "20:00")],
            languages=["ar"],
            target_groups=["adults"],
        )
    with django_assert_num_queries(queries):
        data = get_json(client, name, full=full, per_page=30)
    assert data["size"] == rows


@pytest.mark.parametrize(("name", "queries"), [("organization_detail", 4), ("service_detail", 4)])
def test_detail_query_count(client, django_assert_num_queries, language_cafe, name, queries):
    # organisation: itself, municipalities, activities, their target groups
    # service: itself with organisation and municipality, target groups, languages, schedules
    obj = language_cafe.organization if name == "organization_detail" else language_cafe
    with django_assert_num_queries(queries):
        get_json(client, name, obj.uuid)


def test_a_service_carries_its_age_range(client, language_cafe):
    language_cafe.age_from, language_cafe.age_to = 16, 67
    language_cafe.save()

    service = get_json(client, "service_detail", language_cafe.uuid)
    assert (service["minimum_age"], service["maximum_age"]) == (16, 67)


def test_a_service_for_any_age_names_no_age(client, language_cafe):
    service = get_json(client, "service_detail", language_cafe.uuid)
    assert "minimum_age" not in service
    assert "maximum_age" not in service


def test_the_pages_of_one_question_count_its_rows_once(client, django_assert_num_queries, oslo):
    """Issue #24: the count of all published activities was most of a page's time. The next
    page (another address, so not from the page cache) takes it from the cache; the count was
    keyed by the query's SQL, which holds the clock's cut-off to the microsecond, so it never
    was. A saved activity, or another question, still gets its own, exact count."""
    for _ in range(3):
        ActivityFactory(municipality=oslo, organization__municipalities=[oslo], title="Leksehjelp")
    assert get_json(client, "service_list", per_page=2)["total_items"] == 3

    with django_assert_num_queries(2):  # the page with organisations, target groups
        second = get_json(client, "service_list", per_page=2, page=2)
    assert (second["total_items"], second["size"]) == (3, 1)

    chess = ActivityFactory(municipality=oslo, organization__municipalities=[oslo], title="Sjakk")
    assert get_json(client, "service_list", per_page=2, page=2)["total_items"] == 4
    one = get_json(client, "service_list", per_page=2, organization_id=chess.organization.uuid)
    assert one["total_items"] == 1


def test_a_page_of_services_is_read_in_title_order_from_an_index(oslo):
    """Issue #24: the services API's order (the title a bokmål reader gets) has its own index,
    so a page reads its rows in order and stops, instead of sorting every active activity. At
    this small scale PostgreSQL would sort anyway; with sorting priced out it must have the
    index to go to."""
    ActivityFactory(municipality=oslo, organization__municipalities=[oslo])
    sql, params = api_views._services()[50:100].query.sql_with_params()
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_sort = off")
        cursor.execute("EXPLAIN " + sql, params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "activity_reader_title_nb_idx" in plan, plan

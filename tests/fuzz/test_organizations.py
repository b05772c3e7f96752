"""Bad input for the organisations app: every form, every directory and registry filter, the
registry export, the import upload's fields, the HSDS API's parameters and the profile form.

Uploads that lie about their type, oversized files and zip bombs are tested where they live:
tests/organizations/test_logo.py (logos) and tests/organizations/test_import.py (mappings).
"""

import pytest
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from accounts.forms import ProfileForm
from organizations.filters import ActivityFilter, DirectoryFilter, RegistryFilter
from organizations.forms import (
    ActivityForm,
    InvitationForm,
    JoinRequestForm,
    MemberRolesForm,
    OrganizationForm,
    RejectForm,
    ScheduleForm,
)
from organizations.models import CategoryTerm
from tests.factories import (
    ActivityFactory,
    OrganizationFactory,
    person_of,
)
from tests.fuzz import strategies as fz

pytestmark = pytest.mark.django_db


def organization_valid(municipality):
    return {
        "name": "Frivillig lag",
        "number_scheme": "NO-BRC",
        "categories": [str(CategoryTerm.objects.order_by("pk").first().pk)],
        "municipalities": [str(municipality.pk)],
        "in_voluntary_register": "unknown",
        "volunteers_insured": "unknown",
        "looking_for_partners_until": "2030-01-01",
        "website": "https://example.org",
        "email": "lag@example.org",
    }


ORGANIZATION_FIELDS = [*fz.field_names(OrganizationForm), "confirm_new"]


@fz.FUZZ
@given(data=fz.submissions(ORGANIZATION_FIELDS, valid={}))
def test_registering_an_organisation(client, plain_user, municipality, data):
    client.force_login(plain_user)
    valid = organization_valid(municipality)
    data = {**{k: v for k, v in valid.items() if k not in data and k != "name"}, **data}
    fz.post_and_check(client, reverse("organizations:register"), data)


@fz.FUZZ
@given(data=fz.submissions(ORGANIZATION_FIELDS))
def test_editing_an_organisation(client, organization_admin, organization, municipality, data):
    client.force_login(organization_admin)
    data = {**organization_valid(municipality), **data}
    fz.post_and_check(client, reverse("organizations:edit", args=[organization.pk]), data)


@fz.FUZZ
@given(data=fz.submissions(fz.field_names(RejectForm)))
def test_rejecting_an_organisation(client, coordinator, municipality, data):
    client.force_login(coordinator)
    pending = OrganizationFactory(municipalities=[municipality])
    fz.post_and_check(client, reverse("organizations:reject", args=[pending.pk]), data)


@fz.FUZZ
@given(data=fz.submissions(fz.field_names(JoinRequestForm)))
def test_asking_to_join(client, plain_user, organization, data):
    client.force_login(plain_user)
    fz.post_and_check(client, reverse("organizations:join", args=[organization.pk]), data)


@fz.FUZZ
@given(data=fz.submissions(fz.field_names(InvitationForm), valid={"role": "member"}))
def test_inviting_a_member(client, organization_admin, organization, data):
    client.force_login(organization_admin)
    fz.post_and_check(client, reverse("organizations:members", args=[organization.pk]), data)


@fz.FUZZ
@given(data=fz.submissions(fz.field_names(MemberRolesForm), valid={"roles": ["member", "contact"]}))
def test_setting_a_members_roles(client, organization_admin, organization, data):
    client.force_login(organization_admin)
    member = person_of(organization, "member")
    url = reverse("organizations:member_roles", args=[organization.pk, member.pk])
    fz.post_and_check(client, url, data)


def activity_valid(municipality):
    return {
        "title_nb": "Språkkafé",
        "type": "language_cafe",
        "municipality": str(municipality.pk),
        "is_free": "on",
        "address": "Storgata 1",
        "is_active": "on",
        "schedules-TOTAL_FORMS": "1",
        "schedules-INITIAL_FORMS": "0",
        "schedules-MIN_NUM_FORMS": "0",
        "schedules-MAX_NUM_FORMS": "14",
        "schedules-0-weekday": "1",
        "schedules-0-starts_at": "18:00",
        "schedules-0-ends_at": "20:00",
    }


ACTIVITY_FIELDS = [
    *fz.field_names(ActivityForm),
    *fz.field_names(ScheduleForm, "schedules-0-"),
    "schedules-0-DELETE",
    "schedules-TOTAL_FORMS",
    "schedules-INITIAL_FORMS",
    "schedules-MAX_NUM_FORMS",
]


@fz.FUZZ
@given(data=fz.submissions(ACTIVITY_FIELDS))
def test_creating_an_activity(client, organization_admin, organization, municipality, data):
    client.force_login(organization_admin)
    data = {**activity_valid(municipality), **data}
    fz.post_and_check(
        client, reverse("organizations:activity_create", args=[organization.pk]), data
    )


@fz.FUZZ
@given(data=fz.submissions(ACTIVITY_FIELDS))
def test_editing_an_activity(client, organization_admin, organization, municipality, data):
    client.force_login(organization_admin)
    activity = ActivityFactory(organization=organization, municipality=municipality)
    data = {**activity_valid(municipality), **data}
    fz.post_and_check(client, reverse("organizations:activity_edit", args=[activity.pk]), data)


@fz.FUZZ
@given(data=fz.submissions(fz.field_names(ProfileForm), valid={"preferred_language": "en"}))
def test_the_profile(client, plain_user, data):
    client.force_login(plain_user)
    fz.post_and_check(client, reverse("accounts:profile"), data)


def test_form_bodies_that_are_not_utf8(client, organization_admin, organization, plain_user):
    client.force_login(organization_admin)
    fz.post_raw_bodies(client, reverse("organizations:edit", args=[organization.pk]))
    fz.post_raw_bodies(client, reverse("organizations:members", args=[organization.pk]))
    client.force_login(plain_user)
    fz.post_raw_bodies(client, reverse("organizations:register"))


# -- lists: the directories, the registry and its export ----------------------------------------


@fz.FUZZ
@given(params=fz.query_params(DirectoryFilter.base_filters))
def test_the_directory(client, organization, params):
    fz.get_and_check(client, reverse("organizations:directory"), params)


@fz.FUZZ
@given(params=fz.query_params(ActivityFilter.base_filters))
def test_the_activity_directory(client, municipality, params):
    fz.get_and_check(client, reverse("organizations:activity_directory"), params)


@fz.FUZZ
@given(params=fz.query_params(RegistryFilter.base_filters), fmt=st.sampled_from(["csv", "xlsx"]))
def test_the_registry_and_its_export(client, coordinator, organization, params, fmt):
    client.force_login(coordinator)
    fz.get_and_check(client, reverse("organizations:registry"), params)
    fz.get_and_check(client, reverse("organizations:registry_export", args=[fmt]), params)


def test_query_strings_that_are_not_utf8(client, coordinator):
    fz.get_raw_queries(client, reverse("organizations:directory"), DirectoryFilter.base_filters)
    fz.get_raw_queries(
        client, reverse("organizations:activity_directory"), ActivityFilter.base_filters
    )
    client.force_login(coordinator)
    fz.get_raw_queries(client, reverse("organizations:registry"), RegistryFilter.base_filters)
    fz.get_raw_queries(client, reverse("organizations:registry_export", args=["csv"]))


@fz.FUZZ
@given(segment=fz.hostile_text)
def test_hostile_path_segments(client, coordinator, segment):
    client.force_login(coordinator)
    from urllib.parse import quote

    for path in ("/registry/export.{}", "/media/logos/{}", "/invitations/{}/"):
        fz.assert_safe(client.get(path.format(quote(segment[:500], safe=""))))


# -- the import upload's other fields (its files: tests/organizations/test_import.py) -----------


@fz.FUZZ
@given(data=fz.submissions(["municipality", "file"]), show=fz.hostile_text, page=fz.hostile_text)
def test_the_import_upload_and_preview(client, coordinator, municipality, data, show, page):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from organizations.models import ImportBatch

    client.force_login(coordinator)
    upload = SimpleUploadedFile("kartlegging.csv", b"navn\nEt lag\n")
    fz.post_and_check(client, reverse("registry_import:upload"), {"file": upload, **data})
    batch = ImportBatch.objects.order_by("-pk").first()
    if batch is not None:
        url = reverse("registry_import:preview", args=[batch.pk])
        fz.get_and_check(client, url, {"show": show, "page": page})


# -- the HSDS API -------------------------------------------------------------------------------

API_PARAMS = ["search", "page", "per_page", "full", "organization_id"]


@fz.FUZZ
@given(params=fz.query_params(API_PARAMS), object_id=fz.hostile_text)
def test_the_hsds_api(client, organization, municipality, params, object_id):
    from urllib.parse import quote

    organization.verified_at = organization.verified_at  # verified or not: both are fine
    ActivityFactory(organization=organization, municipality=municipality)
    for name in ("organization_list", "service_list", "root"):
        response = fz.get_and_check(client, reverse(f"hsds:{name}"), params)
        assert response["Content-Type"].startswith("application/json")
    segment = quote(object_id[:500], safe="") or "x"
    for name in ("organizations", "services"):
        response = client.get(f"/api/hsds/{name}/{segment}", params)
        fz.assert_safe(response)
        assert response.status_code in (200, 400, 404)


def test_hsds_query_strings_that_are_not_utf8(client):
    for name in ("organization_list", "service_list"):
        fz.get_raw_queries(client, reverse(f"hsds:{name}"), API_PARAMS)


def test_a_search_with_a_null_character_is_a_400(client):
    """Found by the fuzzing: PostgreSQL refuses NUL in text, and the search was a 500."""
    response = client.get(reverse("hsds:service_list"), {"search": "a\x00b"})

    assert response.status_code == 400
    assert response.json()["status"] == 400


def test_far_dates_and_huge_numbers_in_the_organisation_and_activity_forms(
    client, organization_admin, organization, municipality
):
    client.force_login(organization_admin)
    url = reverse("organizations:edit", args=[organization.pk])
    fields = fz.edge_fields(OrganizationForm)
    fz.one_field_at_a_time(client, url, organization_valid(municipality), fields)
    url = reverse("organizations:activity_create", args=[organization.pk])
    fields = [*fz.edge_fields(ActivityForm), *fz.edge_fields(ScheduleForm, "schedules-0-")]
    fz.one_field_at_a_time(client, url, activity_valid(municipality), fields)

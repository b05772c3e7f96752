import time

import pytest
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from allauth.mfa.utils import is_mfa_enabled
from django.conf import settings
from django.urls import reverse
from django.utils.html import escape

from accounts.models import MunicipalityMembership
from tests.accounts.conftest import ORGANIZATION_ROLES, ROLES, SIGNED_IN_ROLES
from tests.factories import (
    TEST_PASSWORD,
    MunicipalityMembershipFactory,
    OrganizationFactory,
    OrganizationMembershipFactory,
)

pytestmark = pytest.mark.django_db

DASHBOARD = reverse("dashboard")
PROFILE = reverse("accounts:profile")
DRAMMEN = reverse("accounts:municipality", args=["drammen"])
LOGIN = reverse("account_login")
ACTIVATE_TOTP = reverse("mfa_activate_totp")

PANELS = {"municipal-roles", "organisation-roles", "platform-admin", "no-role"}
DASHBOARD_PANELS = {
    "plain_user": {"no-role"},
    "member": {"organisation-roles"},
    "contact_person": {"organisation-roles"},
    "organization_admin": {"organisation-roles"},
    "caseworker": {"municipal-roles"},
    "coordinator": {"municipal-roles"},
    "other_coordinator": {"municipal-roles"},
    "platform_admin": {"platform-admin"},
}


@pytest.fixture(params=[1, 10])
def staff_and_organizations(request, municipality):
    """1 or 10 more staff and as many organisations in the coordinator's municipality: a page
    that costs the same queries for both does not query once per row."""
    MunicipalityMembershipFactory.create_batch(request.param, municipality=municipality)
    OrganizationFactory.create_batch(request.param, municipalities=[municipality])
    return request.param


def templates_of(response) -> list[str]:
    return [template.name for template in response.templates]


# -- dashboard -----------------------------------------------------------------------------------


def test_dashboard_sends_anonymous_visitors_to_the_login_page(client):
    response = client.get(DASHBOARD)

    assert response.status_code == 302
    assert response["Location"] == f"{LOGIN}?next={DASHBOARD}"


@pytest.mark.parametrize("role", SIGNED_IN_ROLES)
def test_dashboard_shows_each_role_its_own_panel(client, log_in, organization, role):
    log_in(role)

    response = client.get(DASHBOARD)

    assert response.status_code == 200
    content = response.content.decode()
    shown = {panel for panel in PANELS if f'id="{panel}"' in content}
    assert shown == DASHBOARD_PANELS[role]


@pytest.mark.parametrize(
    ("role", "sentence"),
    [("coordinator", "You are a coordinator here."), ("caseworker", "You are a caseworker here.")],
)
def test_dashboard_names_the_municipal_role_and_links_the_municipality(
    client, log_in, role, sentence
):
    log_in(role)

    content = client.get(DASHBOARD).content.decode()

    assert sentence in content
    assert f'href="{DRAMMEN}"' in content


def test_dashboard_of_another_municipalitys_coordinator_shows_only_their_municipality(
    client, log_in, municipality
):
    log_in("other_coordinator")

    content = client.get(DASHBOARD).content.decode()

    assert "Asker kommune" in content
    assert reverse("accounts:municipality", args=["asker"]) in content
    assert DRAMMEN not in content


@pytest.mark.parametrize("role", ORGANIZATION_ROLES)
def test_dashboard_lists_the_organisations_of_organisation_people(
    client, log_in, organization, role
):
    OrganizationFactory(name="Someone Else's Club")
    log_in(role)

    content = client.get(DASHBOARD).content.decode()

    assert "Drammen Frivilligsentral" in content
    assert "Someone Else&#x27;s Club" not in content


def test_dashboard_of_a_platform_admin_links_the_admin_site(client, log_in):
    log_in("platform_admin")

    content = client.get(DASHBOARD).content.decode()

    assert f'href="{reverse("admin:index")}"' in content


def test_dashboard_of_a_coordinator_costs_the_same_queries_however_many_staff_and_organisations(
    client, coordinator, django_assert_num_queries, staff_and_organizations
):
    rows = staff_and_organizations
    client.force_login(coordinator)

    # session, user, municipal roles, organisation roles (RequireTwoFactorMiddleware), TOTP set up
    # (middleware), TOTP set up (dashboard), header municipalities, municipalities with staff and
    # organisation counts; the overview panels (dashboard app): organisations, categories,
    # agreements, next meetings, meetings without minutes, referrals with their decline reasons,
    # open needs, waiting requests for premises and arenas (the newest, each with the count)
    with django_assert_num_queries(13):
        response = client.get(DASHBOARD)

    assert response.status_code == 200
    (shown,) = response.context["my_municipalities"]
    assert shown.staff_count == rows + 1
    assert shown.organization_count == rows


@pytest.mark.parametrize("rows", [1, 10])
def test_dashboard_of_an_organisation_person_costs_the_same_queries_however_many_organisations(
    client, organization_admin, django_assert_num_queries, rows
):
    for organization in OrganizationFactory.create_batch(rows):
        OrganizationMembershipFactory(user=organization_admin, organization=organization)
        OrganizationMembershipFactory(organization=organization)
    client.force_login(organization_admin)

    # session, user, municipal roles, organisation roles (RequireTwoFactorMiddleware), TOTP set up
    # (dashboard), organisations with member counts; the organisation panels (dashboard app):
    # organisations with what waits and the profile parts, agreements to approve, next meetings,
    # followed grant deadlines, the answers its organisations gave to needs, their requests for
    # premises and arenas
    with django_assert_num_queries(10):
        response = client.get(DASHBOARD)

    assert response.status_code == 200
    assert len(response.context["my_organizations"]) == rows + 1


# -- profile -------------------------------------------------------------------------------------


def test_profile_sends_anonymous_visitors_to_the_login_page(client):
    response = client.get(PROFILE)

    assert response.status_code == 302
    assert response["Location"] == f"{LOGIN}?next={PROFILE}"


@pytest.mark.parametrize("role", SIGNED_IN_ROLES)
def test_profile_form_shows_the_users_name_and_language(client, log_in, role):
    user = log_in(role)

    response = client.get(PROFILE)

    assert response.status_code == 200
    content = response.content.decode()
    assert f'value="{escape(user.full_name)}"' in content
    assert '<option value="en" selected>' in content


def test_saving_the_profile_stores_the_name_and_the_language(client, log_in):
    user = log_in("plain_user")

    response = client.post(PROFILE, {"full_name": "  Kari Nordmann ", "preferred_language": "nb"})

    assert response.status_code == 302
    assert response["Location"] == PROFILE
    user.refresh_from_db()
    assert user.full_name == "Kari Nordmann"
    assert user.preferred_language == "nb"


def test_after_saving_the_profile_the_page_confirms_it_in_the_new_language(client, log_in):
    log_in("plain_user")

    response = client.post(PROFILE, {"full_name": "Kari", "preferred_language": "en"}, follow=True)

    assert [str(m) for m in response.context["messages"]] == ["Your profile is saved."]
    assert response.context["LANGUAGE_CODE"] == "en"


def field_block(content: str, field: str) -> str:
    """The HTML of one crispy field: from its wrapper to the next field's wrapper."""
    start = content.index(f'id="div_id_{field}"')
    end = content.find('id="div_id_', start + 1)
    return content[start : end if end != -1 else content.index("</form>", start)]


def test_an_empty_name_is_refused_next_to_the_field_and_the_typed_language_is_kept(client, log_in):
    user = log_in("plain_user")
    name = user.full_name

    response = client.post(PROFILE, {"full_name": "   ", "preferred_language": "nb"})

    assert response.status_code == 200
    content = response.content.decode()
    error = str(response.context["form"].errors["full_name"][0])
    assert error in field_block(content, "full_name")
    assert 'aria-describedby="id_full_name_error"' in field_block(content, "full_name")
    assert error not in field_block(content, "preferred_language")
    assert '<option value="nb" selected>' in field_block(content, "preferred_language")
    user.refresh_from_db()
    assert user.full_name == name


def test_an_unknown_language_is_refused_next_to_the_field_and_the_typed_name_is_kept(
    client, log_in
):
    user = log_in("plain_user")

    response = client.post(PROFILE, {"full_name": "Typed Name", "preferred_language": "xx"})

    assert response.status_code == 200
    content = response.content.decode()
    error = str(response.context["form"].errors["preferred_language"][0])
    assert "xx" in error
    assert error in field_block(content, "preferred_language")
    assert 'value="Typed Name"' in field_block(content, "full_name")
    user.refresh_from_db()
    assert user.full_name != "Typed Name"
    assert user.preferred_language == "en"


# -- municipality page ---------------------------------------------------------------------------

MUNICIPALITY_PAGE_STATUS = {
    "plain_user": 404,
    "member": 404,
    "contact_person": 404,
    "organization_admin": 404,
    "caseworker": 200,
    "coordinator": 200,
    "other_coordinator": 404,  # another tenant's page does not exist for you: 404, not 403
    "platform_admin": 200,
}


def test_municipality_page_sends_anonymous_visitors_to_the_login_page(client, municipality):
    response = client.get(DRAMMEN)

    assert response.status_code == 302
    assert response["Location"] == f"{LOGIN}?next={DRAMMEN}"


@pytest.mark.parametrize("role", SIGNED_IN_ROLES)
def test_municipality_page_is_only_for_its_own_staff_and_platform_admins(
    client, log_in, municipality, role
):
    log_in(role)

    response = client.get(DRAMMEN)

    assert response.status_code == MUNICIPALITY_PAGE_STATUS[role]
    if response.status_code == 404:
        assert "404.html" in templates_of(response)
        assert "Drammen kommune" not in response.content.decode()


@pytest.mark.parametrize("role", ["coordinator", "caseworker", "platform_admin"])
def test_municipality_page_lists_its_staff_and_organisations(
    client, log_in, municipality, coordinator, caseworker, organization, role
):
    OrganizationFactory(name="Asker Frivilligsentral")  # not active in Drammen
    log_in(role)

    content = client.get(DRAMMEN).content.decode()

    assert "Drammen kommune" in content
    assert escape(coordinator.full_name) in content
    assert escape(caseworker.full_name) in content
    assert "Drammen Frivilligsentral" in content
    assert "Asker Frivilligsentral" not in content


def test_an_unknown_municipality_is_404(client, log_in):
    log_in("platform_admin")

    response = client.get(reverse("accounts:municipality", args=["atlantis"]))

    assert response.status_code == 404
    assert "404.html" in templates_of(response)


def test_municipality_page_costs_the_same_queries_however_many_staff_and_organisations(
    client, coordinator, django_assert_num_queries, staff_and_organizations
):
    rows = staff_and_organizations
    client.force_login(coordinator)

    # session, user, municipal roles, organisation roles (RequireTwoFactorMiddleware), TOTP set up
    # (middleware), the municipality twice (permission check, then the page), header
    # municipalities, staff with their users, organisations
    with django_assert_num_queries(7):
        response = client.get(DRAMMEN)

    assert response.status_code == 200
    assert len(response.context["staff"]) == rows + 1
    assert len(response.context["organizations"]) == rows


# -- admin site ----------------------------------------------------------------------------------


@pytest.mark.parametrize("path", ["/admin/", "/admin/accounts/user/"])
def test_admin_site_is_open_to_platform_admins(client, log_in, path):
    log_in("platform_admin")

    response = client.get(path)

    assert response.status_code == 200
    assert any(name.startswith("admin/") for name in templates_of(response))


@pytest.mark.parametrize("path", ["/admin/", "/admin/accounts/user/"])
def test_admin_site_sends_anonymous_visitors_to_the_sites_own_login(client, path):
    response = client.get(path, follow=True)

    assert response.redirect_chain[-1][0].startswith(f"{LOGIN}?next=")
    assert response.status_code == 200
    assert not any(name.startswith("admin/") for name in templates_of(response))


@pytest.mark.parametrize("path", ["/admin/", "/admin/accounts/user/"])
@pytest.mark.parametrize("role", [r for r in SIGNED_IN_ROLES if r != "platform_admin"])
def test_admin_site_refuses_everyone_but_platform_admins(client, log_in, role, path):
    log_in(role)

    response = client.get(path, follow=True)

    assert response.status_code == 403
    assert "403.html" in templates_of(response)
    assert not any(name.startswith("admin/") for name in templates_of(response))


def test_admin_password_form_never_signs_anyone_in_past_two_factor(client, log_in, platform_admin):
    """Someone signed in as a plain user who knows an admin's password must still need TOTP."""
    log_in("plain_user")

    response = client.post(
        reverse("admin:login"), {"username": platform_admin.email, "password": TEST_PASSWORD}
    )

    assert response.status_code == 403
    assert client.get("/admin/").status_code == 302
    assert int(client.session["_auth_user_id"]) != platform_admin.pk


def test_admin_password_form_is_not_offered_to_anonymous_visitors(client, platform_admin):
    response = client.post(
        reverse("admin:login"), {"username": platform_admin.email, "password": TEST_PASSWORD}
    )

    assert response.status_code == 302
    assert response["Location"].startswith(f"{LOGIN}?next=")
    assert "_auth_user_id" not in client.session


# -- language switch -----------------------------------------------------------------------------


@pytest.mark.parametrize("role", SIGNED_IN_ROLES)
def test_switching_language_is_remembered_on_the_profile(client, log_in, role):
    user = log_in(role)

    response = client.post(reverse("set_language"), {"language": "nb", "next": "/privacy/"})

    assert response.status_code == 302
    assert response["Location"] == "/privacy/"
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "nb"
    user.refresh_from_db()
    assert user.preferred_language == "nb"


def test_switching_language_as_a_visitor_sets_the_language_cookie(client):
    response = client.post(reverse("set_language"), {"language": "en", "next": "/privacy/"})

    assert response.status_code == 302
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"
    assert client.get("/privacy/").context["LANGUAGE_CODE"] == "en"


def test_switching_to_an_unknown_language_changes_nothing(client, log_in):
    user = log_in("plain_user")

    client.post(reverse("set_language"), {"language": "xx", "next": "/privacy/"})

    user.refresh_from_db()
    assert user.preferred_language == "en"


def test_the_language_switch_only_accepts_post(client):
    assert client.get(reverse("set_language"), {"language": "en"}).status_code == 405


# -- public pages --------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["home", "accessibility", "privacy", "healthz"])
@pytest.mark.parametrize("role", ROLES)
def test_public_pages_are_open_to_everyone(client, log_in, role, name):
    log_in(role)

    response = client.get(reverse(name))

    assert response.status_code == 200


@pytest.mark.parametrize("role", ROLES)
def test_an_unknown_address_shows_the_sites_own_404_page(client, log_in, role):
    log_in(role)

    response = client.get("/no-such-page/")

    assert response.status_code == 404
    assert "404.html" in templates_of(response)
    assert f'href="{reverse("home")}"' in response.content.decode()


# -- two-factor enforcement ----------------------------------------------------------------------

STAFF_WITHOUT_TOTP = [
    "coordinator_without_totp",
    "caseworker_without_totp",
    "platform_admin_without_totp",
]


@pytest.mark.parametrize("path", [DASHBOARD, PROFILE, DRAMMEN, "/", "/admin/", "/no-such-page/"])
@pytest.mark.parametrize("who", STAFF_WITHOUT_TOTP)
def test_staff_without_totp_are_sent_to_totp_activation_from_any_page(
    client, request, municipality, who, path
):
    client.force_login(request.getfixturevalue(who))

    response = client.get(path)

    assert response.status_code == 302
    assert response["Location"] == ACTIVATE_TOTP


@pytest.mark.parametrize("name", ["accessibility", "privacy", "healthz", "account_logout"])
@pytest.mark.parametrize("who", STAFF_WITHOUT_TOTP)
def test_staff_without_totp_can_still_read_the_statements_and_log_out(client, request, who, name):
    client.force_login(request.getfixturevalue(who))

    response = client.get(reverse(name))

    assert response.status_code == 200


@pytest.mark.parametrize("who", STAFF_WITHOUT_TOTP)
def test_staff_without_totp_can_log_out(client, request, who):
    client.force_login(request.getfixturevalue(who))

    response = client.post(reverse("account_logout"))

    assert response.status_code == 302
    assert response["Location"] != ACTIVATE_TOTP
    assert "_auth_user_id" not in client.session


@pytest.mark.parametrize("who", STAFF_WITHOUT_TOTP)
def test_staff_without_totp_can_switch_language(client, request, who):
    user = request.getfixturevalue(who)
    client.force_login(user)

    response = client.post(reverse("set_language"), {"language": "en", "next": "/privacy/"})

    assert response.status_code == 302
    assert response["Location"] == "/privacy/"
    user.refresh_from_db()
    assert user.preferred_language == "en"


@pytest.mark.parametrize("path", [DASHBOARD, PROFILE, DRAMMEN])
@pytest.mark.parametrize("role", ["coordinator", "caseworker", "platform_admin"])
def test_staff_with_totp_reach_their_pages(client, log_in, municipality, role, path):
    log_in(role)

    assert client.get(path).status_code == 200


@pytest.mark.parametrize("role", ["plain_user", *ORGANIZATION_ROLES])
def test_organisation_people_and_plain_users_are_not_forced_to_set_up_totp(client, log_in, role):
    user = log_in(role)
    assert not is_mfa_enabled(user)

    for path in [DASHBOARD, PROFILE, "/"]:
        assert client.get(path).status_code == 200


@pytest.mark.parametrize("who", STAFF_WITHOUT_TOTP)
def test_staff_without_totp_can_set_it_up_after_confirming_their_password(client, request, who):
    user = request.getfixturevalue(who)
    client.force_login(user)

    # allauth asks for the password again before activation; the middleware must let that through
    response = client.get(ACTIVATE_TOTP, follow=True)
    assert response.status_code == 200
    assert response.redirect_chain[-1][0].startswith(reverse("account_reauthenticate"))
    response = client.post(response.redirect_chain[-1][0], {"password": TEST_PASSWORD}, follow=True)
    assert response.redirect_chain[-1][0] == ACTIVATE_TOTP
    secret = response.context["form"].secret
    code = format_hotp_value(hotp_value(secret, int(time.time()) // 30))
    client.post(ACTIVATE_TOTP, {"code": code})

    assert is_mfa_enabled(user)
    assert client.get(DASHBOARD).status_code == 200


def test_a_new_municipal_role_requires_totp_from_the_next_request(client, plain_user, municipality):
    client.force_login(plain_user)
    assert client.get(DASHBOARD).status_code == 200

    MunicipalityMembershipFactory(
        user=plain_user, municipality=municipality, role=MunicipalityMembership.Role.CASEWORKER
    )

    assert client.get(DASHBOARD)["Location"] == ACTIVATE_TOTP


def test_a_platform_admin_sets_a_municipalitys_days_without_meetings(client, log_in, municipality):
    assert municipality.days_without_meetings == [
        "christmas_eve",
        "new_years_eve",
        "easter_saturday",
    ]
    log_in("platform_admin")
    url = reverse("admin:accounts_municipality_change", args=[municipality.pk])
    assert 'value="whit_saturday"' in client.get(url).content.decode()

    response = client.post(
        url,
        {
            "name": municipality.name,
            "number": municipality.number,
            "country": municipality.country,
            "slug": municipality.slug,
            "days_without_meetings": ["christmas_eve", "whit_saturday"],
        },
    )

    assert response.status_code == 302
    municipality.refresh_from_db()
    assert municipality.days_without_meetings == ["christmas_eve", "whit_saturday"]

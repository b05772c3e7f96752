"""Security headers with production settings, and the idle sign-out for people who can see
personal data."""

import time

import pytest
from django.urls import reverse

from accounts.middleware import IdleTimeoutMiddleware
from tests.factories import TEST_PASSWORD

pytestmark = pytest.mark.django_db


@pytest.fixture
def production(settings):
    """The settings that config.settings.base computes when DEBUG is off."""
    settings.DEBUG = False
    settings.SECURE_SSL_REDIRECT = True
    settings.SECURE_HSTS_SECONDS = 60 * 60 * 24 * 365
    settings.SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    settings.SECURE_HSTS_PRELOAD = True
    settings.SESSION_COOKIE_SECURE = True
    settings.CSRF_COOKIE_SECURE = True
    return settings


@pytest.mark.parametrize(
    "path", ["/", "/directory/", "/accounts/login/", "/accessibility/", "/events/"]
)
def test_main_pages_carry_every_security_header(client, production, path):
    response = client.get(path, secure=True, follow=True)
    assert response.status_code == 200
    headers = response.headers
    csp = headers["Content-Security-Policy"]
    assert "default-src 'self'" in csp or "default-src 'none'" in csp
    assert "'unsafe-inline'" not in csp
    assert "frame-ancestors 'none'" in csp or headers["X-Frame-Options"] == "DENY"
    assert headers["Strict-Transport-Security"].startswith("max-age=31536000")
    assert "includeSubDomains" in headers["Strict-Transport-Security"]
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "same-origin"
    assert "camera=()" in headers["Permissions-Policy"]
    assert headers["Cross-Origin-Opener-Policy"] == "same-origin"


def test_plain_http_is_redirected_to_https(client, production):
    response = client.get("/directory/")
    assert response.status_code == 301
    assert response["Location"].startswith("https://")


def test_session_and_csrf_cookies_are_secure_httponly_and_same_site(client, production, plain_user):
    response = client.get("/accounts/login/", secure=True)
    csrf = response.cookies["csrftoken"]
    assert csrf["secure"]
    assert csrf["httponly"]
    assert csrf["samesite"] == "Lax"
    response = client.post(
        "/accounts/login/",
        {"login": plain_user.email, "password": TEST_PASSWORD},
        secure=True,
    )
    assert response.status_code == 302
    session = response.cookies["sessionid"]
    assert session["secure"]
    assert session["httponly"]
    assert session["samesite"] == "Lax"


def _idle(client, minutes):
    session = client.session
    session[IdleTimeoutMiddleware.SESSION_KEY] = int(time.time()) - minutes * 60
    session.save()


@pytest.mark.parametrize("who", ["caseworker", "coordinator", "platform_admin"])
def test_staff_who_see_personal_data_are_signed_out_after_30_idle_minutes(
    english, client, request, who
):
    user = request.getfixturevalue(who)
    client.force_login(user)
    _idle(client, 29)
    assert client.get("/dashboard/").status_code == 200
    _idle(client, 31)
    response = client.get("/dashboard/", follow=True)
    assert response.redirect_chain[0][0].startswith(reverse("account_login"))
    assert "next=%2Fdashboard%2F" in response.redirect_chain[0][0]
    assert "signed out after 30 minutes without activity" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_a_contact_person_is_signed_out_too_but_a_member_is_not(client, contact_person, member):
    client.force_login(contact_person)
    _idle(client, 31)
    assert client.get("/dashboard/").status_code == 302
    client.force_login(member)
    _idle(client, 120)
    assert client.get("/dashboard/").status_code == 200


def test_activity_keeps_the_session_alive(client, caseworker):
    client.force_login(caseworker)
    _idle(client, 20)
    assert client.get("/dashboard/").status_code == 200
    assert client.session[IdleTimeoutMiddleware.SESSION_KEY] > time.time() - 5

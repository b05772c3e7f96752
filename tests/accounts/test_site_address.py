"""allauth's e-mails link to SITE_URL and greet from the site's name.

Under `make run` (SITE_URL http://127.0.0.1:8000) the sign-up link was https://127.0.0.1:8000/…,
which leads nowhere on a plain-http development server, and the mail greeted "Hei fra
127.0.0.1:8000!"."""

import re
import subprocess
import sys

import pytest
from allauth.account.models import EmailAddress
from django.conf import settings as django_settings
from django.core import mail
from django.urls import reverse

from accounts.site import absolute_url, current_site
from tests.factories import TEST_PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

LINK = re.compile(r"(?:https?)://\S+")


def sign_up(client, email="ny@example.no", **extra):
    response = client.post(
        reverse("account_signup"),
        {
            "full_name": "Nora Ny",
            "email": email,
            "password1": TEST_PASSWORD,
            "password2": TEST_PASSWORD,
        },
        **extra,
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    return mail.outbox[-1]


def test_under_make_run_the_confirmation_link_is_plain_http_and_greets_from_brobygger(
    client, settings
):
    settings.SITE_URL = "http://127.0.0.1:8000"

    message = sign_up(client, HTTP_HOST="127.0.0.1:8000")

    [link] = LINK.findall(message.body)
    assert link.startswith("http://127.0.0.1:8000/accounts/confirm-email/")
    assert "https://" not in message.body
    assert "Hei fra Brobygger!" in message.body
    assert "127.0.0.1:8000!" not in message.body


def test_in_production_the_confirmation_link_is_https_on_the_public_host(client, settings):
    settings.SITE_URL = "https://brobygger.example.no"

    # However the request reached the server (the proxy's internal address).
    message = sign_up(client, HTTP_HOST="127.0.0.1:8000")

    [link] = LINK.findall(message.body)
    assert link.startswith("https://brobygger.example.no/accounts/confirm-email/")
    assert "Hei fra Brobygger!" in message.body
    assert "Takk for at du bruker Brobygger!" in message.body
    assert "127.0.0.1" not in message.body

    # The link works: confirming it verifies the address.
    path = link.removeprefix(settings.SITE_URL)
    assert client.get(path).status_code == 200
    client.post(path)
    assert EmailAddress.objects.get(email="ny@example.no").verified


def test_password_reset_and_account_exists_mails_link_to_site_url(client, settings):
    settings.SITE_URL = "https://brobygger.example.no"
    UserFactory(email="kari@example.no")  # with a verified address

    client.post(reverse("account_reset_password"), {"email": "kari@example.no"})
    sign_up(client, email="kari@example.no")  # someone signs up with a taken address
    reset, exists = mail.outbox

    for message in (reset, exists):
        links = LINK.findall(message.body)
        assert links, message.body
        assert all(link.startswith("https://brobygger.example.no/accounts/") for link in links)
        assert "Hei fra Brobygger!" in message.body
    assert "/accounts/password/reset/key/" in reset.body


def test_absolute_url_puts_any_location_on_site_url(settings):
    settings.SITE_URL = "http://127.0.0.1:8000"
    assert absolute_url("/meetings/feeds/") == "http://127.0.0.1:8000/meetings/feeds/"
    assert absolute_url("https://testserver/a/?b=1#c") == "http://127.0.0.1:8000/a/?b=1#c"
    assert current_site().domain == "127.0.0.1:8000"
    assert current_site().name == "Brobygger"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("http://127.0.0.1:8000/", "http://127.0.0.1:8000"),
        ("https://brobygger.example.no", "https://brobygger.example.no"),
    ],
)
def test_site_url_setting_is_normalised(value, expected):
    result = subprocess.run(
        [sys.executable, "-c", "from config.settings import base; print(base.SITE_URL)"],
        env={"SITE_URL": value, "DEBUG": "true", "PATH": ""},
        capture_output=True,
        text=True,
        check=False,
        cwd=django_settings.BASE_DIR,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == expected


def test_a_site_url_without_scheme_is_refused_at_start():
    result = subprocess.run(
        [sys.executable, "-c", "from config.settings import base"],
        env={"SITE_URL": "brobygger.example.no", "DEBUG": "true", "PATH": ""},
        capture_output=True,
        text=True,
        check=False,
        cwd=django_settings.BASE_DIR,
    )
    assert result.returncode != 0
    assert "SITE_URL must be the site's address" in result.stderr

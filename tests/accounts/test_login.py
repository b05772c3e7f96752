import pytest
from django.conf import settings
from django.urls import reverse

from tests.factories import TEST_PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

LOGIN = reverse("account_login")
TOO_MANY = "Too many failed login attempts. Try again later."
ALLOWED_FAILURES = 5  # ACCOUNT_RATE_LIMITS["login_failed"]: 5/15m/key


@pytest.fixture
def english(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"


def log_in(client, email, password):
    return client.post(LOGIN, {"login": email, "password": password})


def test_the_right_password_logs_in(client, plain_user):
    response = log_in(client, plain_user.email, TEST_PASSWORD)

    assert response.status_code == 302
    assert int(client.session["_auth_user_id"]) == plain_user.pk


def test_a_wrong_password_is_refused_without_locking_the_account(english, client, plain_user):
    for _ in range(ALLOWED_FAILURES - 1):
        assert log_in(client, plain_user.email, "wrong-password").status_code == 200

    response = log_in(client, plain_user.email, TEST_PASSWORD)

    assert response.status_code == 302
    assert int(client.session["_auth_user_id"]) == plain_user.pk


def test_after_five_failed_logins_even_the_right_password_is_refused(english, client, plain_user):
    for _ in range(ALLOWED_FAILURES):
        response = log_in(client, plain_user.email, "wrong-password")
        assert response.status_code == 200
        assert TOO_MANY not in response.content.decode()

    response = log_in(client, plain_user.email, TEST_PASSWORD)

    assert response.status_code == 200
    assert TOO_MANY in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_the_lockout_counts_per_account_whatever_the_case_of_the_address(
    english, client, plain_user
):
    for n in range(ALLOWED_FAILURES):
        email = plain_user.email.upper() if n % 2 else plain_user.email
        log_in(client, email, "wrong-password")

    response = log_in(client, plain_user.email, TEST_PASSWORD)

    assert TOO_MANY in response.content.decode()


def test_a_locked_account_does_not_lock_out_other_people(english, client, plain_user):
    other = UserFactory()
    for _ in range(ALLOWED_FAILURES):
        log_in(client, plain_user.email, "wrong-password")

    response = log_in(client, other.email, TEST_PASSWORD)

    assert response.status_code == 302
    assert int(client.session["_auth_user_id"]) == other.pk


# -- behind the TLS proxy: every request comes from the proxy's address --------------------------

PROXY = "10.0.0.2"  # the connection's address, the same for every visitor
ALLOWED_PER_ADDRESS = 20  # ACCOUNT_RATE_LIMITS["login_failed"]: 20/m/ip


@pytest.fixture
def behind_proxy(settings):
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1


def visitor(address: str, *, forwarded_by_visitor: str = ""):
    """A browser behind the proxy, which appends the address it sees to X-Forwarded-For."""
    from django.test import Client

    chain = f"{forwarded_by_visitor}, {address}" if forwarded_by_visitor else address
    client = Client(REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=chain)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def fail_from_one_address(client, times: int) -> None:
    """Failures with ever new addresses: the per-address limit, never a per-account one."""
    for n in range(times):
        assert TOO_MANY not in log_in(client, f"guess{n}@example.no", "wrong").content.decode()


def test_behind_the_proxy_one_address_that_fails_is_locked_out_and_no_one_else(
    behind_proxy, plain_user
):
    attacker, neighbour = visitor("203.0.113.7"), visitor("198.51.100.23")
    victim = UserFactory()
    fail_from_one_address(attacker, ALLOWED_PER_ADDRESS)

    refused = log_in(attacker, plain_user.email, TEST_PASSWORD)
    signed_in = log_in(neighbour, victim.email, TEST_PASSWORD)

    assert TOO_MANY in refused.content.decode()
    assert "_auth_user_id" not in attacker.session
    assert signed_in.status_code == 302
    assert int(neighbour.session["_auth_user_id"]) == victim.pk


def test_an_address_written_by_the_visitor_does_not_escape_the_limit(behind_proxy, plain_user):
    """X-Forwarded-For is read from the right: what the visitor wrote before the proxy's entry
    changes nothing."""
    for n in range(ALLOWED_PER_ADDRESS):
        log_in(visitor("203.0.113.7", forwarded_by_visitor=f"192.0.2.{n}"), f"g{n}@x.no", "wrong")

    again = visitor("203.0.113.7", forwarded_by_visitor="192.0.2.200")
    response = log_in(again, plain_user.email, TEST_PASSWORD)

    assert TOO_MANY in response.content.decode()


def test_behind_the_proxy_the_per_account_limit_still_holds_across_addresses(
    behind_proxy, plain_user
):
    for n in range(ALLOWED_FAILURES):
        log_in(visitor(f"203.0.113.{n + 1}"), plain_user.email, "wrong-password")

    elsewhere = visitor("198.51.100.23")
    response = log_in(elsewhere, plain_user.email, TEST_PASSWORD)

    assert TOO_MANY in response.content.decode()
    assert "_auth_user_id" not in elsewhere.session


def test_without_a_trusted_proxy_x_forwarded_for_is_ignored(plain_user):
    """The default (no proxy configured): a visitor who writes the header gains nothing."""
    from django.test import Client

    for n in range(ALLOWED_PER_ADDRESS):
        client = Client(REMOTE_ADDR="203.0.113.7", HTTP_X_FORWARDED_FOR=f"192.0.2.{n}")
        log_in(client, f"guess{n}@example.no", "wrong")

    client = Client(REMOTE_ADDR="203.0.113.7", HTTP_X_FORWARDED_FOR="192.0.2.200")
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = log_in(client, plain_user.email, TEST_PASSWORD)

    assert TOO_MANY in response.content.decode()


def test_the_trusted_proxy_comes_from_the_environment_and_compose_trusts_one():
    import subprocess
    import sys

    code = (
        "import django; django.setup(); from django.conf import settings as s; "
        "print(s.ALLAUTH_TRUSTED_PROXY_COUNT, s.ALLAUTH_TRUSTED_CLIENT_IP_HEADER)"
    )
    env = {
        **__import__("os").environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.test",
        "TRUSTED_PROXY_COUNT": "2",
        "TRUSTED_CLIENT_IP_HEADER": "X-Real-IP",
    }
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    compose = (settings.BASE_DIR / "docker-compose.yml").read_text()

    assert result.stdout.split() == ["2", "X-Real-IP"]
    assert "TRUSTED_PROXY_COUNT: ${TRUSTED_PROXY_COUNT:-1}" in compose

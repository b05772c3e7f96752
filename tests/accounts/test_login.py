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

"""No traceback ever reaches a user: the site's own 404, 403 and 500 pages."""

import pytest
from django.db import InterfaceError, OperationalError
from django.test import RequestFactory
from django.utils import translation
from django.views import defaults

pytestmark = pytest.mark.django_db


def test_a_server_error_shows_the_friendly_page_without_a_traceback():
    request = RequestFactory().get("/anything")

    # The language middleware has chosen bokmål for this request (the error page is rendered in
    # the request's language, which a previous test's request must not decide).
    with translation.override("nb"):
        response = defaults.server_error(request)

    html = response.content.decode()
    assert response.status_code == 500
    assert "Noe gikk galt" in html
    assert "Traceback" not in html


def test_an_unknown_address_shows_the_sites_own_404_page(client):
    response = client.get("/finnes-ikke/")

    assert response.status_code == 404
    assert "Fant ikke siden" in response.content.decode()
    assert '<main id="main"' in response.content.decode()


def _handled(exception: Exception):
    from accounts.errors import server_error

    request = RequestFactory().get("/directory/")
    try:
        raise exception
    except Exception:  # Django calls handler500 inside its own except block
        return server_error(request)


@pytest.mark.parametrize("error", [OperationalError, InterfaceError])
def test_a_lost_database_gives_the_friendly_503_page_with_retry_after(error):
    response = _handled(error("connection to server at 127.0.0.1 failed: Connection refused"))

    html = response.content.decode()
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert "Tjenesten er utilgjengelig en kort stund" in html
    assert "Connection refused" not in html


def test_any_other_error_still_gives_the_500_page():
    response = _handled(ValueError("a bug"))

    assert response.status_code == 500
    assert "Noe gikk galt" in response.content.decode()

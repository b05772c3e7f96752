"""No traceback ever reaches a user: the site's own 404, 403 and 500 pages."""

import pytest
from django.test import RequestFactory
from django.views import defaults

pytestmark = pytest.mark.django_db


def test_a_server_error_shows_the_friendly_page_without_a_traceback():
    request = RequestFactory().get("/anything")

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

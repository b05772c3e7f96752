"""The feeds page shows calendar addresses as the site is served (SITE_URL): http under
`make run`, https behind the TLS proxy. An https address for a plain-http site gives nothing."""

import re

import pytest
from django.urls import reverse

from meetings.models import CalendarFeed

pytestmark = pytest.mark.django_db


def feed_links(client) -> set[str]:
    """Every absolute link on the feeds page that leads to a calendar feed."""
    response = client.get(reverse("meetings:feeds"))
    assert response.status_code == 200
    prefix = reverse("meetings:feed", args=["TOKEN"]).split("TOKEN")[0]
    links = re.findall(r'href="([a-z]+://[^"]+)"', response.content.decode())
    return {link for link in links if prefix in link}


@pytest.mark.parametrize(
    "site_url",
    [
        "http://127.0.0.1:8000",  # make run: plain http
        "https://brobygger.example.no",  # production behind the TLS proxy
    ],
)
def test_personal_and_organisation_feeds_follow_site_url(
    client, settings, contact_person, organization, site_url
):
    settings.SITE_URL = site_url
    client.force_login(contact_person)

    links = feed_links(client)

    mine = CalendarFeed.objects.get(user=contact_person).get_absolute_url()
    theirs = CalendarFeed.objects.get(organization=organization).get_absolute_url()
    bare = site_url.split("://", 1)[1]
    assert links == {
        f"{site_url}{mine}",
        f"webcal://{bare}{mine}",
        f"{site_url}{theirs}",
        f"webcal://{bare}{theirs}",
    }


def test_the_copied_address_serves_the_feed(client, settings, contact_person):
    settings.SITE_URL = "http://127.0.0.1:8000"
    client.force_login(contact_person)
    url = min(link for link in feed_links(client) if link.startswith("http://"))
    client.logout()

    response = client.get(url.removeprefix(settings.SITE_URL))

    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"

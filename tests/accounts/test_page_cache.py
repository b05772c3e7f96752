"""Whole public pages are cached for signed-out visitors (accounts/page_cache.py, issue #24): a
repeated request costs no query, a change to what a page shows shows at once, signed-in visitors
always get their own page, languages never mix, and no CSRF token is ever kept. The feeds and
the open-data API answer conditional requests."""

import pickle
import re
import zlib

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts import page_cache
from dashboard.models import MunicipalityPage
from organizations.models import Organization
from tests.factories import (
    ActivityFactory,
    MeetingFactory,
    SchemeFactory,
    person_of,
    verified_in,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(municipality):
    organization = verified_in(municipality, "Alfa")
    activity = ActivityFactory(organization=organization, municipality=municipality, title="Kafé")
    meeting = MeetingFactory(municipality=municipality, title="Frivillighetsmesse", is_public=True)
    scheme = SchemeFactory(name="Inkluderingstilskudd", slug="inkludering")
    MunicipalityPage.objects.create(municipality=municipality, cooperation="Vi møtes i forum.")
    return {
        "organization": organization,
        "activity": activity,
        "meeting": meeting,
        "scheme": scheme,
        "municipality": municipality,
    }


def public_pages(world) -> dict[str, str]:
    date = world["meeting"].starts_at.date().isoformat()
    slug = world["municipality"].slug
    return {
        "organisation page": reverse("organizations:detail", args=[world["organization"].pk]),
        "activity page": reverse("organizations:activity", args=[world["activity"].pk]),
        "events, month": reverse("meetings:public") + f"?view=month&date={date}",
        "events, week": reverse("meetings:public") + f"?view=week&date={date}",
        "events, list": reverse("meetings:public"),
        "grants catalogue": reverse("grants:catalogue"),
        "grant scheme": reverse("grants:scheme", args=[world["scheme"].slug]),
        "municipality page": reverse("public:municipality", args=[slug]),
        "referral guide": reverse("public:guide", args=[slug]),
        "privacy notice": reverse("public:privacy", args=[slug]),
        "offer list to print": reverse("public:offers_print", args=[slug]),
    }


def cached_values() -> list[bytes]:
    """Every page body in the cache, decompressed (LocMemCache keeps pickled values)."""
    bodies = []
    for raw in list(cache._cache.values()):
        value = pickle.loads(raw)  # noqa: S301
        if isinstance(value, tuple) and len(value) == 2 and isinstance(value[1], tuple):
            bodies.append(zlib.decompress(value[1][1]))
    return bodies


def main_part(response) -> str:
    page = response.content.decode()
    return page[page.index("<main") : page.index("</main>")]


@pytest.mark.parametrize(
    "page",
    [
        "organisation page",
        "activity page",
        "events, month",
        "events, week",
        "events, list",
        "grants catalogue",
        "grant scheme",
        "municipality page",
        "referral guide",
        "privacy notice",
    ],
)
def test_a_repeated_request_is_answered_without_a_query(
    client, django_assert_num_queries, world, page
):
    url = public_pages(world)[page]
    first = client.get(url)
    assert first.status_code == 200

    with django_assert_num_queries(0):
        second = client.get(url)

    assert second.status_code == 200
    assert main_part(first) == main_part(second)
    assert second["Content-Type"] == first["Content-Type"]


def test_a_renamed_organisation_shows_at_once_on_its_page_and_its_activity(client, world):
    pages = public_pages(world)
    for name in ("organisation page", "activity page"):
        assert "Alfa" in client.get(pages[name]).content.decode()

    world["organization"].name = "Alfa og Omega"
    world["organization"].save()

    for name in ("organisation page", "activity page"):
        assert "Alfa og Omega" in client.get(pages[name]).content.decode(), name


def test_a_sign_in_leaves_the_cached_pages_and_a_changed_name_does_not(client, world):
    member = person_of(world["organization"], "admin")
    url = public_pages(world)["organisation page"]
    client.get(url)
    version = cache.get(page_cache.PUBLIC_PAGES.version_key)

    Client().force_login(member)  # saves last_login only, which no public page shows
    assert cache.get(page_cache.PUBLIC_PAGES.version_key) == version

    member.first_name = "Ragnhild"  # a contact person's name is on the organisation's page
    member.save()
    assert cache.get(page_cache.PUBLIC_PAGES.version_key) != version


def test_a_new_public_event_and_a_cancelled_one_show_at_once_in_every_calendar_view(
    client, world, municipality
):
    pages = public_pages(world)
    calendars = ["events, month", "events, week", "events, list"]
    for name in calendars:
        client.get(pages[name])

    MeetingFactory(
        municipality=municipality,
        title="Språkkafé",
        is_public=True,
        starts_at=world["meeting"].starts_at,
        ends_at=world["meeting"].ends_at,
    )
    world["meeting"].is_public = False
    world["meeting"].save()

    for name in calendars:
        page = client.get(pages[name]).content.decode()
        assert "Språkkafé" in page, name
        assert "Frivillighetsmesse" not in page, name


def test_a_changed_scheme_and_municipality_text_show_at_once(client, world, municipality):
    pages = public_pages(world)
    for name in ("grants catalogue", "grant scheme", "municipality page"):
        client.get(pages[name])

    world["scheme"].name = "Tilskudd til inkludering"
    world["scheme"].save()
    text = municipality.public_page
    text.cooperation = "Vi møtes nå hver måned."
    text.save()

    assert "Tilskudd til inkludering" in client.get(pages["grants catalogue"]).content.decode()
    assert "Tilskudd til inkludering" in client.get(pages["grant scheme"]).content.decode()
    assert "hver måned" in client.get(pages["municipality page"]).content.decode()


def test_an_organisation_no_longer_public_is_not_served_from_the_cache(client, world):
    url = public_pages(world)["organisation page"]
    assert client.get(url).status_code == 200

    world["organization"].status = Organization.Status.REJECTED
    world["organization"].save()

    assert client.get(url).status_code != 200


def test_signed_in_visitors_never_get_the_cached_page_nor_fill_it(client, world, organization):
    pages = public_pages(world)
    member = person_of(organization, "admin")
    anonymous = Client()
    for url in pages.values():
        assert "Logg ut" not in anonymous.get(url).content.decode()

    client.force_login(member)
    for name, url in pages.items():
        assert "Logg ut" in client.get(url).content.decode(), name

    for body in cached_values():
        assert b"Logg ut" not in body
        assert member.email.encode() not in body


def test_a_signed_in_visitor_leaves_no_page_in_the_cache(client, world, organization):
    client.force_login(person_of(organization, "admin"))
    for url in public_pages(world).values():
        client.get(url)

    assert cached_values() == []


def test_the_languages_never_mix(client, settings, world):
    url = public_pages(world)["grants catalogue"]
    norwegian = client.get(url).content.decode()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    english = client.get(url).content.decode()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "nb"
    norwegian_again = client.get(url).content.decode()  # from the cache

    assert '<html lang="nb"' in norwegian
    assert '<html lang="en"' in english
    assert '<html lang="nb"' in norwegian_again


def csrf_tokens(page: str) -> list[str]:
    return re.findall(r'name="csrfmiddlewaretoken" value="([^"]*)"', page)


def test_no_csrf_token_is_cached_and_each_answer_has_its_own(world):
    url = public_pages(world)["municipality page"]
    visitors = [Client(), Client()]
    pages = [visitor.get(url).content.decode() for visitor in visitors]
    pages.append(visitors[0].get(url).content.decode())

    tokens = [token for page in pages for token in csrf_tokens(page)]
    assert len(tokens) >= 3
    assert len(set(tokens)) == len(tokens)
    for body in cached_values():
        assert set(csrf_tokens(body.decode())) <= {page_cache.CSRF_PLACEHOLDER.decode()}
        assert not any(token.encode() in body for token in tokens)


def test_the_token_in_a_page_from_the_cache_works(world):
    url = public_pages(world)["organisation page"]
    Client().get(url)  # another visitor fills the cache
    visitor = Client(enforce_csrf_checks=True)
    page = visitor.get(url).content.decode()
    [token, *_] = csrf_tokens(page)

    response = visitor.post(
        reverse("set_language"), {"csrfmiddlewaretoken": token, "language": "en", "next": url}
    )

    assert response.status_code == 302
    assert 'lang="en"' in visitor.get(url).content.decode()


def test_a_visitor_with_a_message_waiting_sees_it(world, organization):
    url = public_pages(world)["grants catalogue"]
    Client().get(url)  # cached by another visitor
    visitor = Client()
    visitor.force_login(person_of(organization, "admin"))
    visitor.post(reverse("account_logout"))

    assert 'class="messages"' in visitor.get(url).content.decode()
    assert 'class="messages"' not in visitor.get(url).content.decode()


# -- feeds and the open-data API: ETag, 304, bodies per data version --------------------------


@pytest.mark.parametrize(
    "url",
    [
        reverse("meetings:public_feed"),
        reverse("meetings:municipality_public_feed", args=["drammen"]),
        reverse("hsds:service_list"),
        reverse("hsds:organization_list"),
    ],
)
def test_feeds_and_the_api_answer_304_from_the_cache_and_a_change_gives_a_new_etag(
    client, django_assert_num_queries, world, url
):
    first = client.get(url)
    etag = first["ETag"]
    assert first.status_code == 200
    assert etag

    with django_assert_num_queries(0):
        again = client.get(url, headers={"if-none-match": etag})
    assert again.status_code == 304
    assert again.content == b""

    MeetingFactory(municipality=world["municipality"], title="Nytt møte", is_public=True)
    world["organization"].name = "Alfa og Omega"
    world["organization"].save()

    changed = client.get(url, headers={"if-none-match": etag})
    assert changed.status_code == 200
    assert changed["ETag"] != etag


def test_a_signed_in_visitor_shares_the_feed_and_the_api(client, world, organization):
    url = reverse("hsds:service_list")
    member = person_of(organization, "admin")
    body = Client().get(url).content
    client.force_login(member)
    client.get(reverse("grants:catalogue"))  # the session's first-request bookkeeping

    with CaptureQueriesContext(connection) as cached:
        response = client.get(url)
    page_cache.PUBLIC_PAGES.new_version()
    with CaptureQueriesContext(connection) as rendered:
        client.get(url)

    assert response.content == body
    assert len(cached) < len(rendered)  # the API's own queries are not run


def test_the_apis_pages_share_one_count_that_a_new_activity_changes_at_once(
    client, world, municipality
):
    ActivityFactory(organization=world["organization"], municipality=municipality, title="Lekser")
    url = reverse("hsds:service_list")
    first = client.get(url, {"per_page": 1, "page": 1}).json()

    with CaptureQueriesContext(connection) as second_page:
        second = client.get(url, {"per_page": 1, "page": 2}).json()
    ActivityFactory(organization=world["organization"], municipality=municipality, title="Sjakk")
    third = client.get(url, {"per_page": 1, "page": 3}).json()

    assert first["total_items"] == second["total_items"] == 2
    assert not any("COUNT(" in q["sql"] for q in second_page.captured_queries)
    assert third["total_items"] == 3
    assert third["size"] == 1

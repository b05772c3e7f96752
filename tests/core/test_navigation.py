"""The header's menus (core/navigation.py), in bokmål, the default: a short primary menu shaped
by what each person may do, the rest under "More", and the current section marked for screen
readers."""

import re

import pytest
from django.urls import reverse

from tests.factories import MunicipalityFactory, OrganizationFactory, person_of, staff_of

pytestmark = pytest.mark.django_db


def _main_menu(html: str) -> list[str]:
    nav = re.search(r'<nav class="site-nav"[^>]*>(.*?)</nav>', html, re.S).group(1)
    return [
        re.sub(r"<[^>]+>", "", label).strip()
        for label in re.findall(r"<a [^>]*>(.*?)</a>", nav, re.S)
    ]


def _more_menu(html: str) -> list[str]:
    nav = re.search(r'<nav class="user-menu-panel"[^>]*>(.*?)</nav>', html, re.S).group(1)
    return [label.strip() for label in re.findall(r"<a [^>]*>(.*?)</a>", nav, re.S)]


def _user(kind: str):
    municipality = MunicipalityFactory()
    if kind in {"coordinator", "caseworker", "leader"}:
        return staff_of(municipality, kind)
    return person_of(OrganizationFactory(), kind)


@pytest.mark.parametrize(
    ("kind", "menu"),
    [
        (
            "coordinator",
            ["Oversikt", "Organisasjoner", "Avtaler", "Møter", "Henvisninger", "Tilskudd"],
        ),
        ("contact", ["Min organisasjon", "Møter", "Henvisninger", "Tilskudd"]),
        ("caseworker", ["Startside", "Møter", "Personer og henvisninger"]),
        ("leader", ["Oversikt", "Avtaler", "Møter"]),
    ],
)
def test_each_role_gets_a_short_primary_menu(client, kind, menu):
    client.force_login(_user(kind))
    html = client.get(reverse("notifications:list")).content.decode()
    assert _main_menu(html) == [*menu, "Varsler"]


def test_the_pages_left_out_of_the_primary_menu_are_under_more(client):
    client.force_login(_user("caseworker"))
    html = client.get(reverse("notifications:list")).content.decode()
    more = _more_menu(html)
    assert {"Tilskudd", "Katalog", "Arrangementer", "Min profil", "Tofaktorautentisering"} <= set(
        more
    )
    assert "Administrasjon" not in more  # asked of the rules: only the platform's operators


def test_a_visitor_gets_the_public_pages(client):
    html = client.get(reverse("home")).content.decode()
    assert _main_menu(html) == ["Katalog", "Aktiviteter", "Arrangementer", "Tilskudd", "Kommuner"]
    assert "user-menu" not in html


@pytest.mark.parametrize(
    ("url_name", "current"),
    [
        ("agreements:list", "Avtaler"),
        ("organizations:registry", "Organisasjoner"),
        ("meetings:calendar", "Møter"),
        ("dashboard", "Oversikt"),
    ],
)
def test_the_current_section_is_marked_once(client, url_name, current):
    client.force_login(_user("coordinator"))
    html = client.get(reverse(url_name)).content.decode()
    header = re.search(r"<header .*?</header>", html, re.S).group(0)
    marked = re.findall(r'<a [^>]*aria-current="page"[^>]*>([^<]*)</a>', header)
    assert marked == [current]

"""The municipality's public page (issue #18): whom to contact, what it needs now, its public
meetings and its own texts, for anyone without signing in; its coordinators edit it."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from dashboard.models import Arena, MunicipalityPage, PublishedContact
from tests.factories import MeetingFactory, MunicipalityFactory, NeedFactory, weekly_premises

pytestmark = pytest.mark.django_db


def page_url(municipality) -> str:
    return reverse("public:municipality", args=[municipality.slug])


def edit_url(municipality) -> str:
    return reverse("public:edit", args=[municipality.slug])


@pytest.fixture
def published(municipality, other_municipality):
    MunicipalityPage.objects.create(
        municipality=municipality,
        cooperation="Vi møtes fire ganger i året i frivillighetsforum.",
        supplements="Frivilligheten supplerer, den erstatter ikke.",
    )
    PublishedContact.objects.create(
        municipality=municipality,
        kind=PublishedContact.Kind.NAV,
        name="Nora Nav",
        phone="+47 32 00 00 01",
    )
    PublishedContact.objects.create(
        municipality=municipality,
        kind=PublishedContact.Kind.COORDINATOR,
        name="Kari Koordinator",
        role="Frivillighetskoordinator",
        email="kari@drammen.example",
    )
    PublishedContact.objects.create(
        municipality=other_municipality, kind=PublishedContact.Kind.NAV, name="Asker Person"
    )
    NeedFactory(municipality=municipality, title="Leksehjelp onsdager")
    NeedFactory(municipality=municipality, title="Utkast", is_published=False)
    NeedFactory(municipality=other_municipality, title="Askers behov")
    MeetingFactory(municipality=municipality, title="Åpent frivillighetsforum", is_public=True)
    MeetingFactory(municipality=municipality, title="Internt møte", is_public=False)
    MeetingFactory(
        municipality=municipality,
        title="Forrige forum",
        is_public=True,
        starts_at=timezone.now() - timedelta(days=7),
    )


def test_a_visitor_without_login_sees_contacts_needs_meetings_and_texts(
    client, municipality, published
):
    response = client.get(page_url(municipality))

    assert response.status_code == 200
    html = response.content.decode()
    for shown in (
        "Vi møtes fire ganger i året",
        "Frivilligheten supplerer, den erstatter ikke.",
        "Kari Koordinator",
        "Frivillighetskoordinator",
        "mailto:kari@drammen.example",
        "Nora Nav",
        "Leksehjelp onsdager",
        "Åpent frivillighetsforum",
        reverse("organizations:directory") + "?municipality=drammen",
    ):
        assert shown in html
    for hidden in ("Asker Person", "Utkast", "Askers behov", "Internt møte", "Forrige forum"):
        assert hidden not in html
    # coordinators first, then the other kinds
    assert html.index("Kari Koordinator") < html.index("Nora Nav")
    assert "Rediger denne siden" not in html
    assert reverse("public:edit", args=["drammen"]) not in html


def test_the_page_is_in_the_municipalitys_language(client):
    danish = MunicipalityFactory(country="DK", slug="odense", name="Odense Kommune")

    response = client.get(page_url(danish))

    assert response.headers["Content-Language"] == "da"


def test_an_unknown_municipality_is_not_found(client, db):
    assert client.get("/m/finnes-ikke/").status_code == 404


def test_the_start_page_leads_to_each_municipalitys_page(client, municipality, other_municipality):
    html = client.get("/").content.decode()

    assert page_url(municipality) in html
    assert page_url(other_municipality) in html


def test_the_public_page_costs_a_fixed_number_of_queries(
    client, django_assert_max_num_queries, municipality
):
    def add(count):
        for n in range(count):
            PublishedContact.objects.create(
                municipality=municipality, kind=PublishedContact.Kind.OTHER, name=f"Person {n}"
            )
            NeedFactory(municipality=municipality)
            MeetingFactory(municipality=municipality, is_public=True)
            weekly_premises(municipality, name=f"Premises {n}", address="Street 1")
            Arena.objects.create(
                municipality=municipality, kind=Arena.Kind.NAV, name=f"NAV {n}", access="Ask."
            )

    add(1)
    with django_assert_max_num_queries(15) as small:
        client.get(page_url(municipality))
    add(11)
    with django_assert_max_num_queries(15) as large:
        response = client.get(page_url(municipality))

    assert len(response.context["contacts"]) == 12
    assert len(response.context["premises"]) == 12
    assert len(response.context["arenas"]) == 12
    assert len(large) == len(small)


def test_a_page_without_contacts_never_points_to_people_below_an_empty_list(client, municipality):
    MunicipalityPage.objects.create(municipality=municipality)  # nothing written, nobody published

    html = client.get(page_url(municipality)).content.decode()

    assert "Who to contact" not in html
    assert "Hvem du kan kontakte" in html
    assert "under «Hvem du kan kontakte»" not in html
    assert "har ikke publisert kontaktpersoner her ennå" in html
    assert "sentralbord" in html  # says plainly how to reach the municipality meanwhile


def test_a_page_without_contacts_shows_the_switchboard_and_website_the_coordinator_entered(
    client, municipality
):
    MunicipalityPage.objects.create(
        municipality=municipality,
        switchboard="+47 32 04 00 00",
        website="https://www.drammen.kommune.no/",
    )

    html = client.get(page_url(municipality)).content.decode()

    assert 'href="tel:+47 32 04 00 00"' in html
    assert 'href="https://www.drammen.kommune.no/"' in html


def test_with_contacts_the_empty_cooperation_text_points_to_them(client, municipality):
    PublishedContact.objects.create(
        municipality=municipality, kind=PublishedContact.Kind.NAV, name="Nora Nav"
    )

    html = client.get(page_url(municipality)).content.decode()

    assert "under «Hvem du kan kontakte»" in html
    assert "har ikke publisert kontaktpersoner" not in html


# -- the coordinator edits the page ---------------------------------------------------------------


def test_the_coordinator_writes_the_texts(client, municipality, coordinator):
    client.force_login(coordinator)
    assert "Rediger denne siden" in client.get(page_url(municipality)).content.decode()

    response = client.post(
        edit_url(municipality),
        {"save_texts": "", "cooperation": "Slik samarbeider vi.", "supplements": "Supplerer."},
    )

    assert response.status_code == 302
    html = client.get(page_url(municipality)).content.decode()
    assert "Slik samarbeider vi." in html
    assert "Supplerer." in html


def test_the_coordinator_publishes_and_removes_a_contact_after_asking(
    client, municipality, coordinator
):
    client.force_login(coordinator)

    response = client.post(
        edit_url(municipality),
        {
            "add_contact": "",
            "contact-kind": "adult_education",
            "contact-name": "Vera Voksenopplæring",
            "contact-role": "Rådgiver",
            "contact-phone": "+47 32 00 00 02",
            "contact-email": "vera@drammen.example",
        },
    )
    assert response.status_code == 302
    html = client.get(page_url(municipality)).content.decode()
    assert "Vera Voksenopplæring" in html
    assert "Voksenopplæring – Rådgiver" in html  # its kind, in the page's language

    contact = PublishedContact.objects.get(name="Vera Voksenopplæring")
    remove = reverse("public:contact_remove", args=[municipality.slug, contact.pk])
    assert "vises ikke lenger på den offentlige siden" in client.get(remove).content.decode()
    assert PublishedContact.objects.filter(pk=contact.pk).exists()  # asking removes nothing
    client.post(remove)
    assert not PublishedContact.objects.filter(pk=contact.pk).exists()


def test_a_bad_contact_keeps_what_was_typed_with_the_error_at_its_field(
    client, municipality, coordinator
):
    client.force_login(coordinator)

    response = client.post(
        edit_url(municipality),
        {"add_contact": "", "contact-kind": "nav", "contact-name": "Nils", "contact-email": "x@"},
    )

    assert response.status_code == 400
    assert response.context["contact_form"].errors["email"]
    assert 'value="Nils"' in response.content.decode()
    assert not PublishedContact.objects.exists()


@pytest.mark.parametrize("who", ["caseworker", "organization_admin", "other_coordinator"])
def test_only_the_municipalitys_coordinators_edit_its_page(client, request, municipality, who):
    client.force_login(request.getfixturevalue(who))  # other_coordinator: of other_municipality

    assert client.get(edit_url(municipality)).status_code == 404
    response = client.post(
        edit_url(municipality), {"save_texts": "", "cooperation": "Hacked", "supplements": ""}
    )
    assert response.status_code == 404
    assert not MunicipalityPage.objects.exists()


def test_a_visitor_is_sent_to_sign_in_to_edit(client, municipality):
    response = client.get(edit_url(municipality))
    assert response.status_code == 302
    assert reverse("account_login") in response.url

"""The resource library (R74, issue #18): the coordinator publishes documents and links for
organisations on the municipality's page, each public or for signed-in organisations and staff;
anyone searches the public ones by words, category and language."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from dashboard.models import Resource
from tests.factories import OrganizationFactory, person_of, staff_of

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n%%EOF\n"


def list_url(municipality) -> str:
    return reverse("public:resources", args=[municipality.slug])


def resource(municipality, **fields) -> Resource:
    values = {
        "title": "Maler for samarbeidsavtaler",
        "category": "template",
        "language": "nb",
        "url": "https://example.no/maler",
        "published_on": datetime.date(2026, 11, 1),
        **fields,
    }
    return Resource.objects.create(municipality=municipality, **values)


def add_resource(client, municipality, **fields):
    """The coordinator's form for a new resource: public, in bokmål, published 1 December 2026
    unless `fields` say otherwise."""
    data = {"language": "nb", "audience": "public", "published_on": "2026-12-01", **fields}
    return client.post(reverse("public:resource_create", args=[municipality.slug]), data)


def titles(response) -> list[str]:
    return [item.title for item in response.context["page_obj"].object_list]


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def test_the_coordinator_publishes_a_file_that_members_download_and_visitors_do_not_see(
    client, municipality, coordinator, media
):
    client.force_login(coordinator)
    response = add_resource(
        client,
        municipality,
        title="Veileder for frivillige",
        description="Om roller og taushetsplikt.",
        category="guide",
        audience="members",
        upload=SimpleUploadedFile("veileder.pdf", PDF, content_type="application/pdf"),
    )
    assert response.status_code == 302
    guide = Resource.objects.get()
    file_url = reverse("public:resource_file", args=[municipality.slug, guide.pk])

    client.logout()
    assert titles(client.get(list_url(municipality))) == []
    assert client.get(file_url).status_code == 404

    organization = OrganizationFactory(municipalities=[municipality])
    client.force_login(person_of(organization, "member"))
    assert titles(client.get(list_url(municipality))) == ["Veileder for frivillige"]
    download = client.get(file_url)
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == PDF


def test_a_file_that_is_not_a_document_is_refused_next_to_the_field_and_the_input_is_kept(
    client, municipality, coordinator, media
):
    client.force_login(coordinator)

    response = add_resource(
        client,
        municipality,
        title="Skjema",
        category="template",
        upload=SimpleUploadedFile("skjema.pdf", b"MZ\x90\x00", content_type="application/pdf"),
    )

    assert response.status_code == 400
    assert "upload" in response.context["form"].errors
    assert 'value="Skjema"' in response.content.decode()
    assert not Resource.objects.exists()


def test_a_resource_needs_a_link_or_a_file(client, municipality, coordinator):
    client.force_login(coordinator)

    response = add_resource(client, municipality, title="Kontakter", category="contacts")

    assert response.status_code == 400
    assert "url" in response.context["form"].errors


def test_visitors_search_by_words_category_and_language(client, municipality):
    resource(municipality, title="Maler for samarbeidsavtaler", category="template")
    resource(municipality, title="Knekk samhandlingskoden", category="good_practice")
    resource(municipality, title="Guide for volunteers", category="guide", language="en")
    resource(municipality, title="Intern liste", category="contacts", audience="members")

    def found(**query):
        return titles(client.get(list_url(municipality), query))

    assert sorted(found()) == [
        "Guide for volunteers",
        "Knekk samhandlingskoden",
        "Maler for samarbeidsavtaler",
    ]
    assert found(q="samhandling") == ["Knekk samhandlingskoden"]
    assert found(category="template") == ["Maler for samarbeidsavtaler"]
    assert found(language="en") == ["Guide for volunteers"]


def test_the_library_is_paged(client, municipality):
    for number in range(25):
        resource(municipality, title=f"Dokument {number:02}")

    first = client.get(list_url(municipality))
    second = client.get(list_url(municipality), {"page": 2})

    assert len(titles(first)) == 20
    assert len(titles(second)) == 5


def test_removing_asks_first_and_another_municipalitys_coordinator_cannot(
    client, municipality, other_municipality, coordinator
):
    item = resource(municipality)
    url = reverse("public:resource_remove", args=[municipality.slug, item.pk])
    client.force_login(staff_of(other_municipality, "coordinator"))
    assert client.post(url).status_code == 404
    client.force_login(coordinator)

    assert client.get(url).status_code == 200
    assert Resource.objects.exists()
    client.post(url)

    assert not Resource.objects.exists()


def test_the_public_page_links_to_the_library(client, municipality):
    html = client.get(reverse("public:municipality", args=[municipality.slug])).content.decode()

    assert list_url(municipality) in html

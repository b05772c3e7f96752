"""Logos: real images only, not too large, and shown on the public profile."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from tests.factories import (
    OrganizationFactory,
    OrganizationMembershipFactory,
    organization_form,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


def png(size=(40, 20)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, (200, 30, 30)).save(buffer, format="PNG")
    return buffer.getvalue()


@pytest.fixture
def admin_and_organization(municipality, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    organization = OrganizationFactory(verified=True, municipalities=[municipality])
    admin = OrganizationMembershipFactory(organization=organization, role="admin").user
    return admin, organization


def post_logo(client, organization, upload):
    data = organization_form(organization.municipalities.all(), name=organization.name, logo=upload)
    return client.post(reverse("organizations:edit", args=[organization.pk]), data)


def test_a_real_image_is_saved_and_shown_and_served(client, admin_and_organization):
    admin, organization = admin_and_organization
    client.force_login(admin)

    response = post_logo(client, organization, SimpleUploadedFile("logo.png", png(), "image/png"))

    organization.refresh_from_db()
    assert response.status_code == 302
    assert organization.logo.name.startswith("logos/")
    client.logout()
    assert organization.logo.url in client.get(organization.get_absolute_url()).content.decode()
    served = client.get(organization.logo.url)
    assert served.status_code == 200
    assert b"".join(served.streaming_content).startswith(b"\x89PNG")


def test_a_file_that_only_pretends_to_be_an_image_is_refused(client, admin_and_organization):
    admin, organization = admin_and_organization
    client.force_login(admin)

    fake = SimpleUploadedFile("logo.png", b"%PDF-1.7 not an image", "image/png")
    response = post_logo(client, organization, fake)

    organization.refresh_from_db()
    assert response.status_code == 200
    assert "Upload a valid image" in response.content.decode()
    assert not organization.logo


def test_a_logo_over_the_size_limit_is_refused_with_the_limit(
    client, admin_and_organization, settings
):
    admin, organization = admin_and_organization
    settings.LOGO_MAX_BYTES = 10  # the test image is about 90 bytes
    client.force_login(admin)

    response = post_logo(client, organization, SimpleUploadedFile("logo.png", png(), "image/png"))

    organization.refresh_from_db()
    assert "the limit is 0 kB" in response.content.decode()
    assert not organization.logo


def test_only_logos_are_served_from_the_media_folder(client, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    (tmp_path / "secret.txt").write_text("not for you")

    assert client.get("/media/secret.txt").status_code == 404
    assert client.get("/media/logos/../secret.txt").status_code == 404

"""A municipality's look (issue #23): its accent colour, checked for contrast, and its logo,
checked by content; its pages link its stylesheet and show its logo, its e-mails and PDFs carry
both, and Brobygger's own pages stay neutral."""

import io
import re
from datetime import UTC, datetime

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image
from pypdf import PdfReader

from accounts.branding import contrast_ratio, theme_css, validate_accent_color
from accounts.models import Municipality
from accounts.services import municipality_branding_update
from notifications.services import notification_schedule, notifications_send_due
from tests.factories import NeedFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

DARK_BLUE = "#0b3d91"
LIGHT_YELLOW = "#ffd400"


def image(fmt="PNG", size=(300, 100), colour=(11, 61, 145)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, colour).save(buffer, format=fmt)
    return buffer.getvalue()


def upload(data: bytes, name="logo.png", content_type="image/png"):
    return SimpleUploadedFile(name, data, content_type)


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.fixture
def branded(municipality, coordinator, media):
    return municipality_branding_update(
        municipality=municipality,
        by=coordinator,
        accent_color=DARK_BLUE,
        logo=upload(image()),
    )


# -- the colour ---------------------------------------------------------------------------------


def test_contrast_is_wcag_s_ratio():
    assert contrast_ratio("#000000", "#ffffff") == pytest.approx(21)
    assert contrast_ratio("#ffffff", "#ffffff") == pytest.approx(1)
    assert contrast_ratio("#767676", "#ffffff") == pytest.approx(4.54, abs=0.01)


def test_a_light_yellow_is_refused_with_the_measured_ratio():
    with pytest.raises(ValidationError) as refused:
        validate_accent_color(LIGHT_YELLOW)

    message = refused.value.messages[0]
    assert "1.43:1" in message
    assert "at least 4.5:1" in message


def test_a_dark_blue_is_accepted():
    validate_accent_color(DARK_BLUE)  # 10.5:1


@pytest.mark.parametrize("value", ["0b3d91", "#0b3d9", "#0b3d9g", "blue", "#0B3D9100"])
def test_a_colour_must_be_six_hexadecimal_digits(value):
    with pytest.raises(ValidationError, match="six hexadecimal digits"):
        validate_accent_color(value)


def test_the_coordinator_is_told_the_ratio_at_the_field(client, log_in, municipality):
    log_in("coordinator")

    response = client.post(
        reverse("public:branding", args=[municipality.slug]), {"accent_color": LIGHT_YELLOW}
    )

    assert response.status_code == 400
    assert "1.43:1" in response.context["form"].errors["accent_color"][0]
    municipality.refresh_from_db()
    assert municipality.accent_color == ""


def test_only_the_municipalitys_coordinators_set_its_look(
    municipality, other_coordinator, caseworker
):
    for someone in (other_coordinator, caseworker):
        with pytest.raises(PermissionDenied):
            municipality_branding_update(
                municipality=municipality, by=someone, accent_color=DARK_BLUE
            )


# -- the logo -----------------------------------------------------------------------------------


def test_a_logo_is_re_encoded_as_a_png_without_anything_else(branded, media):
    assert branded.logo.name.startswith("logos/municipality-drammen")
    with Image.open(branded.logo.path) as stored:
        assert stored.format == "PNG"
        assert stored.size == (300, 100)
        assert not stored.info.get("exif")


def test_a_jpeg_is_accepted_and_a_large_one_shrunk(municipality, coordinator, media):
    saved = municipality_branding_update(
        municipality=municipality,
        by=coordinator,
        accent_color="",
        logo=upload(image("JPEG", size=(2000, 1000)), "logo.jpg", "image/jpeg"),
    )
    with Image.open(saved.logo.path) as stored:
        assert stored.format == "PNG"
        assert stored.size == (480, 240)


@pytest.mark.parametrize(
    ("data", "name"),
    [
        (b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>', "logo.svg"),
        (b"<html><script>alert(1)</script></html>", "logo.png"),  # named .png, not an image
        (image("GIF"), "logo.png"),  # an image, but not PNG or JPEG
    ],
)
def test_a_logo_is_checked_by_its_content(client, log_in, municipality, media, data, name):
    log_in("coordinator")

    response = client.post(
        reverse("public:branding", args=[municipality.slug]),
        {"accent_color": "", "logo": upload(data, name)},
    )

    assert response.status_code == 400
    assert response.context["form"].errors["logo"] == ["Upload the logo as a PNG or JPEG image."]
    municipality.refresh_from_db()
    assert not municipality.logo
    assert not list(media.rglob("*"))


def test_a_logo_over_the_limit_is_refused(municipality, coordinator, media, settings):
    settings.LOGO_MAX_BYTES = 100
    with pytest.raises(ValidationError, match="the limit is 0 kB"):
        municipality_branding_update(
            municipality=municipality, by=coordinator, accent_color="", logo=upload(image())
        )


def test_the_coordinator_sets_colour_and_logo_and_removes_the_logo(
    client, log_in, municipality, media, django_capture_on_commit_callbacks
):
    log_in("coordinator")
    url = reverse("public:branding", args=[municipality.slug])

    response = client.post(url, {"accent_color": "#0B3D91", "logo": upload(image())})
    assert response.status_code == 302
    municipality.refresh_from_db()
    assert municipality.accent_color == DARK_BLUE
    first = municipality.logo.path

    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, {"accent_color": DARK_BLUE, "remove_logo": "on"})
    municipality.refresh_from_db()
    assert not municipality.logo
    assert not Municipality.objects.get(pk=municipality.pk).logo
    assert not list(media.rglob("*.png")), first


# -- the pages ----------------------------------------------------------------------------------


def test_the_stylesheet_sets_designsystemets_accent_properties(client, branded):
    response = client.get(reverse("public:theme", args=[branded.slug]))

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/css")
    css = response.content.decode()
    assert f"--ds-color-accent-base-default: {DARK_BLUE};" in css
    assert "--ds-color-accent-base-contrast-default: #ffffff;" in css
    assert f"--ds-color-accent-text-subtle: {DARK_BLUE};" in css
    assert "@import" not in css
    assert "url(" not in css


def test_the_stylesheet_answers_304_to_its_etag(client, branded):
    url = reverse("public:theme", args=[branded.slug])
    etag = client.get(url)["ETag"]

    again = client.get(url, headers={"if-none-match": etag})

    assert again.status_code == 304
    assert "max-age" in again["Cache-Control"]


def test_without_a_colour_the_stylesheet_changes_nothing(municipality):
    assert "--ds-color" not in theme_css(municipality)


def test_the_municipalitys_page_links_its_stylesheet_and_shows_its_logo(client, branded):
    html = client.get(reverse("public:municipality", args=[branded.slug])).content.decode()

    link = re.search(r'<link rel="stylesheet" href="(/m/drammen/theme\.css\?v=\w+)">', html)
    assert link, "the page does not link the municipality's stylesheet"
    assert f'<img class="site-logo" src="/media/{branded.logo.name}" alt="Drammen kommune">' in html
    assert ' style="' not in html  # the Content-Security-Policy allows no inline style
    assert "<style" not in html


def test_a_new_colour_gives_a_new_stylesheet_address(client, branded, coordinator):
    url = reverse("public:municipality", args=[branded.slug])
    before = re.search(r"theme\.css\?v=(\w+)", client.get(url).content.decode()).group(1)

    municipality_branding_update(municipality=branded, by=coordinator, accent_color="#6a1b4d")

    after = re.search(r"theme\.css\?v=(\w+)", client.get(url).content.decode()).group(1)
    assert after != before


def test_the_staff_of_the_municipality_see_its_look_on_their_pages(client, log_in, branded):
    log_in("coordinator")

    html = client.get(reverse("dashboard")).content.decode()

    assert "/m/drammen/theme.css?v=" in html
    assert 'alt="Drammen kommune"' in html


def test_brobyggers_own_pages_stay_neutral(client, branded, other_municipality):
    for url in (
        reverse("home"),
        reverse("organizations:directory"),
        reverse("public:list"),
        reverse("public:municipality", args=[other_municipality.slug]),
    ):
        html = client.get(url).content.decode()
        assert "/theme.css?v=" not in html, url
        assert "site-logo" not in html, url


# -- e-mails and PDFs ---------------------------------------------------------------------------


def test_an_e_mail_on_the_municipalitys_behalf_carries_its_logo_and_colour(
    branded, plain_user, settings
):
    need = NeedFactory(municipality=branded)
    now = datetime(2026, 11, 23, 12, 0, tzinfo=UTC)
    notification_schedule(recipient=plain_user, kind="account_welcome", subject=need, due_at=now)

    notifications_send_due(now=now)

    message = mail.outbox[0]
    html, mime = message.alternatives[0]
    assert mime == "text/html"
    logo = f'<img src="{settings.SITE_URL}/media/{branded.logo.name}" alt="Drammen kommune"'
    assert logo in html
    assert f"border-top:6px solid {DARK_BLUE}" in html
    assert "<img" not in message.body
    assert DARK_BLUE not in message.body


def test_an_e_mail_about_no_municipality_stays_neutral(plain_user):
    now = datetime(2026, 11, 23, 12, 0, tzinfo=UTC)
    notification_schedule(
        recipient=plain_user, kind="account_welcome", subject=plain_user, due_at=now
    )

    notifications_send_due(now=now)

    assert 'class="brand"' not in mail.outbox[0].alternatives[0][0]


def image_count(data: bytes) -> int:
    """Distinct images in the PDF (WeasyPrint shares one resource dictionary between pages)."""
    reader = PdfReader(io.BytesIO(data))
    return len({image.data for page in reader.pages for image in page.images})


def test_the_municipalitys_offer_list_pdf_carries_its_logo(client, branded, other_municipality):
    branded_pdf = client.get(reverse("public:offers_pdf", args=[branded.slug]))
    neutral_pdf = client.get(reverse("public:offers_pdf", args=[other_municipality.slug]))

    assert branded_pdf.status_code == 200
    assert image_count(branded_pdf.content) == 1
    assert image_count(neutral_pdf.content) == 0


@pytest.mark.parametrize("pdf", ["record_of_processing_pdf", "retention_pdf"])
def test_the_data_protection_pdfs_of_the_tenant_carry_its_logo(client, log_in, branded, pdf):
    log_in("coordinator")

    response = client.get(reverse(f"referrals:{pdf}"))

    assert response.status_code == 200
    assert image_count(response.content) == 1

"""A coordinator gives the municipality its colour and logo; a visitor finds the municipality
through the menu's list of municipalities and sees its page in that look, readable at 320 px
(issue #23). Axe on every page."""

import io

import pytest
from PIL import Image, ImageDraw
from playwright.sync_api import expect

from tests.e2e.helpers import required_field, totp_code
from tests.factories import TOTP_SECRET, MunicipalityFactory

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

SCREENSHOT = "/work/wt/brand-shot.png"


def logo_png() -> bytes:
    image = Image.new("RGBA", (360, 96), (255, 255, 255, 0))
    draw = ImageDraw.Draw(image)
    draw.rounded_rectangle((0, 8, 80, 88), radius=16, fill=(11, 61, 145))
    draw.ellipse((20, 28, 60, 68), fill=(255, 255, 255))
    draw.text((96, 30), "DRAMMEN", fill=(11, 61, 145), font_size=34)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()


def fits(page, width: int) -> bool:
    return page.evaluate("document.documentElement.scrollWidth") <= width


def test_the_coordinator_brands_the_page_and_a_visitor_finds_it_through_the_list(
    page, live_server, sign_in, assert_accessible, municipality, coordinator, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    MunicipalityFactory(name="Asker kommune", slug="asker")

    sign_in(coordinator.email)
    required_field(page, "Kode").fill(totp_code(TOTP_SECRET))
    page.get_by_role("button", name="Logg inn", exact=True).click()
    expect(page).to_have_url(f"{live_server.url}/dashboard/")
    page.goto(f"{live_server.url}/m/{municipality.slug}/edit/")
    page.get_by_role("link", name="Farge og logo").click()
    expect(page.get_by_role("heading", name="Farge og logo for Drammen kommune")).to_be_visible()
    assert_accessible(page)

    page.get_by_label("Aksentfarge").fill("#ffd400")
    page.get_by_role("button", name="Lagre fargen og logoen").click()
    # In the summary of errors at the top, which leads to the field, and at the field.
    summary = page.get_by_role("link", name="Aksentfarge: Kontrasten mellom #ffd400 og hvitt er")
    expect(summary).to_contain_text("1,43:1")
    expect(page.locator("p", has_text="og hvitt er 1,43:1; tekst og knapper")).to_be_visible()
    assert_accessible(page)

    page.get_by_label("Aksentfarge").fill("#0b3d91")
    page.get_by_label("Logo", exact=True).set_input_files(
        {"name": "drammen.png", "mimeType": "image/png", "buffer": logo_png()}
    )
    page.get_by_role("button", name="Lagre fargen og logoen").click()
    expect(page.get_by_text("Fargen og logoen er lagret.")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Logg ut").click()

    # A visitor: the menu's Municipalities, a search, the municipality's page in its colours.
    page.goto(live_server.url)
    page.get_by_role("navigation", name="Hovedmeny").get_by_role("link", name="Kommuner").click()
    expect(page.get_by_role("heading", name="Kommuner", level=1)).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Kommunens navn").fill("dram")
    page.get_by_role("button", name="Søk", exact=True).click()
    expect(page.get_by_text("1 kommune", exact=True)).to_be_visible()
    expect(page.get_by_role("link", name="Asker kommune")).to_have_count(0)
    page.get_by_role("link", name="Drammen kommune").click()

    expect(page.get_by_role("heading", name="Drammen kommune", level=1)).to_be_visible()
    logo = page.get_by_role("img", name="Drammen kommune")
    expect(logo).to_be_visible()
    assert logo.evaluate("img => img.naturalWidth") > 0  # the logo is served
    accent = page.evaluate(
        "getComputedStyle(document.documentElement)"
        ".getPropertyValue('--ds-color-accent-base-default').trim()"
    )
    assert accent == "#0b3d91"
    assert_accessible(page)
    page.set_viewport_size({"width": 1280, "height": 800})
    page.screenshot(path=SCREENSHOT, full_page=False)

    page.set_viewport_size({"width": 320, "height": 640})
    assert fits(page, 320)
    expect(logo).to_be_visible()
    assert_accessible(page)
    page.goto(f"{live_server.url}/m/")
    assert fits(page, 320)

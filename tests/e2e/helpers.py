"""What the journeys share: finding form fields as a user does, an authenticator app, the
two-factor step of signing in, the language switch and following a link to the next page."""

import time

from allauth.mfa import app_settings as mfa_settings
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from playwright.sync_api import Locator, Page, expect

from tests.factories import TEST_PASSWORD


def required_field(page: Page, label: str) -> Locator:
    """A required form field by its label; crispy-forms ends such a label with an asterisk."""
    return page.get_by_label(f"{label}*", exact=True)


def totp_code(secret: str) -> str:
    """What an authenticator app shows now for `secret` (RFC 6238, as allauth checks it)."""
    return format_hotp_value(hotp_value(secret, int(time.time()) // mfa_settings.TOTP_PERIOD))


def wrong_totp_code(secret: str) -> str:
    """A six-digit code that is valid in no window around now."""
    counter = int(time.time()) // mfa_settings.TOTP_PERIOD
    valid = {format_hotp_value(hotp_value(secret, counter + step)) for step in range(-2, 3)}
    return next(code for code in ("000000", "111111", "222222") if code not in valid)


def enter_code(page: Page, live_server, code: str) -> None:
    """The two-factor step of signing in (in bokmål): the code, then the start page."""
    required_field(page, "Kode").fill(code)
    page.get_by_role("button", name="Logg inn", exact=True).click()
    expect(page).to_have_url(f"{live_server.url}/dashboard/")


def switch_to_english(page: Page) -> None:
    """The language switch in the header, from bokmål to English."""
    header = page.get_by_role("banner")
    header.get_by_label("Språk", exact=True).select_option(label="English")
    header.get_by_role("button", name="Bytt språk").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")


def password_step(page: Page, live_server, email: str) -> None:
    """Sign in on a page of its own (another person's computer): e-mail and password."""
    page.goto(f"{live_server.url}/accounts/login/")
    required_field(page, "E-post").fill(email)
    required_field(page, "Passord").fill(TEST_PASSWORD)
    page.get_by_role("button", name="Logg inn", exact=True).click()


def follow_link(page: Page, link: str, *, check, heading: str | None = None) -> None:
    """Click the link named `link`; once the next page's heading (`heading`, else the link's
    name) is there, `check` the page (assert_accessible: axe runs on the new page, not the old)."""
    page.get_by_role("link", name=link).click()
    expect(page.get_by_role("heading", name=heading or link, level=1)).to_be_visible()
    check(page)

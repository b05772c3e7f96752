"""Playwright against Debian's Chromium (never a downloaded browser), axe on every page."""

import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import expect

from tests.e2e.helpers import (
    enter_code,
    password_step,
    required_field,
    switch_to_english,
    totp_code,
)
from tests.factories import TEST_PASSWORD, TOTP_SECRET

# What axe-core's run says when the page navigates under it.
NAVIGATING = ("reading 'documentElement'", "Execution context was destroyed", "navigat")

CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {
        **browser_type_launch_args,
        "executable_path": "/usr/bin/chromium",
        "args": CHROMIUM_FLAGS,
    }


@pytest.fixture(autouse=True)
def _accept_a_code_from_the_previous_window(settings):
    """A code read at the very end of a 30-s window may reach the server in the next one."""
    settings.MFA_TOTP_TOLERANCE = 1


@pytest.fixture(scope="session")
def axe():
    return Axe()


@pytest.fixture
def assert_accessible(axe):
    """Run axe-core on the current page and fail with the violations if there are any."""

    def check(page):
        # A click that navigates returns before the next page has loaded; axe run in between
        # finds no document (or loses it mid-run). Wait for the page, and run again if a
        # navigation still got in the way.
        for attempt in range(3):
            page.wait_for_load_state("load")
            try:
                results = axe.run(page)
                break
            except PlaywrightError as error:
                if attempt == 2 or not any(sign in str(error) for sign in NAVIGATING):
                    raise
        assert results.violations_count == 0, results.generate_report()

    return check


@pytest.fixture
def sign_in(page, live_server, assert_accessible):
    """Open the sign-in page (in bokmål, the default), check it, and submit e-mail and password."""

    def submit(email, password=TEST_PASSWORD):
        page.goto(f"{live_server.url}/accounts/login/")
        expect(page.get_by_role("heading", name="Logg inn", level=1)).to_be_visible()
        assert_accessible(page)
        required_field(page, "E-post").fill(email)
        required_field(page, "Passord").fill(password)
        page.get_by_role("button", name="Logg inn", exact=True).click()

    return submit


@pytest.fixture
def sign_in_with_code(page, live_server, sign_in):
    """Sign in as a staff user whose authenticator holds `TOTP_SECRET`: password, the two-factor
    page, the code, the start page; then, unless told not to, switch the pages to English."""

    def submit(email, *, english=True):
        sign_in(email)
        expect(page.get_by_role("heading", name="Tofaktorautentisering", level=1)).to_be_visible()
        enter_code(page, live_server, totp_code(TOTP_SECRET))
        if english:
            switch_to_english(page)

    return submit


@pytest.fixture
def sign_in_elsewhere(new_context, live_server):
    """Someone signs in with e-mail and password (no code) on a computer of their own: a new
    browser context, their start page, switched to English. Returns their page."""

    def submit(email):
        other = new_context().new_page()
        password_step(other, live_server, email)
        expect(other).to_have_url(re.compile(r"/dashboard/$"))
        switch_to_english(other)
        return other

    return submit

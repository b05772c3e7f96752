"""Playwright against Debian's Chromium (never a downloaded browser), axe on every page."""

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from tests.e2e.helpers import required_field
from tests.factories import TEST_PASSWORD

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


@pytest.fixture(scope="session")
def axe():
    return Axe()


@pytest.fixture
def assert_accessible(axe):
    """Run axe-core on the current page and fail with the violations if there are any."""

    def check(page):
        results = axe.run(page)
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

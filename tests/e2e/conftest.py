"""Playwright against Debian's Chromium (never a downloaded browser), axe on every page."""

import pytest
from axe_playwright_python.sync_playwright import Axe

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

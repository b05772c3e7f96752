"""Screenshots of the most-used pages at 390 px (a phone) and 1366 px (a laptop) for docs/.

Run by scripts/screenshots.sh inside scripts/with-services.sh: a throwaway PostgreSQL with the demo
data, the site on a free port of 127.0.0.1, Debian's Chromium through Playwright. Each page is
opened as the role that uses it, signed in with the demo logins (password and authenticator code).
Usage: .venv/bin/python scripts/screenshots.py OUTDIR
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from pathlib import Path
from urllib.request import urlopen

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings.base"
os.environ.setdefault("DEBUG", "true")
os.environ.setdefault("SECRET_KEY", "screenshots-only")

import django  # noqa: E402

django.setup()

from allauth.mfa import app_settings as mfa_settings  # noqa: E402
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value  # noqa: E402
from django.core.management import call_command  # noqa: E402
from playwright.sync_api import sync_playwright  # noqa: E402

WIDTHS = (390, 1366)


def logins() -> dict[str, tuple[str, str | None]]:
    """role: (e-mail, TOTP secret or None), from the demo data's own table."""
    from demo.management.commands.demo_data import USERS

    by_email = {email: secret for _name, email, *_roles, secret in USERS}
    emails = {
        "coordinator": "koordinator@demo.brobygger.no",
        "caseworker": "saksbehandler@demo.brobygger.no",
        "contact": "kontakt@demo.brobygger.no",
        "volunteer": "frivillig@demo.brobygger.no",
    }
    return {role: (email, by_email[email]) for role, email in emails.items()}


def pages() -> list[tuple[str, str, str]]:
    """(file name, role or "visitor", path): the 20 pages people use most."""
    from agreements.models import Agreement
    from meetings.models import Meeting
    from organizations.models import Organization

    org = Organization.objects.filter(memberships__user__email=logins()["contact"][0]).first()
    agreement = Agreement.objects.order_by("pk").first()
    meeting = Meeting.objects.order_by("pk").first()
    return [
        ("01-home", "visitor", "/"),
        ("02-directory", "visitor", "/directory/"),
        ("03-activities", "visitor", "/directory/activities/"),
        ("04-events", "visitor", "/events/"),
        ("05-organisation", "visitor", f"/organisations/{org.pk}/"),
        ("06-grants", "visitor", "/grants/"),
        ("07-municipality", "visitor", "/m/drammen/"),
        ("08-sign-in", "visitor", "/accounts/login/"),
        ("09-coordinator-start", "coordinator", "/dashboard/"),
        ("10-registry", "coordinator", "/registry/"),
        ("11-agreements", "coordinator", "/agreements/"),
        ("12-agreement", "coordinator", f"/agreements/{agreement.pk}/"),
        ("13-calendar", "coordinator", "/calendar/"),
        ("14-meeting", "coordinator", f"/meetings/{meeting.pk}/"),
        ("15-overview", "coordinator", "/overview/"),
        ("16-contact-start", "contact", "/dashboard/"),
        ("17-organisation-edit", "contact", f"/organisations/{org.pk}/edit/"),
        ("18-caseworker-persons", "caseworker", "/referrals/persons/"),
        ("19-volunteer-start", "volunteer", "/dashboard/"),
        ("20-notifications", "volunteer", "/notifications/"),
    ]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def sign_in(page, base: str, role: str) -> None:
    from demo.management.commands.demo_data import DEMO_PASSWORD

    email, secret = logins()[role]
    page.goto(f"{base}/accounts/login/")
    page.locator("input[name=login]").fill(email)
    page.locator("input[name=password]").fill(DEMO_PASSWORD)
    page.locator("form:has(input[name=login]) button[type=submit]").click()
    if secret:
        counter = int(time.time()) // mfa_settings.TOTP_PERIOD
        page.locator("input[name=code]").fill(format_hotp_value(hotp_value(secret, counter)))
        page.locator("form:has(input[name=code]) button[type=submit]").first.click()
    page.wait_for_url(f"{base}/dashboard/")


def main(outdir: Path) -> None:
    outdir.mkdir(parents=True, exist_ok=True)
    call_command("migrate", interactive=False, verbosity=0)
    with open(os.devnull, "w") as quiet:
        call_command("demo_data", stdout=quiet)
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    env = {**os.environ, "SITE_URL": base}
    server = subprocess.Popen(  # noqa: S603 - our own manage.py
        [sys.executable, "manage.py", "runserver", f"127.0.0.1:{port}", "--noreload"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        for _ in range(100):
            try:
                urlopen(f"{base}/healthz", timeout=1)  # noqa: S310 - our own server
                break
            except OSError:
                time.sleep(0.2)
        by_role: dict[str, list] = {}
        for name, role, path in pages():  # the database before Playwright's event loop starts
            by_role.setdefault(role, []).append((name, path))
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path="/usr/bin/chromium")
            for role, shots in by_role.items():
                state = None  # one sign-in per role: an authenticator code works only once
                for width in WIDTHS:
                    context = browser.new_context(
                        viewport={"width": width, "height": 900},
                        locale="nb-NO",
                        storage_state=state,
                    )
                    page = context.new_page()
                    if role != "visitor" and state is None:
                        sign_in(page, base, role)
                        state = context.storage_state()
                    for name, path in shots:
                        page.goto(f"{base}{path}")
                        page.screenshot(path=str(outdir / f"{name}-{width}.png"), full_page=True)
                        print(f"{name}-{width}.png  {path}")
                    context.close()
            browser.close()
    finally:
        server.terminate()
        server.wait(timeout=10)


if __name__ == "__main__":
    main(Path(sys.argv[1] if len(sys.argv) > 1 else "docs/screenshots/after"))

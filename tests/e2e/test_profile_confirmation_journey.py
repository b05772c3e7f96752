"""Journey 2 of issue #18: years pass (the profiles' dates are moved back in the test). The
yearly e-mail reaches an organisation's admin, who confirms by the link without signing in; a
profile unconfirmed for over two years is marked in the directory; one unconfirmed for over three
years leaves the public directory; the coordinator sees the list of profiles that may be out of
date, the hidden one marked. Axe on each page."""

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from notifications.services import notifications_send_due
from organizations.models import Organization
from organizations.services import organization_confirm_reminders_schedule
from tests.e2e.helpers import required_field, totp_code
from tests.factories import TOTP_SECRET, OrganizationFactory, person_of

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

LINK = re.compile(r"https?://[^\s\"<>]+/organisations/still-correct/\d+/\d+/[^\s\"<>?]+/")


def unconfirmed_since(municipality, name: str, days: int) -> Organization:
    organization = OrganizationFactory(name=name, verified=True, municipalities=[municipality])
    Organization.objects.filter(pk=organization.pk).update(
        created_at=timezone.now() - timedelta(days=days), confirmed_at=None
    )
    return organization


def test_a_year_passes_the_admin_confirms_by_the_link_and_the_coordinator_sees_the_rest(
    page, live_server, sign_in, assert_accessible, municipality, coordinator
):
    asked = unconfirmed_since(municipality, "Lag som svarer", days=400)
    admin = person_of(asked, "admin")
    unconfirmed_since(municipality, "Halvglemt lag", days=2 * 365 + 40)
    unconfirmed_since(municipality, "Glemt lag", days=3 * 365 + 40)

    # The daily run sends the yearly question; the admin's e-mail has a link of their own.
    now = timezone.now()
    organization_confirm_reminders_schedule(now=now)
    notifications_send_due(now=now)
    [question] = [m for m in mail.outbox if m.to == [admin.email]]
    link = LINK.search(question.body).group(0)
    path = link.split("://", 1)[1].split("/", 1)[1]

    # The admin opens it on their phone, signed out: the profile, and a button that confirms.
    page.goto(f"{live_server.url}/{path}")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Lag som svarer")
    assert_accessible(page)
    page.get_by_role("button", name="Ja, den er fortsatt riktig").click()
    expect(page.get_by_text("Takk. Profilen er merket som fortsatt riktig.")).to_be_visible()
    assert_accessible(page)

    # The public directory: the confirmed one as usual, the one over two years marked, the one
    # over three years gone.
    page.goto(f"{live_server.url}{reverse('organizations:directory')}")
    expect(page.get_by_role("link", name="Lag som svarer", exact=True)).to_be_visible()
    expect(page.get_by_role("link", name="Halvglemt lag", exact=True)).to_be_visible()
    expect(page.get_by_text("Ikke bekreftet siden")).to_have_count(1)
    expect(page.get_by_role("link", name="Glemt lag", exact=True)).to_have_count(0)
    assert_accessible(page)

    # The coordinator's list: the two unconfirmed ones, the hidden one marked; nothing deleted.
    sign_in(coordinator.email)
    required_field(page, "Kode").fill(totp_code(TOTP_SECRET))
    page.get_by_role("button", name="Logg inn", exact=True).click()
    expect(page).to_have_url(f"{live_server.url}/dashboard/")
    page.goto(f"{live_server.url}/account/municipalities/{municipality.slug}/")
    page.get_by_role("link", name="Profiler som ikke er bekreftet på et år").click()
    table = page.get_by_role("table", name="Profiler som kan være utdaterte")
    expect(table).to_be_visible()
    rows = table.get_by_role("row")
    expect(rows).to_have_count(3)  # the header and two profiles
    expect(table.get_by_role("row", name=re.compile("Glemt lag"))).to_contain_text(
        "Skjult fra den offentlige katalogen"
    )
    expect(table.get_by_role("row", name=re.compile("Halvglemt lag"))).not_to_contain_text("Skjult")
    expect(table).not_to_contain_text("Lag som svarer")
    assert_accessible(page)

"""Issue #22 pages in a browser, with axe on each: the "Before you apply" page reached from the
catalogue; a scheme page with its information meeting; an organisation books a help time with an
Arabic interpreter and answers the coordinator's comment on its shared draft (in bokmål)."""

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone
from playwright.sync_api import expect

from grants import services
from grants.models import Scheme
from meetings.models import Kind
from tests.factories import (
    ApplicationFactory,
    HelpSlotFactory,
    MeetingFactory,
    person_of,
    verified_in,
)

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_before_you_apply_and_a_scheme_with_its_information_meeting(
    page, live_server, assert_accessible, municipality
):
    call_command("loaddata", "grant_schemes", verbosity=0)
    scheme = Scheme.objects.get(slug="imdi-integration-national")
    meeting = MeetingFactory(
        municipality=municipality, kind=Kind.GRANT_INFORMATION, title="Tilskuddskveld"
    )
    scheme.information_meetings.add(meeting)

    page.goto(f"{live_server.url}/grants/")
    page.get_by_role("link", name="Før du søker").first.click()
    expect(page.get_by_role("heading", name="Før du søker", level=1)).to_be_visible()
    expect(page.get_by_role("heading", name="1. Registrer organisasjonen")).to_be_visible()
    assert_accessible(page)

    page.goto(f"{live_server.url}{scheme.get_absolute_url()}")
    expect(page.get_by_role("link", name="Meld deg på Tilskuddskveld")).to_be_visible()
    assert_accessible(page)


def test_an_organisation_books_an_interpreter_and_answers_a_comment(
    page, live_server, sign_in, assert_accessible, municipality, coordinator
):
    organization = verified_in(municipality, "Syrisk kvinneforening")
    admin = person_of(organization, "admin")
    HelpSlotFactory(municipality=municipality, created_by=coordinator)
    application = ApplicationFactory(
        organization=organization, draft_text="# Bakgrunn\nMange vil øve på norsk."
    )
    now = timezone.now() - timedelta(minutes=5)
    services.application_share_draft(
        by=admin, application=application, municipality=municipality, now=now
    )
    services.draft_comment_add(
        by=coordinator, application=application, section=1, body="Hvor mange kommer?", now=now
    )

    sign_in(admin.email)
    page.goto(f"{live_server.url}/grants/help/")
    page.get_by_label("Vil dere ha tolk?").select_option(label="Arabisk")
    page.get_by_role("button", name="Book denne timen").click()
    expect(page.get_by_text("Tolk: Arabisk")).to_be_visible()
    assert_accessible(page)

    page.goto(f"{live_server.url}{application.get_absolute_url()}")
    page.get_by_label("Svaret ditt").fill("Rundt 20 hver lørdag.")
    page.get_by_role("button", name="Send svaret").click()
    expect(page.get_by_text("Rundt 20 hver lørdag.")).to_be_visible()
    assert_accessible(page)

    page.goto(f"{live_server.url}/grants/applications/{application.pk}/draft/")
    page.get_by_label("Lagre som ny versjon").check()
    assert_accessible(page)
    page.get_by_role("button", name="Lagre utkastet").click()
    expect(page.get_by_role("heading", name="Versjon 2 (den gjeldende)")).to_be_visible()
    assert_accessible(page)

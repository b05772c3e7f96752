from datetime import date, datetime, timedelta
from decimal import Decimal

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError

from core.time import OSLO
from grants import services
from grants.models import Application, Scheme
from notifications.models import Notification
from notifications.services import notifications_send_due
from tests.factories import (
    ApplicationFactory,
    FollowFactory,
    HelpSlotFactory,
    OrganizationFactory,
    SchemeFactory,
    person_of,
)

pytestmark = pytest.mark.django_db


def test_an_application_copies_the_schemes_checklist(organization, organization_admin):
    scheme = SchemeFactory(required_documents=["Statutes", "Annual accounts"])
    application = services.application_create(
        by=organization_admin,
        organization=organization,
        scheme=scheme,
        fields={"title": "Language café", "amount_applied": Decimal("25000.50")},
    )
    assert [item.text for item in application.checklist.all()] == ["Statutes", "Annual accounts"]
    assert application.status == Application.Status.PLANNED
    assert application.deadline is None  # a yearly pattern is not this round's date


def test_a_member_cannot_make_an_application(organization, member):
    with pytest.raises(PermissionDenied):
        services.application_create(
            by=member, organization=organization, scheme=SchemeFactory(), fields={"title": "x"}
        )


@pytest.mark.parametrize("amount", [Decimal("-1"), Decimal("10.005")])
def test_amounts_are_non_negative_with_two_decimals(organization, organization_admin, amount):
    with pytest.raises(ValidationError) as error:
        services.application_create(
            by=organization_admin,
            organization=organization,
            scheme=SchemeFactory(),
            fields={"title": "x", "amount_applied": amount},
        )
    assert "amount_applied" in error.value.message_dict


def test_status_follows_the_allowed_transitions(english, organization, organization_admin):
    application = ApplicationFactory(organization=organization, amount_applied=Decimal("20000"))
    with pytest.raises(ValidationError) as error:
        services.application_set_status(
            by=organization_admin,
            application=application,
            status="granted",
            amount_granted=Decimal("1"),
        )
    assert "cannot become “Granted”" in error.value.message_dict["status"][0]
    assert "In progress, Submitted" in error.value.message_dict["status"][0]
    services.application_set_status(
        by=organization_admin, application=application, status="submitted", on=date(2025, 3, 1)
    )
    with pytest.raises(ValidationError) as error:
        services.application_set_status(
            by=organization_admin, application=application, status="granted"
        )
    assert "amount_granted" in error.value.message_dict
    with pytest.raises(ValidationError):
        services.application_set_status(
            by=organization_admin,
            application=application,
            status="partly_granted",
            amount_granted=Decimal("20000"),
        )
    application = services.application_set_status(
        by=organization_admin,
        application=application,
        status="granted",
        amount_granted=Decimal("20000.00"),
        on=date(2025, 6, 1),
    )
    assert application.amount_granted == Decimal("20000.00")
    assert application.decided_on == date(2025, 6, 1)
    assert application.submitted_on == date(2025, 3, 1)


def test_the_report_due_date_comes_from_the_schemes_report_rule(organization, organization_admin):
    scheme = SchemeFactory(report_rule="yearly 01-31")
    application = ApplicationFactory(organization=organization, scheme=scheme, status="submitted")
    application = services.application_set_status(
        by=organization_admin,
        application=application,
        status="granted",
        amount_granted=Decimal("5000"),
        on=date(2025, 6, 1),
    )
    assert application.report_due_on == date(2026, 1, 31)


def test_a_finished_application_says_so(english, organization, organization_admin):
    application = ApplicationFactory(organization=organization, status="rejected")
    with pytest.raises(ValidationError) as error:
        services.application_set_status(
            by=organization_admin, application=application, status="submitted"
        )
    assert "It is finished." in error.value.message_dict["status"][0]


def test_a_scheme_with_an_unreadable_deadline_is_refused_with_an_example(
    english, municipality, coordinator
):
    with pytest.raises(ValidationError) as error:
        services.scheme_save(
            by=coordinator,
            scheme=None,
            municipality=municipality,
            fields={
                "name": "Local grant",
                "administrator": "municipality",
                "administrator_name": "Drammen",
                "summary": "Small grants.",
                "deadline_rule": "in the spring",
            },
        )
    assert "1 March every year" in error.value.message_dict["deadline_rule"][0]


def test_a_coordinator_adds_a_scheme_of_their_municipality_only(
    municipality, other_municipality, coordinator
):
    fields = {
        "name": "Local grant",
        "administrator": "municipality",
        "administrator_name": "Drammen",
        "summary": "Small grants.",
        "deadline_rule": "15 march every year",
    }
    scheme = services.scheme_save(
        by=coordinator, scheme=None, municipality=municipality, fields=fields
    )
    assert scheme.deadline_rule == "yearly 03-15"
    assert scheme.slug == "local-grant"
    with pytest.raises(PermissionDenied):
        services.scheme_save(
            by=coordinator, scheme=None, municipality=other_municipality, fields=fields
        )


def test_followers_get_reminders_30_and_7_days_before_a_deadline_once(
    organization, organization_admin, contact_person, member
):
    follow = FollowFactory(
        organization=organization, scheme=SchemeFactory(deadline_rule="1 September every year")
    )
    now = datetime(2025, 8, 1, 6, 40, tzinfo=OSLO)
    assert services.grant_reminders_schedule(now=now) == 4  # 2 people × 2 reminders
    services.grant_reminders_schedule(now=now + timedelta(days=1))  # the next day: nothing new
    rows = Notification.objects.filter(kind="grant_deadline")
    assert {r.recipient for r in rows} == {organization_admin, contact_person}
    assert sorted({r.due_at.astimezone(OSLO).date() for r in rows}) == [
        date(2025, 8, 2),
        date(2025, 8, 25),
    ]
    assert all(r.subject == follow for r in rows)


def test_a_reminder_whose_day_has_passed_is_not_made(organization, organization_admin):
    FollowFactory(organization=organization, scheme=SchemeFactory(deadline_rule="yearly 09-01"))
    services.grant_reminders_schedule(now=datetime(2025, 8, 28, 6, 40, tzinfo=OSLO))
    due = [n.due_at.astimezone(OSLO).date() for n in Notification.objects.all()]
    assert due == [date(2025, 8, 25)] or due == []
    assert date(2025, 8, 2) not in due


def test_a_report_reminder_goes_out_before_the_report_is_due(organization, organization_admin):
    application = ApplicationFactory(
        organization=organization, status="granted", report_due_on=date(2026, 1, 31)
    )
    services.grant_reminders_schedule(now=datetime(2026, 1, 20, 6, 40, tzinfo=OSLO))
    row = Notification.objects.get(kind="grant_report_due")
    assert row.subject == application
    assert row.recipient == organization_admin


def test_a_reminder_e_mail_has_a_plain_text_and_an_html_part(
    english, organization, organization_admin, settings
):
    FollowFactory(
        organization=organization,
        scheme=SchemeFactory(name="VAT compensation", deadline_rule="yearly 09-01"),
    )
    now = datetime(2025, 8, 2, 10, 0, tzinfo=OSLO)
    services.grant_reminders_schedule(now=now)
    assert notifications_send_due(now=now) == 1
    message = mail.outbox[0]
    assert "VAT compensation" in message.subject
    assert "2025-09-01" in message.body
    assert message.alternatives[0][1] == "text/html"


def test_draft_sharing_lets_the_coordinator_comment_and_the_organisation_resolve(
    organization, organization_admin, coordinator, other_coordinator, municipality
):
    application = ApplicationFactory(
        organization=organization, is_private=True, draft_text="# Need\nMany want to practise."
    )
    now = datetime(2025, 8, 2, 10, 0, tzinfo=OSLO)
    with pytest.raises(PermissionDenied):
        services.draft_comment_add(
            by=coordinator, application=application, section=1, body="x", now=now
        )
    services.application_share_draft(
        by=organization_admin, application=application, municipality=municipality, now=now
    )
    assert Notification.objects.filter(kind="grant_draft_shared", recipient=coordinator).exists()
    comment = services.draft_comment_add(
        by=coordinator, application=application, section=1, body="Say how many.", now=now
    )
    assert comment.quote == "Need"
    assert Notification.objects.filter(
        kind="grant_draft_comment", recipient=organization_admin
    ).exists()
    with pytest.raises(PermissionDenied):
        services.draft_comment_add(
            by=other_coordinator, application=application, section=1, body="x", now=now
        )
    with pytest.raises(PermissionDenied):
        services.draft_comment_resolve(by=coordinator, comment=comment, now=now)
    comment = services.draft_comment_resolve(by=organization_admin, comment=comment, now=now)
    assert comment.resolved_at == now


def test_a_draft_is_shared_only_with_a_municipality_the_organisation_is_active_in(
    organization, organization_admin, other_municipality
):
    application = ApplicationFactory(organization=organization, draft_text="Text")
    with pytest.raises(ValidationError):
        services.application_share_draft(
            by=organization_admin,
            application=application,
            municipality=other_municipality,
            now=datetime(2025, 8, 2, 10, 0, tzinfo=OSLO),
        )


def test_a_help_slot_is_booked_once(municipality, organization, organization_admin, coordinator):
    from tests.factories import set_organization_status

    set_organization_status(organization, "verified")  # help times: verified organisations
    slot = HelpSlotFactory(municipality=municipality, created_by=coordinator)
    other = OrganizationFactory(verified=True, municipalities=[municipality])

    other_admin = person_of(other, "admin")
    now = slot.starts_at - timedelta(days=1)
    services.help_slot_book(
        by=organization_admin, slot=slot, organization=organization, topic="Budget", now=now
    )
    assert Notification.objects.filter(kind="grant_help_booked", recipient=coordinator).exists()
    with pytest.raises(ValidationError):
        services.help_slot_book(by=other_admin, slot=slot, organization=other, topic="", now=now)
    slot.refresh_from_db()
    services.help_slot_cancel_booking(by=organization_admin, slot=slot)
    slot.refresh_from_db()
    assert not slot.is_booked


def test_a_help_slot_links_only_a_meeting_of_the_municipality(
    municipality, other_municipality, coordinator
):
    from tests.factories import MeetingFactory

    meeting = MeetingFactory(municipality=other_municipality, kind="grant_information")
    slot = HelpSlotFactory.build(municipality=municipality)
    with pytest.raises(ValidationError):
        services.help_slot_create(
            by=coordinator,
            municipality=municipality,
            fields={"starts_at": slot.starts_at, "place": "Library", "meeting": meeting},
            now=slot.starts_at - timedelta(days=1),
        )


def test_the_catalogue_fixture_loads_twice_without_duplicates():
    from django.core.management import call_command

    call_command("loaddata", "grant_schemes", verbosity=0)
    call_command("loaddata", "grant_schemes", verbosity=0)
    slugs = set(Scheme.objects.values_list("slug", flat=True))
    assert {
        "imdi-integration-local",
        "imdi-integration-national",
        "bufdir-inclusion-children-youth",
        "vat-compensation",
        "frifond-organisation",
    } <= slugs
    assert Scheme.objects.count() == len(slugs)
    # Every shipped scheme names where its facts come from: the official page or a source.
    assert all(s.official_url or s.source for s in Scheme.objects.all())

"""R22: every change of an agreement's status is logged with who, when, from which status to
which and an optional reason (issue #19); the agreement page and its printable page show the
history, in the municipality's time zone and the reader's language."""

from datetime import UTC, datetime, timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from agreements import services
from agreements.models import Agreement, StatusChange
from tests.agreements import test_services as _services
from tests.agreements import test_views as _views
from tests.agreements.test_services import NOW, approve, update
from tests.agreements.test_views import content, url
from tests.factories import OrganizationFactory, RowFactory

pytestmark = pytest.mark.django_db

# The partner organisation and its people, and `log_in`: tests/agreements/conftest.py.
befriending, draft, agreement = _services.befriending, _services.draft, _views.agreement

Event = StatusChange.Event
Status = Agreement.Status


def one_new_entry(agreement, before: int) -> StatusChange:
    """The service wrote exactly one entry since `before` entries: that entry."""
    entries = list(StatusChange.objects.filter(agreement=agreement).order_by("pk"))
    assert len(entries) == before + 1, [(e.event, e.by_name) for e in entries]
    return entries[-1]


def logged(agreement) -> int:
    return StatusChange.objects.filter(agreement=agreement).count()


def test_every_transition_writes_one_entry_with_the_user_who_made_it(
    draft, coordinator, partner_contact, partner
):
    entry = one_new_entry(draft, 0)
    assert (entry.event, entry.from_status, entry.to_status) == (Event.CREATED, "", Status.DRAFT)
    assert entry.by == coordinator
    assert entry.by_name == str(coordinator)

    steps = [
        (
            lambda: services.agreement_send_for_approval(by=coordinator, agreement=draft, now=NOW),
            coordinator,
            (Event.SENT, Status.DRAFT, Status.APPROVAL),
        ),
        (
            lambda: update(draft, coordinator, purpose="Nytt formål"),
            coordinator,
            (Event.RESENT, Status.APPROVAL, Status.APPROVAL),
        ),
        (
            lambda: approve(draft, partner_contact),
            partner_contact,
            (Event.APPROVED, Status.APPROVAL, Status.APPROVAL),
        ),
        (
            lambda: approve(draft, coordinator),
            coordinator,
            (Event.IN_FORCE, Status.APPROVAL, Status.ACTIVE),
        ),
        (
            lambda: services.agreement_start_revision(by=coordinator, agreement=draft),
            coordinator,
            (Event.REVISION, Status.ACTIVE, Status.REVISION),
        ),
        (
            lambda: services.agreement_send_for_approval(by=coordinator, agreement=draft, now=NOW),
            coordinator,
            (Event.SENT, Status.REVISION, Status.APPROVAL),
        ),
        (
            lambda: services.agreement_end(
                by=coordinator, agreement=draft, reason="Foreningen er lagt ned."
            ),
            coordinator,
            (Event.ENDED, Status.APPROVAL, Status.ENDED),
        ),
    ]
    for act, who, (event, from_status, to_status) in steps:
        before = logged(draft)
        act()
        entry = one_new_entry(draft, before)
        assert (entry.event, entry.from_status, entry.to_status) == (event, from_status, to_status)
        assert (entry.by, entry.by_name) == (who, str(who))
        draft.refresh_from_db()
        assert draft.status == to_status

    assert StatusChange.objects.get(event=Event.RESENT).version == 2
    assert partner.name in StatusChange.objects.get(event=Event.APPROVED).detail
    assert StatusChange.objects.get(event=Event.ENDED).reason == "Foreningen er lagt ned."


def test_an_approval_clicked_twice_and_a_refused_change_log_nothing(
    draft, coordinator, partner_contact, partner_admin
):
    services.agreement_send_for_approval(by=coordinator, agreement=draft, now=NOW)
    approve(draft, partner_contact)
    before = logged(draft)

    approve(draft, partner_contact)  # a second click: nothing changed
    with pytest.raises(PermissionDenied):
        services.agreement_end(by=partner_admin, agreement=draft)

    assert logged(draft) == before


def test_an_organisations_draft_and_its_take_over_are_logged(
    municipality, coordinator, partner, partner_admin
):
    agreement = services.agreement_draft_by_organization(
        by=partner_admin,
        organization=partner,
        municipality=municipality,
        title="Vår egen avtale",
        starts_on=timezone.localdate(),
    )
    drafted = one_new_entry(agreement, 0)
    assert (drafted.event, drafted.by, drafted.detail) == (
        Event.DRAFTED,
        partner_admin,
        partner.name,
    )

    services.agreement_take_over(by=coordinator, agreement=agreement)

    taken = one_new_entry(agreement, 1)
    assert (taken.event, taken.from_status, taken.to_status) == (
        Event.TAKEN_OVER,
        Status.DRAFT,
        Status.DRAFT,
    )
    assert taken.by == coordinator


def test_a_new_party_during_approval_is_logged_as_sent_again(draft, coordinator, municipality):
    services.agreement_send_for_approval(by=coordinator, agreement=draft, now=NOW)
    draft.refresh_from_db()
    newcomer = OrganizationFactory(verified=True, municipalities=[municipality])
    before = logged(draft)

    services.party_add(by=coordinator, agreement=draft, organization=newcomer)

    assert one_new_entry(draft, before).event == Event.RESENT


def test_an_agreement_past_its_end_date_expires_and_the_system_is_logged(
    draft, coordinator, partner_contact
):
    services.agreement_send_for_approval(by=coordinator, agreement=draft, now=NOW)
    approve(draft, partner_contact)
    approve(draft, coordinator)
    Agreement.objects.filter(pk=draft.pk).update(ends_on=draft.starts_on + timedelta(days=30))
    draft.refresh_from_db()
    before = logged(draft)
    the_day_after = datetime.combine(
        draft.ends_on + timedelta(days=1), datetime.min.time(), tzinfo=UTC
    ) + timedelta(hours=12)

    assert services.agreements_expire(now=the_day_after - timedelta(days=1)) == 0  # its last day
    assert services.agreements_expire(now=the_day_after) == 1
    assert services.agreements_expire(now=the_day_after) == 0  # a second run: nothing more

    draft.refresh_from_db()
    assert draft.status == Status.ENDED
    entry = one_new_entry(draft, before)
    assert (entry.event, entry.from_status, entry.to_status) == (
        Event.EXPIRED,
        Status.ACTIVE,
        Status.ENDED,
    )
    assert (entry.by, entry.by_name) == (None, "")


# -- the page -------------------------------------------------------------------------------------


def test_the_agreement_page_shows_the_history_in_the_municipalitys_time(
    client, log_in, agreement, coordinator, partner_contact
):
    services.agreement_send_for_approval(by=coordinator, agreement=agreement)
    StatusChange.objects.filter(agreement=agreement).update(
        at=datetime(2030, 1, 15, 11, 5, tzinfo=UTC)  # 12:05 in Oslo
    )
    log_in("partner_contact")

    page = content(client.get(url("detail", agreement)))

    assert "History of the status" in page
    assert "15 January 2030 12:05" in page
    assert "11:05" not in page
    assert "Sent for approval (version 1)" in page
    assert "Draft → Sent for approval" in page
    assert str(coordinator) in page
    printable = content(client.get(url("print", agreement)))
    assert "History of the status" in printable
    assert "15 January 2030 12:05" in printable


def test_the_reason_for_ending_is_asked_and_shown(client, log_in, agreement, coordinator):
    log_in("coordinator")
    assert "Why it ends (optional)" in content(client.get(url("end", agreement)))

    response = client.post(url("end", agreement), {"reason": "Tilbudet er lagt ned."}, follow=True)

    page = content(response)
    assert "The agreement has ended." in page
    assert "Tilbudet er lagt ned." in page
    entry = StatusChange.objects.get(agreement=agreement, event=Event.ENDED)
    assert (entry.by, entry.from_status) == (coordinator, Status.DRAFT)


def test_the_system_is_named_for_an_expiry_and_the_reader_gets_their_language(
    client, log_in, agreement, partner_contact
):
    StatusChange.objects.create(
        agreement=agreement,
        event=Event.EXPIRED,
        from_status=Status.ACTIVE,
        to_status=Status.ENDED,
        at=timezone.now(),
    )
    log_in("partner_contact")
    assert "The system" in content(client.get(url("detail", agreement)))

    type(partner_contact).objects.filter(pk=partner_contact.pk).update(preferred_language="nb")
    client.cookies["brobygger_language"] = "nb"
    page = content(client.get(url("detail", agreement)))
    assert "Historikk for status" in page
    assert "Systemet" in page


def test_the_history_is_not_shown_to_whom_may_not_see_the_agreement(
    client, log_in, agreement, coordinator, other_coordinator
):
    services.agreement_send_for_approval(by=coordinator, agreement=agreement)
    log_in("other_coordinator")
    assert client.get(url("detail", agreement)).status_code == 404
    assert client.get(url("print", agreement)).status_code == 404


def test_many_entries_cost_no_extra_query_on_the_page(
    client, log_in, django_assert_num_queries, agreement, coordinator, partner_contact
):
    RowFactory(agreement=agreement)
    for _ in range(3):
        services.agreement_send_for_approval(by=coordinator, agreement=agreement)
        Agreement.objects.filter(pk=agreement.pk).update(status=Status.DRAFT)
    services.agreement_send_for_approval(by=coordinator, agreement=agreement)
    services.agreement_approve(by=partner_contact, agreement=agreement, version_number=4)
    log_in("coordinator")

    with django_assert_num_queries(_views.DETAIL_QUERIES):
        response = client.get(url("detail", agreement))

    assert content(response).count("Sent for approval (version") == 4

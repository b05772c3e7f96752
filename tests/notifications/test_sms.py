"""SMS, the second channel: opt-in, a verified number, five kinds only (never a referral),
sent once per (notification, channel), within a monthly cap per municipality.

The gateway is a recorded stand-in for Sveve's API served on 127.0.0.1 (`sms_server.py`)."""

import re
from datetime import UTC, datetime, timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from accounts.models import MunicipalityMembership
from notifications.kinds import GROUPS
from notifications.models import Delivery, MobileVerification, Notification, NotificationSettings
from notifications.services import (
    notification_schedule,
    notification_settings_update,
    notifications_send_due,
)
from notifications.transports import SmsTransport
from tests.factories import (
    FollowFactory,
    MeetingFactory,
    MunicipalityFactory,
    MunicipalityMembershipFactory,
    NotificationSettingsFactory,
    OrganizationFactory,
    SchemeFactory,
    UserFactory,
)
from tests.notifications.helpers import NOW, send_due_from_two_workers
from tests.notifications.sms_server import sveve_for

pytestmark = pytest.mark.django_db

MOBILE = "+4791234567"


@pytest.fixture
def gateway(settings):
    with sveve_for(settings) as recorded:
        yield recorded


def sms_user(*, kinds=("meeting_reminder", "meeting_cancelled", "grant_deadline"), **kwargs):
    """A user with a verified mobile number who wants these kinds by SMS."""
    user = UserFactory(preferred_language=kwargs.pop("language", "en"), **kwargs)
    NotificationSettingsFactory(
        user=user, sms_kinds=list(kinds), mobile_number=MOBILE, mobile_verified_at=NOW
    )
    return user


def reminder(user, meeting, *, due_at=NOW, kind="meeting_reminder"):
    return notification_schedule(
        recipient=user,
        kind=kind,
        subject=meeting,
        due_at=due_at,
        context={"meeting_id": meeting.pk, "sequence": meeting.sequence},
    )


def test_a_meeting_reminder_goes_by_sms_once_and_by_e_mail_as_before(gateway):
    user = sms_user()
    meeting = MeetingFactory(title="Dialogmøte om leksehjelp")
    notification = reminder(user, meeting)

    assert notifications_send_due(now=NOW) == 1
    assert notifications_send_due(now=NOW + timedelta(minutes=1)) == 0

    (received,) = gateway.requests
    delivery = Delivery.objects.get()
    assert received["user"] == "brobygger"
    assert received["passwd"] == "api-passord"
    assert received["to"] == "4791234567"  # Sveve: country code, no plus
    assert received["from"] == "Brobygger"
    assert received["f"] == "json"
    assert received["ref"] == f"delivery-{delivery.pk}"
    assert received["msg"].startswith("Reminder: Dialogmøte om leksehjelp, ")
    assert len(received["msg"]) <= 160
    assert (delivery.notification, delivery.channel, delivery.to) == (notification, "sms", MOBILE)
    assert (delivery.sent_at, delivery.attempts, delivery.gateway_id) == (NOW, 1, "29828050")
    assert delivery.municipality == meeting.municipality
    assert [m.to for m in mail.outbox] == [[user.email]]


def test_an_invitation_goes_by_sms_to_someone_who_chose_it(gateway):
    chose = sms_user(kinds=["meeting_invitation"])
    did_not = sms_user(kinds=["meeting_reminder"])
    meeting = MeetingFactory(title="Samarbeidsmøte")
    reminder(chose, meeting, kind="meeting_invitation")
    reminder(did_not, meeting, kind="meeting_invitation")

    assert notifications_send_due(now=NOW) == 2

    (received,) = gateway.requests
    assert received["msg"].startswith("Invitation: Samarbeidsmøte, ")
    assert sorted(m.to[0] for m in mail.outbox) == sorted([chose.email, did_not.email])


def test_the_sms_is_in_the_recipients_language(gateway):
    user = sms_user(language="nb")
    reminder(user, MeetingFactory(title="Dialogmøte"), kind="meeting_cancelled")

    notifications_send_due(now=NOW)

    (received,) = gateway.requests
    assert received["msg"].startswith("Avlyst: Dialogmøte, ")


def test_a_grant_deadline_goes_by_sms_and_counts_against_the_organisations_municipality(
    gateway,
):
    """A national scheme has no municipality: its reminders count against the first
    municipality the following organisation is active in."""
    user = sms_user()
    organization = OrganizationFactory(
        municipalities=[MunicipalityFactory(name="Bergen"), MunicipalityFactory(name="Asker")]
    )
    follow = FollowFactory(
        scheme=SchemeFactory(name="Tilskudd til integrering"), organization=organization
    )
    notification_schedule(
        recipient=user,
        kind="grant_deadline",
        subject=follow,
        due_at=NOW,
        context={"scheme_name": follow.scheme.name, "deadline": "2027-03-01", "days": 14},
    )

    notifications_send_due(now=NOW)

    (received,) = gateway.requests
    assert received["msg"] == "Grant deadline: Tilskudd til integrering, 2027-03-01. Brobygger"
    assert (
        Delivery.objects.get().municipality == organization.municipalities.order_by("name").first()
    )


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_workers_at_once_never_send_the_same_sms_twice(gateway):
    meeting = MeetingFactory()
    users = [sms_user() for _ in range(20)]
    for user in users:
        reminder(user, meeting, due_at=NOW - timedelta(minutes=1))

    counts = send_due_from_two_workers()

    assert sum(counts) == 20  # e-mails
    refs = [request["ref"] for request in gateway.requests]
    assert len(refs) == len(set(refs)) == 20
    assert set(Delivery.objects.values_list("attempts", flat=True)) == {1}
    assert not Delivery.objects.filter(sent_at__isnull=True).exists()


def test_a_referral_kind_is_never_sent_by_sms_even_if_misconfigured(gateway, settings):
    """Someone adds a referral kind to SMS_KINDS and to a person's SMS choices by hand: still
    no SMS, no delivery row; the e-mail goes as always."""
    settings.SMS_KINDS = [*settings.SMS_KINDS, "referral_received", "consent_withdrawn"]
    user = sms_user(kinds=["meeting_reminder", "referral_received", "consent_withdrawn"])
    # (Their e-mail is off here only so that this test needs no referral to render it.)
    user.notification_settings.email_modes = {"referrals": "off"}
    user.notification_settings.save()
    referral_subject = MunicipalityFactory()  # the kind, not the subject, decides

    for kind in ("referral_received", "consent_withdrawn"):
        assert not SmsTransport().allows(kind)
        notification_schedule(recipient=user, kind=kind, subject=referral_subject, due_at=NOW)
    with pytest.raises(Exception, match="never sent by SMS"):
        SmsTransport().send(
            Delivery(
                notification=Notification.objects.filter(kind="referral_received").get(),
                channel="sms",
                to=MOBILE,
                due_at=NOW,
            )
        )
    notifications_send_due(now=NOW)

    assert gateway.requests == []
    assert not Delivery.objects.exists()
    # Nor can a person choose it on the settings page.
    preferences = notification_settings_update(
        user=user,
        email_modes={},
        preferred_language="en",
        sms_kinds=["referral_received", "meeting_reminder"],
    )
    assert preferences.sms_kinds == ["meeting_reminder"]


def test_no_sms_without_a_verified_number_or_for_a_kind_not_chosen(gateway):
    meeting = MeetingFactory()
    unverified = UserFactory()
    NotificationSettingsFactory(
        user=unverified, sms_kinds=["meeting_reminder"], mobile_number=MOBILE
    )
    not_chosen = sms_user(kinds=["grant_deadline"])
    nobody = UserFactory()
    for user in (unverified, not_chosen, nobody):
        reminder(user, meeting)

    assert notifications_send_due(now=NOW) == 3
    assert gateway.requests == []
    assert not Delivery.objects.exists()


def test_without_credentials_sms_is_off_and_the_settings_page_says_so(client, settings):
    settings.SMS_SVEVE_USER = ""
    user = sms_user()
    reminder(user, MeetingFactory())
    client.force_login(user)

    notifications_send_due(now=NOW)
    response = client.get(reverse("notifications:settings"), HTTP_ACCEPT_LANGUAGE="en")

    assert not Delivery.objects.exists()
    assert "SMS is not available on this site." in response.content.decode()
    assert "sms_kinds" not in response.context["form"].fields


def test_with_a_verified_number_the_settings_page_offers_the_five_kinds(client, gateway):
    user = sms_user(kinds=[])
    client.force_login(user)

    response = client.get(reverse("notifications:settings"))
    assert list(dict(response.context["form"].fields["sms_kinds"].choices)) == [
        "meeting_invitation",
        "meeting_reminder",
        "meeting_cancelled",
        "grant_deadline",
        "announcement_crisis",
    ]
    data = {f"group_{group}": "immediate" for group in GROUPS}
    client.post(
        reverse("notifications:settings"),
        {**data, "preferred_language": "en", "sms_kinds": ["meeting_cancelled"]},
    )

    assert NotificationSettings.objects.get(user=user).sms_kinds == ["meeting_cancelled"]


def test_a_failing_gateway_is_tried_again_later_without_the_number_in_the_log(gateway, caplog):
    gateway.answer = "not_a_mobile"
    user = sms_user()
    reminder(user, MeetingFactory())

    notifications_send_due(now=NOW)

    delivery = Delivery.objects.get()
    assert (delivery.sent_at, delivery.attempts) == (None, 1)
    assert delivery.due_at == NOW + timedelta(minutes=2)
    assert "ikke et mobilnummer" in delivery.last_error
    assert "63987654" not in delivery.last_error
    assert "63987654" not in caplog.text
    notifications_send_due(now=NOW + timedelta(minutes=1))
    assert len(gateway.requests) == 1  # not yet due again

    gateway.answer = "accepted"
    notifications_send_due(now=NOW + timedelta(minutes=2))
    delivery.refresh_from_db()
    assert (delivery.sent_at, delivery.attempts) == (NOW + timedelta(minutes=2), 2)
    assert len(mail.outbox) == 1  # the e-mail went once, at the first run


def test_wrong_credentials_leave_the_sms_unsent(gateway):
    gateway.answer = "wrong_password"
    reminder(sms_user(), MeetingFactory())

    notifications_send_due(now=NOW)

    delivery = Delivery.objects.get()
    assert delivery.sent_at is None
    assert "Feil brukernavn/passord" in delivery.last_error


# -- the monthly cap ---------------------------------------------------------------------------


def test_over_the_monthly_cap_it_is_e_mail_instead_and_the_coordinators_are_told_once(
    gateway, settings
):
    settings.SMS_MONTHLY_CAP_PER_MUNICIPALITY = 1
    meeting = MeetingFactory()
    coordinator = MunicipalityMembershipFactory(
        municipality=meeting.municipality,
        role=MunicipalityMembership.Role.COORDINATOR,
        user__preferred_language="nb",
    ).user
    first, second, third = sms_user(), sms_user(), sms_user()
    # The second wants no e-mail about meetings: over the cap, it comes by e-mail all the same.
    second.notification_settings.email_modes = {"meetings": "off"}
    second.notification_settings.save()
    for user in (first, second, third):
        reminder(user, meeting)

    notifications_send_due(now=NOW)

    assert len(gateway.requests) == 1
    assert Delivery.objects.get().notification.recipient == first
    to = sorted(m.to[0] for m in mail.outbox)
    assert to == sorted([first.email, second.email, third.email, coordinator.email])
    (notice,) = [m for m in mail.outbox if m.to == [coordinator.email]]
    assert notice.subject == f"{meeting.municipality.name} har brukt opp månedens SMS-er"
    assert "på e-post i stedet" in notice.body

    # Later in the month: still capped, and the coordinator is not told again.
    mail.outbox.clear()
    reminder(first, meeting, due_at=NOW + timedelta(days=3))
    notifications_send_due(now=NOW + timedelta(days=3))
    assert len(gateway.requests) == 1
    assert [m.to for m in mail.outbox] == [[first.email]]

    # A new month: SMS again.
    december = datetime(2026, 12, 1, 9, tzinfo=UTC)
    reminder(first, meeting, due_at=december)
    notifications_send_due(now=december)
    assert len(gateway.requests) == 2


def test_the_cap_counts_per_municipality(gateway, settings):
    settings.SMS_MONTHLY_CAP_PER_MUNICIPALITY = 1
    user = sms_user()
    for meeting in (MeetingFactory(), MeetingFactory()):  # two municipalities
        reminder(user, meeting)

    notifications_send_due(now=NOW)

    assert len(gateway.requests) == 2


# -- the verified number -----------------------------------------------------------------------


def sent_code(gateway) -> str:
    return re.search(r"\b(\d{6})\b", gateway.requests[-1]["msg"]).group(1)


def test_a_number_is_verified_by_the_code_sent_to_it(client, gateway):
    user = UserFactory(preferred_language="en")
    client.force_login(user)

    response = client.post(reverse("notifications:mobile"), {"number": "912 34 567"})
    assert response.status_code == 302
    assert response["Location"] == reverse("notifications:mobile_confirm")
    (received,) = gateway.requests
    assert received["to"] == "4791234567"
    assert received["msg"].startswith("Your Brobygger code: ")
    code = sent_code(gateway)

    wrong = "000000" if code != "000000" else "111111"
    response = client.post(reverse("notifications:mobile_confirm"), {"code": wrong})
    assert response.status_code == 200
    assert "The code is not right" in response.content.decode()
    assert response.context["form"]["code"].errors

    response = client.post(reverse("notifications:mobile_confirm"), {"code": code})
    assert response.status_code == 302
    preferences = NotificationSettings.objects.get(user=user)
    assert preferences.mobile_number == "+4791234567"
    assert preferences.has_verified_mobile


def test_a_code_works_five_tries_and_ten_minutes(client, gateway):
    user = UserFactory(preferred_language="en")
    client.force_login(user)
    client.post(reverse("notifications:mobile"), {"number": "+45 20 12 34 56"})
    assert gateway.requests[-1]["to"] == "4520123456"
    code = sent_code(gateway)
    wrong = "000000" if code != "000000" else "111111"
    for _ in range(5):
        client.post(reverse("notifications:mobile_confirm"), {"code": wrong})

    response = client.post(reverse("notifications:mobile_confirm"), {"code": code})
    assert "no longer works" in response.content.decode()
    assert not NotificationSettings.objects.filter(user=user, mobile_verified_at__isnull=False)

    client.post(reverse("notifications:mobile"), {"number": "+45 20 12 34 56"})
    code = sent_code(gateway)
    waiting = MobileVerification.objects.get(user=user)
    assert waiting.expires_at - timezone.now() <= timedelta(minutes=10)
    waiting.expires_at = timezone.now() - timedelta(seconds=1)  # ten minutes later
    waiting.save()
    response = client.post(reverse("notifications:mobile_confirm"), {"code": code})
    assert "no longer works" in response.content.decode()


def test_at_most_three_codes_an_hour(client, gateway):
    client.force_login(UserFactory(preferred_language="en"))
    for _ in range(3):
        client.post(reverse("notifications:mobile"), {"number": "91234567"})

    response = client.post(reverse("notifications:mobile"), {"number": "91234567"})

    assert len(gateway.requests) == 3
    assert "three codes this hour" in response.content.decode()


def test_a_bad_number_is_refused_next_to_the_field_and_kept(client, gateway):
    client.force_login(UserFactory(preferred_language="en"))

    response = client.post(reverse("notifications:mobile"), {"number": "12 34"})

    assert response.status_code == 200
    assert response.context["form"]["number"].errors
    assert response.context["form"]["number"].value() == "12 34"
    assert gateway.requests == []


def test_removing_the_number_asks_first_and_then_stops_all_sms(client, gateway):
    user = sms_user()
    client.force_login(user)

    assert client.get(reverse("notifications:mobile_remove")).status_code == 200
    assert NotificationSettings.objects.get(user=user).has_verified_mobile
    client.post(reverse("notifications:mobile_remove"))

    preferences = NotificationSettings.objects.get(user=user)
    assert (preferences.mobile_number, preferences.sms_kinds) == ("", [])
    reminder(user, MeetingFactory())
    notifications_send_due(now=NOW)
    assert gateway.requests == []


def test_the_mobile_pages_are_for_signed_in_users_only(client):
    for name in ("mobile", "mobile_confirm", "mobile_remove"):
        response = client.get(reverse(f"notifications:{name}"))
        assert response.status_code == 302
        assert "login" in response["Location"]

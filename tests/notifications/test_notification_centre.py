"""The notification centre: the in-app list, the unread count in the header, marking read,
the per-user e-mail settings and how the outbox and the evening digest follow them."""

import threading
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

import pytest
from django.conf import settings as django_settings
from django.core import mail
from django.db import connection, transaction
from django.urls import reverse
from django.utils import timezone

from notifications.kinds import EmailMode, group_of
from notifications.models import Notification, NotificationSettings
from notifications.services import (
    notification_settings_update,
    notifications_mark_all_read,
    notifications_send_digests,
    notifications_send_due,
)
from tests.factories import (
    NotificationFactory,
    NotificationSettingsFactory,
    OrganizationFactory,
    UserFactory,
)
from tests.notifications.helpers import NOW

pytestmark = pytest.mark.django_db

LIST = reverse("notifications:list")
SETTINGS = reverse("notifications:settings")
READ_ALL = reverse("notifications:read_all")


def verified_notice(recipient, *, due_at=None, organization=None, **kwargs):
    """An `organization_verified` notification (group: registry) about a real organisation."""
    organization = organization or OrganizationFactory(name="Drammen Sjakklubb")
    return NotificationFactory(
        recipient=recipient,
        kind="organization_verified",
        subject=organization,
        context={"organization_id": organization.pk, "organization_name": organization.name},
        due_at=due_at or timezone.now() - timedelta(minutes=1),
        **kwargs,
    )


# -- the kind registry ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kind", "group"),
    [
        ("meeting_reminder", "meetings"),
        ("meeting_something_new", "meetings"),
        ("agreement_review_due", "agreements"),
        ("organization_verified", "registry"),
        ("announcement", "announcements"),
        ("referral_accepted", "referrals"),
        ("grant_deadline", "grants"),
        ("place_requested", "places"),
        ("place_answered", "places"),
        ("place_withdrawn", "places"),
        ("account_welcome", None),
        ("brand_new_kind", None),
    ],
)
def test_kinds_map_to_groups_by_prefix_and_unknown_kinds_have_none(kind, group):
    assert group_of(kind) == group


def test_without_settings_or_for_an_ungrouped_kind_the_mode_is_immediate_e_mail():
    preferences = NotificationSettings(email_modes={"registry": "off", "meetings": "digest"})

    assert preferences.mode_for("organization_verified") == EmailMode.OFF
    assert preferences.mode_for("meeting_reminder") == EmailMode.DIGEST
    assert preferences.mode_for("agreement_active") == EmailMode.IMMEDIATE
    assert preferences.mode_for("account_welcome") == EmailMode.IMMEDIATE
    assert preferences.mode_for("brand_new_kind") == EmailMode.IMMEDIATE


# -- who may see what -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "method"),
    [
        ("notifications:list", "get"),
        ("notifications:settings", "get"),
        ("notifications:read_all", "post"),
        ("notifications:open", "get"),
        ("notifications:read", "post"),
    ],
)
def test_anonymous_visitors_are_sent_to_sign_in(client, name, method):
    notification = verified_notice(UserFactory())
    url = (
        reverse(name, args=[notification.pk]) if name.endswith(("open", "read")) else reverse(name)
    )

    response = getattr(client, method)(url)

    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))
    notification.refresh_from_db()
    assert notification.read_at is None


@pytest.mark.parametrize(("name", "method"), [("open", "get"), ("read", "post")])
def test_another_persons_notification_does_not_exist_for_you(client, plain_user, name, method):
    notification = verified_notice(UserFactory())
    client.force_login(plain_user)

    response = getattr(client, method)(reverse(f"notifications:{name}", args=[notification.pk]))

    assert response.status_code == 404
    notification.refresh_from_db()
    assert notification.read_at is None


def test_a_notification_that_is_not_due_yet_is_neither_listed_nor_openable(
    english, client, plain_user
):
    later = verified_notice(plain_user, due_at=timezone.now() + timedelta(hours=2))
    client.force_login(plain_user)

    assert "Drammen Sjakklubb" not in client.get(LIST).content.decode()
    assert client.get(reverse("notifications:open", args=[later.pk])).status_code == 404


# -- the list and marking read ----------------------------------------------------------------


def test_the_list_shows_each_notification_by_its_subject_line_with_a_link(
    english, client, plain_user
):
    notification = verified_notice(plain_user)
    client.force_login(plain_user)

    page = client.get(LIST).content.decode()

    assert "Drammen Sjakklubb is verified" in page
    assert reverse("notifications:open", args=[notification.pk]) in page
    assert "Unread" in page


def test_a_notification_without_a_page_is_listed_without_a_link(english, client, plain_user):
    welcome = NotificationFactory(recipient=plain_user, due_at=timezone.now())
    client.force_login(plain_user)

    page = client.get(LIST).content.decode()

    assert "Welcome to Brobygger" in page
    assert reverse("notifications:open", args=[welcome.pk]) not in page


def test_opening_marks_read_and_goes_to_the_subject(client, plain_user):
    notification = verified_notice(plain_user)
    client.force_login(plain_user)

    response = client.get(reverse("notifications:open", args=[notification.pk]))

    assert response.status_code == 302
    assert response.url == notification.subject.get_absolute_url()
    notification.refresh_from_db()
    assert notification.read_at is not None


def test_opening_a_notification_without_a_page_goes_back_to_the_list(client, plain_user):
    welcome = NotificationFactory(recipient=plain_user, due_at=timezone.now())
    client.force_login(plain_user)

    response = client.get(reverse("notifications:open", args=[welcome.pk]))

    assert response.url == LIST
    welcome.refresh_from_db()
    assert welcome.read_at is not None


def test_marking_one_read_leaves_the_others_unread(english, client, plain_user):
    first, second = verified_notice(plain_user), verified_notice(plain_user)
    client.force_login(plain_user)

    response = client.post(reverse("notifications:read", args=[first.pk]), follow=True)

    assert "The notification is marked as read." in response.content.decode()
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.read_at is not None
    assert second.read_at is None


def test_marking_all_read_touches_only_your_own_due_notifications(english, client, plain_user):
    mine = [verified_notice(plain_user) for _ in range(2)]
    not_yet = verified_notice(plain_user, due_at=timezone.now() + timedelta(days=1))
    someone_elses = verified_notice(UserFactory())
    client.force_login(plain_user)

    response = client.post(READ_ALL, follow=True)

    assert "2 notifications are marked as read." in response.content.decode()
    assert all(Notification.objects.get(pk=n.pk).read_at for n in mine)
    assert Notification.objects.get(pk=not_yet.pk).read_at is None
    assert Notification.objects.get(pk=someone_elses.pk).read_at is None


def test_marking_all_read_twice_changes_nothing_the_second_time(plain_user):
    verified_notice(plain_user)
    now = timezone.now()

    assert notifications_mark_all_read(user=plain_user, now=now) == 1
    assert notifications_mark_all_read(user=plain_user, now=now) == 0


# -- the header -------------------------------------------------------------------------------


def test_the_header_names_the_unread_count_for_screen_readers(english, client, plain_user):
    for _ in range(3):
        verified_notice(plain_user)
    verified_notice(plain_user, read_at=timezone.now())
    verified_notice(plain_user, due_at=timezone.now() + timedelta(hours=1))
    client.force_login(plain_user)

    page = client.get(reverse("dashboard")).content.decode()

    assert "Notifications, 3 unread" in page


def test_the_header_shows_no_count_when_everything_is_read(english, client, plain_user):
    verified_notice(plain_user, read_at=timezone.now())
    client.force_login(plain_user)

    page = client.get(reverse("dashboard")).content.decode()

    assert "unread" not in page
    assert f'href="{LIST}"' in page


@pytest.mark.parametrize("unread", [0, 1, 25])
def test_the_unread_count_costs_no_query_of_its_own(
    client, plain_user, django_assert_num_queries, unread
):
    """It comes with the user (notifications.backends): the profile page costs as before."""
    for _ in range(unread):
        verified_notice(plain_user)
    client.force_login(plain_user)

    # session, user with its unread count (roles and two-factor from the cache), the
    # coordinating groups the user is in (the profile's panel)
    with django_assert_num_queries(3):
        response = client.get(reverse("accounts:profile"))

    assert response.context["notification_badge"].unread == unread


@pytest.mark.parametrize("rows", [1, 30])
def test_the_list_costs_a_fixed_number_of_queries(
    client, plain_user, django_assert_num_queries, rows
):
    organization = OrganizationFactory()
    start = timezone.now() - timedelta(hours=1)
    for n in range(rows):  # two subject types (organisation, user), interleaved on every page
        verified_notice(plain_user, organization=organization, due_at=start - timedelta(minutes=n))
        NotificationFactory(recipient=plain_user, due_at=start - timedelta(minutes=n))
    client.force_login(plain_user)

    # session, user with its unread count (roles and two-factor from the cache), count,
    # page of notifications, their organisations, their users (one query per subject type)
    with django_assert_num_queries(6):
        response = client.get(LIST)

    assert len(response.context["rows"]) == min(2 * rows, 25)


# -- settings ---------------------------------------------------------------------------------


def test_the_settings_page_starts_with_e_mail_at_once_and_the_preferred_language(
    english, client, plain_user
):
    client.force_login(plain_user)

    form = client.get(SETTINGS).context["form"]

    assert form["group_meetings"].value() == EmailMode.IMMEDIATE
    assert form["preferred_language"].value() == "en"


def test_saving_settings_stores_the_modes_and_the_language(client, plain_user):
    client.force_login(plain_user)
    groups = ("grants", "referrals", "registry", "places")
    data = {f"group_{group}": "immediate" for group in groups}
    data |= {
        "group_announcements": "digest",
        "group_meetings": "off",
        "group_agreements": "digest",
        "preferred_language": "nb",
    }

    response = client.post(SETTINGS, data)

    assert response.status_code == 302
    preferences = NotificationSettings.objects.get(user=plain_user)
    assert preferences.email_modes["announcements"] == "digest"
    assert preferences.email_modes["meetings"] == "off"
    plain_user.refresh_from_db()
    assert plain_user.preferred_language == "nb"


def test_an_unknown_mode_is_refused_with_a_message(english, client, plain_user):
    client.force_login(plain_user)

    response = client.post(
        SETTINGS, {"group_meetings": "carrier-pigeon", "preferred_language": "en"}
    )

    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    assert not NotificationSettings.objects.filter(user=plain_user).exists()


def test_the_settings_service_drops_unknown_groups_and_modes(plain_user):
    preferences = notification_settings_update(
        user=plain_user,
        email_modes={"meetings": "digest", "nonsense": "off", "grants": "sometimes"},
        preferred_language="xx",
    )

    assert preferences.email_modes == {"meetings": "digest"}


# -- delivery by the settings ------------------------------------------------------------------


def test_with_e_mail_off_the_notification_is_delivered_in_app_only(english):
    user = NotificationSettingsFactory(email_modes={"registry": "off"}).user
    notification = verified_notice(user, due_at=NOW)

    assert notifications_send_due(now=NOW) == 0

    assert mail.outbox == []
    notification.refresh_from_db()
    assert notification.sent_at == NOW
    assert notification.channel == Notification.Channel.IN_APP
    assert notification.read_at is None  # still unread in the notification centre


def test_e_mail_off_for_one_group_still_sends_the_others_and_ungrouped_kinds(english):
    user = NotificationSettingsFactory(email_modes={"registry": "off"}).user
    verified_notice(user, due_at=NOW)
    NotificationFactory(recipient=user, due_at=NOW)  # account_welcome: never configurable

    assert notifications_send_due(now=NOW) == 1

    assert [m.subject for m in mail.outbox] == ["Welcome to Brobygger"]


def test_a_digest_notification_waits_for_the_digest(english):
    user = NotificationSettingsFactory(email_modes={"registry": "digest"}).user
    notification = verified_notice(user, due_at=NOW)

    assert notifications_send_due(now=NOW) == 0
    assert notifications_send_due(now=NOW + timedelta(minutes=1)) == 0

    assert mail.outbox == []
    notification.refresh_from_db()
    assert notification.sent_at is None
    assert notification.channel == Notification.Channel.DIGEST


def test_e_mails_link_to_the_notification_settings(english):
    verified_notice(UserFactory(), due_at=NOW)

    notifications_send_due(now=NOW)

    (message,) = mail.outbox
    assert django_settings.SITE_URL + SETTINGS in message.body


# -- the evening digest -----------------------------------------------------------------------


def digest_reader(**kwargs):
    return NotificationSettingsFactory(
        user=UserFactory(**kwargs), email_modes={"registry": "digest", "meetings": "digest"}
    ).user


def route(now=NOW):
    notifications_send_due(now=now)


def test_the_digest_sends_one_e_mail_per_person_with_all_their_notifications(english):
    anna, per = digest_reader(), digest_reader()
    for name in ("Lag A", "Lag B", "Lag C"):
        verified_notice(anna, due_at=NOW, organization=OrganizationFactory(name=name))
    verified_notice(per, due_at=NOW, organization=OrganizationFactory(name="Lag D"))
    route()

    assert notifications_send_digests(now=NOW + timedelta(hours=6)) == 2

    by_recipient = {m.to[0]: m for m in mail.outbox}
    assert set(by_recipient) == {anna.email, per.email}
    to_anna = by_recipient[anna.email]
    assert to_anna.subject == "Brobygger today: 3 notifications"
    for name in ("Lag A", "Lag B", "Lag C"):
        assert f"{name} is verified" in to_anna.body
    assert "Lag D" not in to_anna.body
    assert not Notification.objects.filter(sent_at__isnull=True).exists()


def test_the_digest_has_a_plain_text_and_an_html_part_with_links_and_the_settings(english):
    user = digest_reader()
    notification = verified_notice(user, due_at=NOW)
    route()

    notifications_send_digests(now=NOW + timedelta(hours=6))

    (message,) = mail.outbox
    html, mimetype = message.alternatives[0]
    assert mimetype == "text/html"
    settings_url = django_settings.SITE_URL + SETTINGS
    open_url = django_settings.SITE_URL + reverse("notifications:open", args=[notification.pk])
    for part in (message.body, html):
        assert settings_url in part
        assert open_url in part
        assert "Drammen Sjakklubb is verified" in part


@pytest.mark.parametrize(
    ("language", "title"), [("nb", "Velkommen til Brobygger"), ("en", "Welcome to Brobygger")]
)
def test_the_digest_speaks_each_recipients_language(language, title):
    user = UserFactory(preferred_language=language)
    NotificationFactory(recipient=user, due_at=NOW, channel=Notification.Channel.DIGEST)

    notifications_send_digests(now=NOW + timedelta(hours=6))

    assert title in mail.outbox[0].body


def test_running_the_digest_twice_sends_one_e_mail():
    user = digest_reader()
    verified_notice(user, due_at=NOW)
    route()

    assert notifications_send_digests(now=NOW + timedelta(hours=6)) == 1
    assert notifications_send_digests(now=NOW + timedelta(hours=6)) == 0

    assert len(mail.outbox) == 1


def test_the_digest_leaves_immediate_and_not_yet_due_notifications_alone():
    user = digest_reader()
    immediate = NotificationFactory(recipient=user, due_at=NOW)  # account kind: sent at once
    later = verified_notice(user, due_at=NOW + timedelta(days=1))
    route()

    assert notifications_send_digests(now=NOW + timedelta(hours=6)) == 0

    later.refresh_from_db()
    assert later.sent_at is None
    assert Notification.objects.get(pk=immediate.pk).channel == Notification.Channel.EMAIL


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_digest_held_by_another_run_is_not_sent_again():
    """While one run holds a person's rows (sending their e-mail), a second run skips them."""
    user = digest_reader()
    verified_notice(user, due_at=NOW)
    route()
    held, release = threading.Event(), threading.Event()

    def first_run() -> None:
        try:
            with transaction.atomic():
                list(Notification.objects.select_for_update().filter(recipient=user))
                held.set()
                release.wait(10)
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=1) as pool:
        holder = pool.submit(first_run)
        assert held.wait(10)
        assert notifications_send_digests(now=NOW + timedelta(hours=6)) == 0
        release.set()
        holder.result()

    assert notifications_send_digests(now=NOW + timedelta(hours=6)) == 1
    assert notifications_send_digests(now=NOW + timedelta(hours=6)) == 0
    assert len(mail.outbox) == 1


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_digest_runs_at_once_send_each_person_one_e_mail():
    readers = [digest_reader() for _ in range(20)]
    organization = OrganizationFactory()
    for user in readers:
        verified_notice(user, due_at=NOW, organization=organization)
        verified_notice(user, due_at=NOW + timedelta(minutes=1), organization=organization)
    route(NOW + timedelta(minutes=1))

    def run() -> int:
        try:
            return notifications_send_digests(now=NOW + timedelta(hours=6))
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=2) as pool:
        counts = list(pool.map(lambda _: run(), range(2)))

    assert sum(counts) == 20
    assert sorted(m.to[0] for m in mail.outbox) == sorted(u.email for u in readers)
    assert not Notification.objects.filter(sent_at__isnull=True).exists()


def test_the_digest_runs_every_evening_at_six_oslo_time():
    entry = django_settings.CELERY_BEAT_SCHEDULE["daily-notification-digests"]

    assert entry["task"] == "notifications.tasks.send_notification_digests"
    assert entry["schedule"].hour == {18}
    assert entry["schedule"].minute == {0}
    assert django_settings.CELERY_TIMEZONE == "Europe/Oslo"

from datetime import timedelta
from smtplib import SMTPRecipientsRefused

import pytest
from django.core import mail
from django.core.mail.backends.locmem import EmailBackend as LocmemBackend
from django.utils import timezone

from notifications.models import Notification
from notifications.services import (
    notification_schedule,
    notifications_purge_sent,
    notifications_send_due,
)
from tests.factories import NotificationFactory, UserFactory
from tests.notifications.helpers import NOW, send_due_from_two_workers

pytestmark = pytest.mark.django_db

BOUNCING_ADDRESS = "bounces@example.no"


class BouncingBackend(LocmemBackend):
    """The locmem outbox, except that the SMTP server refuses `BOUNCING_ADDRESS`."""

    def send_messages(self, messages):
        for message in messages:
            if BOUNCING_ADDRESS in message.recipients():
                raise SMTPRecipientsRefused({BOUNCING_ADDRESS: (550, b"No such mailbox")})
        return super().send_messages(messages)


# A probe e-mail kind whose subject Django's own catalogues translate ("January" is "januar" in
# bokmål), so the language rule is tested independently of how far our catalogue has come.
PROBE_TEMPLATES = {
    "emails/probe_subject.txt": '{% load i18n %}{% translate "January" %}',
    "emails/probe.txt": "{% load i18n %}{% get_current_language as language %}{{ language }}",
    "emails/probe.html": (
        "{% load i18n %}{% get_current_language as language %}<p>{{ language }}</p>"
    ),
}


@pytest.fixture
def probe_templates(settings):
    engine = settings.TEMPLATES[0]
    settings.TEMPLATES = [
        {
            **engine,
            "APP_DIRS": False,
            "OPTIONS": {
                **engine["OPTIONS"],
                "loaders": [
                    ("django.template.loaders.locmem.Loader", PROBE_TEMPLATES),
                    "django.template.loaders.filesystem.Loader",
                    "django.template.loaders.app_directories.Loader",
                ],
            },
        }
    ]


def schedule(recipient, *, due_at, kind="account_welcome"):
    return notification_schedule(recipient=recipient, kind=kind, subject=recipient, due_at=due_at)


def test_scheduling_the_same_notification_twice_stores_one_row():
    user = UserFactory()

    first = schedule(user, due_at=NOW)
    second = schedule(user, due_at=NOW)

    assert first.pk == second.pk
    assert Notification.objects.filter(recipient=user).count() == 1


def test_scheduling_for_another_time_stores_another_row():
    user = UserFactory()

    schedule(user, due_at=NOW)
    schedule(user, due_at=NOW + timedelta(days=1))

    assert Notification.objects.filter(recipient=user).count() == 2


def test_running_the_sender_twice_sends_each_due_notification_once():
    user = UserFactory()
    due = schedule(user, due_at=NOW - timedelta(minutes=1))
    later = schedule(user, due_at=NOW + timedelta(hours=1))  # not due yet

    assert notifications_send_due(now=NOW) == 1
    assert notifications_send_due(now=NOW) == 0

    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [user.email]
    due.refresh_from_db()
    later.refresh_from_db()
    assert due.sent_at == NOW
    assert later.sent_at is None


def test_a_notification_is_sent_once_it_falls_due():
    user = UserFactory()
    schedule(user, due_at=NOW + timedelta(hours=1))

    assert notifications_send_due(now=NOW) == 0
    assert notifications_send_due(now=NOW + timedelta(hours=1)) == 1

    assert len(mail.outbox) == 1


def test_the_email_has_a_plain_text_and_an_html_part(settings):
    user = UserFactory(preferred_language="en")
    schedule(user, due_at=NOW)

    notifications_send_due(now=NOW)

    (message,) = mail.outbox
    assert f"{settings.SITE_URL}/dashboard/" in message.body
    assert "<" not in message.body
    ((html, mimetype),) = message.alternatives
    assert mimetype == "text/html"
    assert '<html lang="en">' in html
    assert f'href="{settings.SITE_URL}/dashboard/"' in html
    assert message.message().get_content_type() == "multipart/alternative"


@pytest.mark.parametrize(
    ("language", "subject"), [("nb", "januar"), ("en", "January")], ids=["bokmål", "english"]
)
def test_the_email_is_in_the_recipients_preferred_language(probe_templates, language, subject):
    user = UserFactory(preferred_language=language)
    schedule(user, kind="probe", due_at=NOW)

    notifications_send_due(now=NOW)

    (message,) = mail.outbox
    assert message.subject == subject
    assert message.body == language
    assert message.alternatives[0][0] == f"<p>{language}</p>"


@pytest.mark.parametrize(
    ("language", "subject"),
    [("nb", "Velkommen til Brobygger"), ("en", "Welcome to Brobygger")],
    ids=["bokmål", "english"],
)
def test_the_welcome_email_subject_is_in_the_recipients_language(language, subject):
    schedule(UserFactory(preferred_language=language), due_at=NOW)

    notifications_send_due(now=NOW)

    (message,) = mail.outbox
    assert message.subject == subject


def test_the_email_carries_a_message_id_derived_from_the_notification():
    notification = schedule(UserFactory(), due_at=NOW)

    notifications_send_due(now=NOW)

    (message,) = mail.outbox
    assert message.message()["Message-ID"] == f"<notification-{notification.pk}@brobygger.invalid>"


def test_a_notification_sent_again_carries_the_same_message_id():
    """At-least-once: after a crash before the commit, the receiver can drop the duplicate."""
    notification = schedule(UserFactory(), due_at=NOW)
    notifications_send_due(now=NOW)
    Notification.objects.filter(pk=notification.pk).update(sent_at=None)  # as if never committed

    notifications_send_due(now=NOW)

    first, second = (m.message()["Message-ID"] for m in mail.outbox)
    assert first == second


def test_a_failing_address_is_backed_off_without_blocking_the_others(settings):
    settings.EMAIL_BACKEND = "tests.notifications.test_outbox.BouncingBackend"
    bouncing = schedule(UserFactory(email=BOUNCING_ADDRESS), due_at=NOW - timedelta(minutes=5))
    working = schedule(UserFactory(), due_at=NOW - timedelta(minutes=1))  # queued behind it

    assert notifications_send_due(now=NOW) == 1

    assert [m.to for m in mail.outbox] == [[working.recipient.email]]
    bouncing.refresh_from_db()
    assert bouncing.sent_at is None
    assert bouncing.attempts == 1
    assert BOUNCING_ADDRESS in bouncing.last_error
    assert bouncing.due_at == NOW + timedelta(minutes=2)
    assert notifications_send_due(now=NOW + timedelta(minutes=1)) == 0  # still backing off


def test_the_back_off_doubles_with_each_failed_attempt(settings):
    settings.EMAIL_BACKEND = "tests.notifications.test_outbox.BouncingBackend"
    bouncing = schedule(UserFactory(email=BOUNCING_ADDRESS), due_at=NOW)
    later = NOW + timedelta(minutes=2)

    notifications_send_due(now=NOW)
    notifications_send_due(now=later)

    bouncing.refresh_from_db()
    assert bouncing.attempts == 2
    assert bouncing.due_at == later + timedelta(minutes=4)


def test_the_sender_gives_up_after_the_last_attempt(settings):
    settings.EMAIL_BACKEND = "tests.notifications.test_outbox.BouncingBackend"
    NotificationFactory(recipient=UserFactory(email=BOUNCING_ADDRESS), due_at=NOW, attempts=6)

    assert notifications_send_due(now=NOW + timedelta(days=1)) == 0

    assert Notification.objects.get().attempts == 6


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_workers_at_once_never_send_the_same_notification_twice():
    recipients = UserFactory.create_batch(60)
    for user in recipients:
        schedule(user, due_at=NOW - timedelta(minutes=5))

    counts = send_due_from_two_workers()

    assert sum(counts) == 60
    message_ids = [m.message()["Message-ID"] for m in mail.outbox]
    assert len(message_ids) == len(set(message_ids)) == 60
    assert sorted(m.to[0] for m in mail.outbox) == sorted(u.email for u in recipients)
    assert not Notification.objects.filter(sent_at__isnull=True).exists()


def test_purging_removes_only_notifications_sent_long_ago():
    user = UserFactory()
    old_sent = NotificationFactory(
        recipient=user, due_at=NOW - timedelta(days=91), sent_at=NOW - timedelta(days=91)
    )
    recent_sent = NotificationFactory(
        recipient=user, due_at=NOW - timedelta(days=89), sent_at=NOW - timedelta(days=89)
    )
    old_unsent = NotificationFactory(recipient=user, due_at=NOW - timedelta(days=200))

    assert notifications_purge_sent(now=NOW) == 1

    remaining = set(Notification.objects.values_list("pk", flat=True))
    assert remaining == {recent_sent.pk, old_unsent.pk}
    assert old_sent.pk not in remaining


def test_a_batch_of_notifications_shares_one_mail_server_connection(settings, db):
    """A new (TLS) connection per message would dominate the fan-out's time."""
    from django.core import mail

    from tests.accounts import counting_mail

    settings.EMAIL_BACKEND = "tests.accounts.counting_mail.EmailBackend"
    counting_mail.opened.clear()
    mail.outbox = []
    for _ in range(5):
        NotificationFactory(due_at=timezone.now() - timedelta(minutes=1))
    assert notifications_send_due(now=timezone.now()) == 5
    assert len(mail.outbox) == 5
    assert len(counting_mail.opened) == 1

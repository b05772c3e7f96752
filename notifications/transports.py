"""One transport per channel (healthchecks' `Transport` idea): e-mail and SMS.

A transport knows whether it is set up on this site (`is_configured`), which kinds of
notification it may carry (`allows`), and how to send one. The outbox decides *when* and
*whether* (the recipient's settings, the exactly-once locking, the SMS cap) in
`notifications.services`; a transport only sends. `TRANSPORTS` is the registry, by channel.

Adding a channel: CONTRIBUTING.md, "Adding a notification channel".
"""

from __future__ import annotations

import json
import logging
import urllib.error
import urllib.request
from typing import TYPE_CHECKING, Any, ClassVar

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from accounts.branding import branded_email_html
from accounts.models import Municipality
from notifications.kinds import NEVER_BY_SMS_GROUPS, group_of

if TYPE_CHECKING:
    from notifications.models import Delivery, Notification, NotificationSettings

logger = logging.getLogger(__name__)


class TransportError(Exception):
    """The channel did not take the message; the outbox tries again later."""


def email_message(
    *,
    template: str,
    context: dict[str, Any],
    language: str,
    to: str,
    message_id: str,
    connection=None,
    brand: Municipality | None = None,
) -> EmailMultiAlternatives:
    """The one place an e-mail is rendered: `<template>_subject.txt`, `<template>.txt` and
    `<template>.html` in `language`, a plain-text part and an HTML part, a stable Message-ID.
    Sent on a municipality's behalf (`brand`), the HTML part carries its logo and accent colour
    (accounts/branding.py); the plain text stays as it is."""
    with translation.override(language):
        subject = render_to_string(f"{template}_subject.txt", context)
        text = render_to_string(f"{template}.txt", context)
        html = render_to_string(f"{template}.html", context)
    html = branded_email_html(html, brand, site_url=settings.SITE_URL)
    message = EmailMultiAlternatives(
        subject=" ".join(subject.split()),
        body=text,
        to=[to],
        headers={"Message-ID": message_id},
        connection=connection,
    )
    message.attach_alternative(html, "text/html")
    return message


def municipality_of(notification: Notification) -> Municipality | None:
    """The municipality a notification is about, on whose behalf it is sent: its subject's
    (`notification_municipality` on the subject's model names the path, "municipality" by
    default; a followed grant scheme says "scheme.municipality"), or the subject itself."""
    obj: Any = notification.subject
    if isinstance(obj, Municipality):
        return obj
    path = getattr(type(obj), "notification_municipality", "municipality")
    for name in path.split("."):
        obj = getattr(obj, name, None)
        if obj is None:
            return None
    return obj if isinstance(obj, Municipality) else None


def settings_url() -> str:
    return settings.SITE_URL + reverse("notifications:settings")


class Transport:
    """What the outbox asks of a channel. E-mail is the outbox row's own channel; every other
    channel gets one `Delivery` per notification, planned and sent by `notifications.services`
    through these methods alone, so that a new channel needs no change there."""

    channel: ClassVar[str]

    @classmethod
    def is_configured(cls) -> bool:
        return True

    def allows(self, kind: str) -> bool:
        return True

    def address_for(self, preferences: NotificationSettings, kind: str) -> str | None:
        """Where this person wants this kind by this channel, or None (not by this channel)."""
        return None

    def monthly_cap(self) -> int | None:
        """How many messages a municipality may send by this channel in a month (None: no cap).
        Over it, the notification comes by e-mail at once, and the municipality's coordinators
        get `<channel>_cap_reached` once a month."""
        return None

    def send(self, delivery: Delivery) -> str:
        """Send one delivery; returns the provider's id. Raises TransportError to try again."""
        raise NotImplementedError


class EmailTransport(Transport):
    """E-mail: every kind, always on. One connection to the mail server for a whole batch."""

    channel = "email"

    def __init__(self, connection=None):
        self.connection = connection or get_connection()
        self._settings_url = None  # the same for every message of a batch: reversed once

    def send(self, notification: Notification) -> None:
        if self._settings_url is None:
            self._settings_url = settings_url()
        context = {
            **notification.context,
            "recipient": notification.recipient,
            "notification": notification,
            "site_url": settings.SITE_URL,
            "settings_url": self._settings_url,
        }
        email_message(
            template=f"emails/{notification.kind}",
            context=context,
            language=notification.language_code,
            to=notification.address,
            message_id=notification.message_id,
            connection=self.connection,
            brand=municipality_of(notification),
        ).send()

    def close(self) -> None:
        self.connection.close()


class SmsTransport(Transport):
    """SMS through Sveve's HTTP API (README, design notes: why Sveve).

    Off unless `SMS_SVEVE_USER` and `SMS_SVEVE_PASSWORD` are set. Carries only the kinds in
    `SMS_KINDS` (meeting invitations, reminders and cancellations, grant deadlines), and never a
    kind of the referrals group, whatever `SMS_KINDS` says: a text message shows on a locked
    phone.
    """

    channel = "sms"
    # Sveve's documented maximum for `from` is 11 characters, and for `ref` 36.
    SENDER_MAX = 11
    REF_MAX = 36

    @classmethod
    def is_configured(cls) -> bool:
        return bool(settings.SMS_SVEVE_USER and settings.SMS_SVEVE_PASSWORD)

    def allows(self, kind: str) -> bool:
        return kind in settings.SMS_KINDS and group_of(kind) not in NEVER_BY_SMS_GROUPS

    def address_for(self, preferences: NotificationSettings, kind: str) -> str | None:
        if preferences.has_verified_mobile and kind in preferences.sms_kinds:
            return preferences.mobile_number
        return None

    def monthly_cap(self) -> int | None:
        return settings.SMS_MONTHLY_CAP_PER_MUNICIPALITY

    def text_for(self, notification: Notification) -> str:
        """The SMS text: `templates/sms/<kind>.txt` in the recipient's language, one line."""
        context = {
            **notification.context,
            "notification": notification,
            "site_url": settings.SITE_URL,
        }
        with translation.override(notification.language_code):
            text = render_to_string(f"sms/{notification.kind}.txt", context)
        return " ".join(text.split())

    def send(self, delivery: Delivery) -> str:
        """Send one delivery; returns the gateway's message id."""
        notification = delivery.notification
        if not self.allows(notification.kind):  # checked when planned; asked again here
            raise TransportError(f"{notification.kind} is never sent by SMS")
        return self.send_text(
            to=delivery.to, text=self.text_for(notification), ref=f"delivery-{delivery.pk}"
        )

    def send_text(self, *, to: str, text: str, ref: str) -> str:
        """POST one message to the gateway. `to` is E.164 (`+4791234567`); Sveve takes the
        number with its country code and without the plus (`4791234567`)."""
        payload = {
            "user": settings.SMS_SVEVE_USER,
            "passwd": settings.SMS_SVEVE_PASSWORD,
            "to": to.removeprefix("+"),
            "msg": text,
            "from": settings.SMS_SENDER[: self.SENDER_MAX],
            "ref": ref[: self.REF_MAX],
            "f": "json",
        }
        url = settings.SMS_SVEVE_URL
        if not url.startswith(("https://", "http://")):
            raise TransportError("SMS_SVEVE_URL must be an http(s) address")
        request = urllib.request.Request(  # noqa: S310 (the scheme is checked above)
            url,
            data=json.dumps(payload).encode(),
            headers={"Content-Type": "application/json; charset=utf-8"},
            method="POST",
        )
        try:
            with urllib.request.urlopen(  # noqa: S310
                request, timeout=settings.SMS_TIMEOUT_SECONDS
            ) as answer:
                body = json.loads(answer.read().decode() or "{}")
        except (urllib.error.URLError, OSError, ValueError) as error:
            raise TransportError(f"SMS gateway unreachable: {type(error).__name__}") from error
        response = body.get("response") if isinstance(body, dict) else None
        if not isinstance(response, dict):
            raise TransportError("SMS gateway: unexpected answer")
        if response.get("fatalError"):
            raise TransportError(f"SMS gateway: {str(response['fatalError'])[:120]}")
        errors = response.get("errors") or []
        if errors or not response.get("msgOkCount"):
            # Each error names the number and a message; only the message is kept (no number
            # in a log line or in `last_error`).
            messages = "; ".join(
                str(e.get("message", ""))[:80] for e in errors if isinstance(e, dict)
            )
            raise TransportError(f"SMS gateway refused: {messages or 'no message accepted'}")
        ids = response.get("ids") or [""]
        return str(ids[0])[:64]


TRANSPORTS: dict[str, type[Transport]] = {
    EmailTransport.channel: EmailTransport,
    SmsTransport.channel: SmsTransport,
}


def transport(channel: str, **kwargs) -> Transport:
    """The transport of a channel, from the registry."""
    return TRANSPORTS[channel](**kwargs)


def other_channels() -> list[Transport]:
    """The transports besides e-mail that are set up on this site."""
    return [
        cls() for channel, cls in TRANSPORTS.items() if channel != "email" and cls.is_configured()
    ]

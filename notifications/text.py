"""What a notification says and where it leads, for the notification centre and the digest.

The title is the notification's own e-mail subject (`emails/<kind>_subject.txt`), rendered in the
active language; the link is the subject object's page when it has one.
"""

from __future__ import annotations

from django.conf import settings
from django.template import TemplateDoesNotExist
from django.template.loader import render_to_string
from django.urls import reverse

from notifications.models import Notification


def notification_title(notification: Notification) -> str:
    context = {
        **notification.context,
        "recipient": notification.recipient,
        "notification": notification,
        "site_url": settings.SITE_URL,
    }
    try:
        subject = render_to_string(f"emails/{notification.kind}_subject.txt", context)
    except TemplateDoesNotExist:
        return notification.kind
    return " ".join(subject.split())


def notification_target_url(notification: Notification) -> str | None:
    """The subject's page, or None when it has none (or no longer exists)."""
    subject = notification.subject
    get_url = getattr(subject, "get_absolute_url", None)
    return get_url() if get_url is not None else None


def notification_open_url(notification: Notification) -> str:
    """Opens the notification: marks it read and goes on to its subject."""
    return reverse("notifications:open", args=[notification.pk])

"""Notification kinds: grouped for the e-mail settings, and the few that may also come by SMS.

A kind (`meeting_reminder`, `agreement_active`, ...) names its e-mail templates. Each kind belongs
to a group by its prefix (the text before the first underscore); a new kind with a known prefix
joins its group without any change here. A kind with no group (`account_welcome`, or any prefix
not listed) is always sent by e-mail at once: the safe default for what nobody chose to quiet.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class EmailMode(models.TextChoices):
    IMMEDIATE = "immediate", _("E-mail at once")
    DIGEST = "digest", _("One e-mail a day at 18:00")
    OFF = "off", _("No e-mail, only here on the site")


# group code → label, in the order the settings page shows them.
GROUPS: dict[str, str] = {
    "announcements": _("Announcements from the municipality"),
    "meetings": _("Meetings and events"),
    "agreements": _("Cooperation agreements"),
    "referrals": _("Referrals"),
    "grants": _("Grants"),
    "registry": _("Your organisations in the registry"),
    "places": _("Requests for premises and arenas"),
}

# kind prefix → group.
PREFIXES: dict[str, str] = {
    "announcement": "announcements",
    "meeting": "meetings",
    "agreement": "agreements",
    "need": "agreements",
    "referral": "referrals",
    "consent": "referrals",
    "grant": "grants",
    "organization": "registry",
    "place": "places",
}

# Whole kinds that do not follow their prefix: kind → group, or None for "not configurable,
# always e-mailed at once". A crisis message asks crisis contacts for help within hours: it must
# not wait for the evening digest, nor be silenced with the municipality's other news.
KINDS: dict[str, str | None] = {"announcement_crisis": None}


def group_of(kind: str) -> str | None:
    """The settings group of a kind, or None when the kind is not configurable."""
    if kind in KINDS:
        return KINDS[kind]
    return PREFIXES.get(kind.split("_", 1)[0])


# -- SMS ---------------------------------------------------------------------------------------

# The kinds a person may choose to get by SMS as well (the default of settings.SMS_KINDS), with
# the label the settings page shows. Short, time-bound news about a meeting or a deadline.
SMS_KIND_LABELS: dict[str, str] = {
    "meeting_invitation": _("Invitations to meetings, with a link to answer"),
    "meeting_reminder": _("Reminders of meetings you are going to"),
    "meeting_cancelled": _("Cancelled meetings"),
    "grant_deadline": _("Grant deadlines"),
    "announcement_crisis": _("Crisis messages from the municipality, if you are a crisis contact"),
}

# Never by SMS, whatever settings.SMS_KINDS or anybody's settings say: a text message shows on a
# locked phone and stays with the telephone company. Nothing about a referral goes that way.
NEVER_BY_SMS_GROUPS: frozenset[str] = frozenset({"referrals"})

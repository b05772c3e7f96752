"""Signed links to answer an invitation without an account (or without signing in).

Each link belongs to one invitation and one person: the e-mail to that person carries it. The
address holds the invitation's id, the person's id and a signature (django.core.signing, with a
timestamp) whose salt names both ids, so a link cannot be turned into one for another invitation
or another person. A link is good for `MAX_AGE` after the e-mail was written; the invitation and
reminder e-mails each write fresh ones. Whether the meeting is over or cancelled, and whether the
person may still answer for the invitation (still the organisation's contact), is checked when the
link is used, by the same service and rule as an answer given signed in.

Opening a link never changes an answer (mail scanners open links): the page shows the meeting
with the answer chosen in the e-mail ticked, and the person saves it.
"""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING

from django.core import signing
from django.urls import reverse

from accounts.site import absolute_url

if TYPE_CHECKING:
    from accounts.models import User
    from meetings.models import Participation, TimePollInvitee

SALT = "meetings.answer-link"
MAX_AGE = timedelta(days=120)
# What the signature signs: the salt already names the invitation and the person.
_VALUE = "answer"


class LinkRefused(Exception):
    """The signature does not match (a changed or made-up link) or it is too old."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason  # "tampered" or "expired"


def _signer(participation_id: int, user_id: int) -> signing.TimestampSigner:
    return signing.TimestampSigner(salt=f"{SALT}:{participation_id}:{user_id}")


def signature_for(participation: Participation, user: User) -> str:
    signed = _signer(participation.pk, user.pk).sign(_VALUE)
    return signed.split(":", 1)[1]  # timestamp:signature


def check(participation_id: int, user_id: int, signature: str) -> None:
    """Raises LinkRefused unless the signature was written for this invitation and person no
    longer than MAX_AGE ago."""
    try:
        _signer(participation_id, user_id).unsign(f"{_VALUE}:{signature}", max_age=MAX_AGE)
    except signing.SignatureExpired:
        raise LinkRefused("expired") from None
    except signing.BadSignature:
        raise LinkRefused("tampered") from None


def answer_path(participation: Participation, user: User, response: str | None = None) -> str:
    path = reverse(
        "meetings:answer_link",
        kwargs={
            "pk": participation.pk,
            "person": user.pk,
            "signature": signature_for(participation, user),
        },
    )
    return f"{path}?answer={response}" if response else path


def answer_url(participation: Participation, user: User, response: str | None = None) -> str:
    return absolute_url(answer_path(participation, user, response))


# -- time polls: the same kind of link, for one organisation's answer to a poll and one person ---

POLL_SALT = "meetings.time-poll-link"


def _poll_signer(invitee_id: int, user_id: int) -> signing.TimestampSigner:
    return signing.TimestampSigner(salt=f"{POLL_SALT}:{invitee_id}:{user_id}")


def poll_check(invitee_id: int, user_id: int, signature: str) -> None:
    """Like `check`, for a time poll's link (a link to an invitation never opens a poll)."""
    try:
        _poll_signer(invitee_id, user_id).unsign(f"{_VALUE}:{signature}", max_age=MAX_AGE)
    except signing.SignatureExpired:
        raise LinkRefused("expired") from None
    except signing.BadSignature:
        raise LinkRefused("tampered") from None


def poll_path(invitee: TimePollInvitee, user: User) -> str:
    signed = _poll_signer(invitee.pk, user.pk).sign(_VALUE).split(":", 1)[1]
    return reverse(
        "meetings:poll_link", kwargs={"pk": invitee.pk, "person": user.pk, "signature": signed}
    )


def poll_url(invitee: TimePollInvitee, user: User) -> str:
    return absolute_url(poll_path(invitee, user))

"""Signed links to answer an invitation, or a time poll, without an account (or without signing in).

Each link belongs to one invitation (or one organisation's answer to a poll) and one person: the
e-mail to that person carries it (core.signed_links: the salt names the purpose, the invitation
and the person, so an invitation's link never opens a poll). A link is good for `MAX_AGE` after
the e-mail was written; the invitation and reminder e-mails each write fresh ones. Whether the
meeting is over or cancelled, and whether the person may still answer for the invitation (still
the organisation's contact), is checked when the link is used, by the same service and rule as an
answer given signed in.

Opening a link never changes an answer (mail scanners open links): the page shows the meeting
with the answer chosen in the e-mail ticked, and the person saves it.
"""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING

from django.urls import reverse

from accounts.site import absolute_url
from core.signed_links import SignedLink

if TYPE_CHECKING:
    from accounts.models import User
    from meetings.models import Participation, TimePollInvitee

MAX_AGE = timedelta(days=120)
ANSWER = SignedLink(salt="meetings.answer-link", max_age=MAX_AGE, value="answer")
# Its own salt: a link to an invitation never opens a poll, nor the other way round.
POLL = SignedLink(salt="meetings.time-poll-link", max_age=MAX_AGE, value="answer")


def signature_for(participation: Participation, user: User) -> str:
    return ANSWER.sign(participation.pk, user.pk)


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


def poll_path(invitee: TimePollInvitee, user: User) -> str:
    signature = POLL.sign(invitee.pk, user.pk)
    return reverse(
        "meetings:poll_link", kwargs={"pk": invitee.pk, "person": user.pk, "signature": signature}
    )


def poll_url(invitee: TimePollInvitee, user: User) -> str:
    return absolute_url(poll_path(invitee, user))

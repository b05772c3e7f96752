"""`{% answer_links meeting recipient as links %}`: the signed answer links of the invitations on
`meeting` that `recipient` may answer (their own, or their organisation's as its admin or contact
person), for the invitation and reminder e-mails."""

from __future__ import annotations

from django import template

from meetings import answer_links as links
from meetings.models import Meeting, TimePoll
from meetings.selectors import participations_for

register = template.Library()


@register.simple_tag
def answer_links(meeting, recipient) -> list[dict]:
    if not isinstance(meeting, Meeting) or not getattr(recipient, "pk", None):
        return []  # a template rendered without them (a preview, a test of the wording)
    if meeting.is_cancelled:
        return []
    # An e-mail's plain-text and HTML parts show the same links: signed and reversed once per
    # message (kept on the recipient object, which each message loads afresh).
    memo = recipient.__dict__.setdefault("_answer_links", {})
    key = (meeting.pk, meeting.sequence)
    if key not in memo:
        memo[key] = _answer_links(meeting, recipient)
    return memo[key]


def _answer_links(meeting, recipient) -> list[dict]:
    return [
        {
            "participation": participation,
            "organization": participation.organization,
            "page": links.answer_url(participation, recipient),
            "yes": links.answer_url(participation, recipient, "yes"),
            "maybe": links.answer_url(participation, recipient, "maybe"),
            "no": links.answer_url(participation, recipient, "no"),
        }
        for participation in participations_for(recipient, meeting)
    ]


@register.simple_tag
def poll_links(poll, recipient) -> list[dict]:
    """The signed links to a time poll for the organisations `recipient` answers for."""
    if not isinstance(poll, TimePoll) or not getattr(recipient, "pk", None):
        return []  # a template rendered without them (a preview, a test of the wording)
    return [
        {"organization": invitee.organization, "url": links.poll_url(invitee, recipient)}
        for invitee in poll.invitees.select_related("organization")
        if recipient.has_perm("meetings.answer_time_poll", invitee)
    ]

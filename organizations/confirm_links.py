"""Signed links to say an organisation's profile is still correct, without signing in (issue #18).

Once a year each admin of an organisation whose profile nobody has confirmed for a year gets an
e-mail with a link of their own. The address holds the organisation's id, the person's id and a
signature (django.core.signing, with a timestamp) whose salt names both ids, so a link cannot be
turned into one for another organisation or another person. A link is good for `MAX_AGE` after
the e-mail was written. Whether the person may still confirm (still an admin) is checked when the
link is used, by the same service and rule as the button on the profile.

Opening a link never confirms anything (mail scanners open links): the page shows the profile and
a button; only pressing it confirms. The same pattern as meetings.answer_links.
"""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING

from django.core import signing
from django.urls import reverse

from accounts.site import absolute_url

if TYPE_CHECKING:
    from accounts.models import User
    from organizations.models import Organization

SALT = "organizations.confirm-link"
MAX_AGE = timedelta(days=30)
# What the signature signs: the salt already names the organisation and the person.
_VALUE = "confirm"


class LinkRefused(Exception):
    """The signature does not match (a changed or made-up link) or it is too old."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason  # "tampered" or "expired"


def _signer(organization_id: int, user_id: int) -> signing.TimestampSigner:
    return signing.TimestampSigner(salt=f"{SALT}:{organization_id}:{user_id}")


def signature_for(organization: Organization, user: User) -> str:
    signed = _signer(organization.pk, user.pk).sign(_VALUE)
    return signed.split(":", 1)[1]  # timestamp:signature


def check(organization_id: int, user_id: int, signature: str) -> None:
    """Raises LinkRefused unless the signature was written for this organisation and person no
    longer than MAX_AGE ago."""
    try:
        _signer(organization_id, user_id).unsign(f"{_VALUE}:{signature}", max_age=MAX_AGE)
    except signing.SignatureExpired:
        raise LinkRefused("expired") from None
    except signing.BadSignature:
        raise LinkRefused("tampered") from None


def confirm_path(organization: Organization, user: User) -> str:
    return reverse(
        "organizations:confirm_link",
        kwargs={
            "pk": organization.pk,
            "person": user.pk,
            "signature": signature_for(organization, user),
        },
    )


def confirm_url(organization: Organization, user: User) -> str:
    return absolute_url(confirm_path(organization, user))

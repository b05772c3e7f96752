"""Signed links to say an organisation's profile is still correct, without signing in (issue #18).

Once a year each admin of an organisation whose profile nobody has confirmed for a year gets an
e-mail with a link of their own (core.signed_links: the salt names the organisation and the
person). A link is good for `MAX_AGE` after the e-mail was written. Whether the person may still
confirm (still an admin) is checked when the link is used, by the same service and rule as the
button on the profile.

Opening a link never confirms anything (mail scanners open links): the page shows the profile and
a button; only pressing it confirms. The same pattern as meetings.answer_links.
"""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING

from django.urls import reverse

from accounts.site import absolute_url
from core.signed_links import SignedLink

if TYPE_CHECKING:
    from accounts.models import User
    from organizations.models import Organization

MAX_AGE = timedelta(days=30)
LINK = SignedLink(salt="organizations.confirm-link", max_age=MAX_AGE, value="confirm")


def signature_for(organization: Organization, user: User) -> str:
    return LINK.sign(organization.pk, user.pk)


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

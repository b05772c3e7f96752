"""`{% confirm_url organization recipient as url %}`: the signed "still correct?" link of the
yearly e-mail, written when the e-mail is rendered (organizations.confirm_links)."""

from __future__ import annotations

from django import template

from organizations import confirm_links
from organizations.models import Organization

register = template.Library()


@register.simple_tag
def confirm_url(organization, recipient) -> str:
    if not isinstance(organization, Organization) or not getattr(recipient, "pk", None):
        return ""  # a template rendered without them (a preview, a test of the wording)
    return confirm_links.confirm_url(organization, recipient)

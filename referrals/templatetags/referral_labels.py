"""Labels for the codes that e-mails and pages carry (offer, status, decline category), in the
active language."""

from django import template

from referrals.choices import DeclineCategory, Offer
from referrals.models import Referral

register = template.Library()


@register.filter
def offer_label(code: str) -> str:
    return str(dict(Offer.choices).get(code, code))


@register.filter
def status_label(code: str) -> str:
    return str(dict(Referral.Status.choices).get(code, code))


@register.filter
def decline_category_label(code: str) -> str:
    """The category's label; empty for a decline recorded before categories existed."""
    return str(dict(DeclineCategory.choices).get(code, ""))

"""Labels for the codes that e-mails and pages carry (offer, status), in the active language."""

from django import template

from referrals.choices import Offer
from referrals.models import Referral

register = template.Library()


@register.filter
def offer_label(code: str) -> str:
    return str(dict(Offer.choices).get(code, code))


@register.filter
def status_label(code: str) -> str:
    return str(dict(Referral.Status.choices).get(code, code))

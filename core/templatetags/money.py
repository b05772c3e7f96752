"""`{% load money %}{{ amount|money:currency }}`: an amount written the way of its currency
(NOK "kr 1 250", DKK "1.250 kr."), see core.countries.format_money."""

from django import template

from core.countries import currency_for, format_money

register = template.Library()


@register.filter
def money(amount, currency: str = "NOK") -> str:
    return format_money(amount, currency or "NOK")


@register.filter
def currency_of(country: str) -> str:
    """The currency of a country code: `{{ municipality.country|currency_of }}`."""
    return currency_for(country)

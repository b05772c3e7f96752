"""`{% brand as brand %}`: the municipality whose look the page wears (accounts/branding.py).

A page about one municipality (its `municipality` in the template's context: its public pages,
its staff pages) wears that municipality's look; any other page of a signed-in user acting in a
municipality (the tenant, accounts/tenancy.py) wears the tenant's; every other page keeps
Brobygger's neutral theme. No query of its own: the view or the tenant has loaded the row.
"""

from django import template

from accounts.branding import brand_version
from accounts.models import Municipality

register = template.Library()


@register.simple_tag(takes_context=True)
def brand(context):
    municipality = context.get("municipality")
    if not isinstance(municipality, Municipality):
        request = context.get("request")
        user = getattr(request, "user", None)
        tenant = getattr(request, "tenant", None)
        if user is None or not user.is_authenticated or tenant is None:
            return None
        municipality = tenant.municipality
    if municipality is None or not (municipality.accent_color or municipality.logo):
        return None
    return municipality


@register.filter
def brand_version_of(municipality) -> str:
    return brand_version(municipality)

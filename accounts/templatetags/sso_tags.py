from django import template

from accounts.sso.selectors import sso_configs_for_sign_in

register = template.Library()


@register.simple_tag
def sso_municipalities():
    """The municipalities whose staff sign in with their own provider (sign-in page)."""
    return list(sso_configs_for_sign_in())

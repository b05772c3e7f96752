from django.utils.functional import SimpleLazyObject

from accounts.selectors import user_roles
from accounts.tenancy import Tenant


def roles(request):
    """What the signed-in user may act as, their staff municipalities and the active one (the
    tenant, `accounts.tenancy`) for the header.

    All are lazy: a page that does not use them costs no query.
    """
    user = request.user
    tenant = getattr(request, "tenant", None) or Tenant(request)
    return {
        "roles": SimpleLazyObject(lambda: user_roles(user)),
        "header_municipalities": SimpleLazyObject(lambda: tenant.municipalities),
        "tenant": tenant,
    }

from django.utils.functional import SimpleLazyObject

from accounts.models import Municipality
from accounts.selectors import user_roles


def roles(request):
    """What the signed-in user may act as, and their municipalities for the header.

    Both are lazy: a page that does not use them costs no query.
    """
    user = request.user

    def municipalities() -> list[Municipality]:
        ids = user_roles(user).municipalities
        if not ids:
            return []
        return list(Municipality.objects.filter(pk__in=ids).only("name", "slug").order_by("name"))

    return {
        "roles": SimpleLazyObject(lambda: user_roles(user)),
        "header_municipalities": SimpleLazyObject(municipalities),
    }

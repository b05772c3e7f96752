"""Who may do what, on which object: the one place. Views, services and templates ask these rules.

Scoping (which objects exist for a user) lives in the selectors; these rules decide what a user
may do with an object they can see.
"""

from __future__ import annotations

import rules

from accounts.selectors import user_roles


@rules.predicate
def is_platform_admin(user) -> bool:
    return user_roles(user).is_platform_admin


@rules.predicate
def is_coordinator(user) -> bool:
    return user_roles(user).is_coordinator


@rules.predicate
def is_caseworker(user) -> bool:
    return user_roles(user).is_caseworker


@rules.predicate
def is_organization_person(user) -> bool:
    return user_roles(user).is_organization_person


@rules.predicate
def is_coordinator_of(user, municipality) -> bool:
    return municipality is not None and municipality.pk in user_roles(user).coordinator_of


@rules.predicate
def is_staff_of(user, municipality) -> bool:
    """A coordinator or caseworker of this municipality."""
    return municipality is not None and municipality.pk in user_roles(user).municipalities


@rules.predicate
def needs_two_factor(user) -> bool:
    return user_roles(user).needs_two_factor


# Municipality pages: its own staff, and platform admins.
rules.add_perm("accounts.view_municipality", is_staff_of | is_platform_admin)
rules.add_perm("accounts.manage_municipality", is_coordinator_of | is_platform_admin)
# The Django admin site is for platform admins only.
rules.add_perm("accounts.use_admin_site", is_platform_admin)

"""The site's menus, shaped by what the user may do (issue #23).

A short primary menu names the sections a person works in every day; every other page they may
open goes in the user menu under it ("More"). Nothing here knows a role: each entry asks the
rules (`user.has_perm`, accounts/permissions.py) what the user may see, so a coordinator gets
Overview, Organisations, Agreements, Meetings, Referrals and Grants; a contact person My
organisation, Meetings, Referrals and Grants; a caseworker the start page, Persons and referrals
and Meetings; a leader Overview, Agreements and Meetings; and a visitor the public pages
(Directory, Activities, Events, Grants, Municipalities).

The context processor `menus` hands the header two lists of `MenuItem`; the entry for the page
being shown has `current` set (the header marks it with aria-current="page"). Both are lazy: a
page without the header (a print page, an e-mail) asks no rule.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.urls import reverse
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class MenuItem:
    label: str
    url: str
    current: bool = False


def _perm(*names: str) -> Callable[[object], bool]:
    return lambda user: any(user.has_perm(name) for name in names)


def _always(user) -> bool:
    return True


def _never(user) -> bool:
    return False


def _not(test: Callable[[object], bool]) -> Callable[[object], bool]:
    return lambda user: not test(user)


def _all(*tests: Callable[[object], bool]) -> Callable[[object], bool]:
    return lambda user: all(test(user) for test in tests)


@dataclass(frozen=True)
class _Entry:
    """A menu entry: where it goes, when it is the current section, and who gets it where.

    `sections` lists the pages that count as this section, blank-separated: `namespace:name`
    for one page, `namespace:*` for a whole namespace, `:name` for a page without a namespace.
    `primary` and `secondary` ask the rules whether the user gets it in the menu or under More
    (primary first)."""

    label: object
    url_name: str
    sections: str
    primary: Callable[[object], bool]
    secondary: Callable[[object], bool] = _never
    exclude: tuple[str, ...] = ()

    def is_current(self, match) -> bool:
        if match is None or match.url_name in self.exclude:
            return False
        return any(
            match.namespace == namespace and name in {"*", match.url_name}
            for namespace, name in (section.split(":") for section in self.sections.split())
        )


# Coordinators and leaders follow their municipality as a whole: they get the overview and the
# municipality's agreements first.
_follows_municipality = _perm("dashboard.view_overview")
_keeps_grant_work = _perm(
    "grants.view_own_applications", "grants.view_applications_in_municipality"
)
_registers_persons = _perm("referrals.register_person")
_sees_organization_panels = _perm("dashboard.view_organization_panels")

# One row an entry: label, address, the section it marks as current, who gets it in the menu,
# who gets it under More.
# fmt: off
SIGNED_IN = (
    _Entry(_("Overview"), "dashboard", ":dashboard dashboard:*", _follows_municipality),
    _Entry(_("My organisation"), "dashboard", ":dashboard",
           _all(_not(_follows_municipality), _sees_organization_panels)),
    _Entry(_("Start page"), "dashboard", ":dashboard",
           _all(_not(_follows_municipality), _not(_sees_organization_panels))),
    _Entry(_("Organisations"), "organizations:registry", "organizations:*",
           _perm("organizations.view_registry"), exclude=("directory", "activity_directory")),
    _Entry(_("Agreements"), "agreements:list", "agreements:*",
           _follows_municipality, _perm("agreements.view_agreement_list")),
    _Entry(_("Meetings"), "meetings:calendar", "meetings:*", _always, exclude=("public",)),
    _Entry(_("Persons and referrals"), "referrals:persons", "referrals:*", _registers_persons),
    _Entry(_("Referrals"), "referrals:list", "referrals:*",
           _all(_not(_registers_persons), _perm("referrals.view_referral_list"))),
    _Entry(_("Grants"), "grants:catalogue", "grants:*", _keeps_grant_work, _always),
    _Entry(_("Announcements"), "announcements:list", "announcements:*",
           _never, _perm("announcements.view_announcement_list")),
    _Entry(_("Directory"), "organizations:directory", "organizations:directory", _never, _always),
    _Entry(_("Activities"), "organizations:activity_directory",
           "organizations:activity_directory", _never, _always),
    _Entry(_("Events"), "meetings:public", "meetings:public", _never, _always),
    _Entry(_("Municipalities"), "public:list", "public:list", _never, _always),
    _Entry(_("My profile"), "accounts:profile", "accounts:profile", _never, _always),
    _Entry(_("Two-factor authentication"), "mfa_index", ":mfa_index", _never, _always),
    _Entry(_("Administration"), "admin:index", "admin:*",
           _never, _perm("accounts.use_admin_site")),
)

SIGNED_OUT = (
    _Entry(_("Directory"), "organizations:directory",
           "organizations:directory organizations:detail", _always),
    _Entry(_("Activities"), "organizations:activity_directory",
           "organizations:activity_directory organizations:activity", _always),
    _Entry(_("Events"), "meetings:public", "meetings:*", _always),
    _Entry(_("Grants"), "grants:catalogue", "grants:*", _always),
    _Entry(_("Municipalities"), "public:list", "public:*", _always),
)
# fmt: on


def build_menus(user, match) -> tuple[list[MenuItem], list[MenuItem]]:
    """(primary, secondary) for `user` on the page `match` (a ResolverMatch or None)."""
    entries = SIGNED_IN if user.is_authenticated else SIGNED_OUT
    primary, secondary = [], []
    for entry in entries:
        if entry.primary(user):
            target = primary
        elif entry.secondary(user):
            target = secondary
        else:
            continue
        target.append(MenuItem(str(entry.label), reverse(entry.url_name), entry.is_current(match)))
    if sum(item.current for item in primary + secondary) > 1:  # one current section at most
        first = next(i for i, item in enumerate(primary + secondary) if item.current)
        primary = [
            MenuItem(item.label, item.url, item.current and i == first)
            for i, item in enumerate(primary)
        ]
        secondary = [
            MenuItem(item.label, item.url, item.current and i + len(primary) == first)
            for i, item in enumerate(secondary)
        ]
    return primary, secondary


def menus(request):
    """Context processor: `menus.primary` and `menus.secondary` for the header."""
    built = SimpleLazyObject(
        lambda: _Menus(*build_menus(request.user, getattr(request, "resolver_match", None)))
    )
    return {"menus": built}


@dataclass(frozen=True)
class _Menus:
    primary: list[MenuItem]
    secondary: list[MenuItem]


def address_of_pk(name: str):
    """A function giving the address of URL `name` for any primary key, from one reverse():
    for pages and feeds that link hundreds of rows (issue #24)."""
    marker = "2147483647"
    prefix, suffix = reverse(name, args=[int(marker)]).split(marker, 1)
    return lambda pk: f"{prefix}{pk}{suffix}"

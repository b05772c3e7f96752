"""The access matrix (issue #9): every URL pattern of the project, requested by every role, for
objects of the role's own municipality (A) and of another one (B).

* The URL patterns come from the resolver, so a new view cannot escape: a pattern that is neither
  in the declared table (`tests/access_matrix_table.py`) nor in the allow-list below fails
  `test_every_url_pattern_is_in_the_table`.
* The seeded world and the path parameters are in `tests/access_world.py`.
* One test per role requests every URL (GET; and POST with an empty body where the table says
  the view is POST-only, or where the role is refused), and fails with one table of all the
  differences. A 500 is always a difference.
* No response for a role that may not see a person contains that person's name, phone or
  e-mail, nor org X's private grant application or shared draft; a refused POST changes nothing
  in the database.

Adding a merged app: see the docstring of `tests/access_matrix_table.py`.
"""

from __future__ import annotations

import json
import logging
import os

import pytest
from allauth.mfa.utils import is_mfa_enabled
from django.db import transaction
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from accounts.sso.services import SESSION_KEY as SSO_SESSION_KEY
from tests.access_matrix_table import (
    ALLOW_LIST_PREFIXES,
    ROLES,
    TABLE,
    expected_b,
    grant_work_visible,
    personal_data_visible,
)
from tests.access_world import GRANT_WORK, PARAMS, PERSONS, SSO_ROLES, build_world

pytestmark = pytest.mark.django_db

DENIED = {"login", "forbidden", "missing"}
RECORD = os.environ.get("ACCESS_MATRIX_RECORD")  # a folder: write what each role got, as JSON
REQUEST_LOGGER = "brobygger.request"  # accounts.middleware.RequestLogMiddleware


# -- the URL patterns -----------------------------------------------------------------------------


def url_patterns(patterns=None, prefix="", namespace=None):
    """(route, name) of every pattern, through every include, names with their namespaces."""
    if patterns is None:
        patterns = get_resolver().url_patterns
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = namespace
            if pattern.namespace:
                inner = f"{namespace}:{pattern.namespace}" if namespace else pattern.namespace
            yield from url_patterns(pattern.url_patterns, prefix + str(pattern.pattern), inner)
        elif isinstance(pattern, URLPattern):
            name = pattern.name
            if name and namespace:
                name = f"{namespace}:{name}"
            yield prefix + str(pattern.pattern), name


def allow_listed(route: str) -> bool:
    return route.lstrip("^").startswith(ALLOW_LIST_PREFIXES)


def test_every_url_pattern_is_in_the_table():
    patterns = list(url_patterns())
    unnamed = [route for route, name in patterns if not name and not allow_listed(route)]
    missing = sorted(
        {name for route, name in patterns if name and not allow_listed(route)} - table_names()
    )
    assert not unnamed, f"URL patterns without a name cannot be in the access table: {unnamed}"
    assert not missing, (
        "URL patterns missing from tests/access_matrix_table.py (add a row, and path "
        f"parameters in tests/access_world.PARAMS): {missing}"
    )


def test_the_table_has_no_stale_rows():
    names = {name for _route, name in url_patterns() if name}
    stale = sorted(table_names() - names)
    assert not stale, f"Rows in the access table for URL names that no longer exist: {stale}"
    needs_params = sorted(
        name
        for route, name in url_patterns()
        if name in table_names() and ("<" in route or "(?P<" in route) and name not in PARAMS
    )
    assert not needs_params, f"URLs without path parameters in access_world.PARAMS: {needs_params}"


# -- requesting -----------------------------------------------------------------------------------


def table_names() -> set[str]:
    return {key.split("@")[0] for key in TABLE}


def requests_for(world):
    """(name, state, tenant, path) for every URL of the table, for objects of A and of B."""
    for name in sorted(table_names()):
        builder = PARAMS.get(name)
        for tenant in (world.a, world.b):
            if builder is None:
                if tenant is world.b:
                    continue  # nothing of a municipality in the path: one request is enough
                kwargs_by_state = {"": {}}
            else:
                kwargs_by_state = by_state(builder(tenant.objects, tenant.municipality))
                if tenant is world.b:
                    # Nothing of a municipality in the path (a language, a format, a scheme of
                    # the shared catalogue): what A's request showed is enough.
                    of_a = by_state(builder(world.a.objects, world.a.municipality))
                    kwargs_by_state = {
                        state: kwargs
                        for state, kwargs in kwargs_by_state.items()
                        if kwargs != of_a.get(state)
                    }
            for state, kwargs in kwargs_by_state.items():
                entry = TABLE.get(f"{name}{state}") or TABLE[name]
                if tenant is world.b and entry.public:
                    continue  # public objects: B's give what A's gave, by the same code
                yield name, state, tenant.key, reverse(name, kwargs=kwargs)


def by_state(kwargs: dict) -> dict:
    """{state: kwargs}; one state "" when the builder gives plain kwargs."""
    return kwargs if kwargs and all(k.startswith("@") for k in kwargs) else {"": kwargs}


def outcome(response, login_path: str) -> str:
    code = response.status_code
    if code in (301, 302, 303):
        return "login" if response["Location"].startswith(login_path) else "redirect"
    return {
        200: "ok",
        400: "bad_request",
        403: "forbidden",
        404: "missing",
        405: "not_allowed",
    }.get(code, f"status {code}")


def body(response) -> str:
    if getattr(response, "streaming", False):
        content = b"".join(response.streaming_content)
    else:
        content = response.content
    return content.decode("utf-8", errors="replace")


STATE_MODELS = (
    "organizations.Organization",
    "organizations.OrganizationMembership",
    "organizations.Activity",
    "organizations.Invitation",
    "organizations.JoinRequest",
    "organizations.ImportBatch",
    "meetings.Venue",
    "meetings.Meeting",
    "meetings.Participation",
    "meetings.CalendarFeed",
    "agreements.Need",
    "agreements.Template",
    "agreements.Agreement",
    "agreements.Party",
    "agreements.Version",
    "agreements.Approval",
    "referrals.Person",
    "referrals.Consent",
    "referrals.Referral",
    "referrals.InformationSheet",
    "referrals.AccessLogEntry",
    "accounts.MunicipalityMembership",
    "notifications.Notification",
    "announcements.Announcement",
    "grants.Scheme",
    "grants.Follow",
    "grants.Application",
    "grants.ChecklistItem",
    "grants.Attachment",
    "grants.DraftComment",
    "grants.HelpSlot",
)


def rows_written() -> dict[str, int]:
    """How many rows of the tables above this transaction has inserted, updated or deleted so far,
    per table, in one query. PostgreSQL counts a transaction's own writes, rolled back or not, in
    pg_stat_xact_user_tables; rows another connection commits meanwhile (a worker, a live server
    of an earlier test) do not count, so only the request under test can move these numbers."""
    from django.apps import apps
    from django.db import connection

    tables = [apps.get_model(label)._meta.db_table for label in STATE_MODELS]
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT relname, n_tup_ins + n_tup_upd + n_tup_del FROM pg_stat_xact_user_tables"
            " WHERE relname = ANY(%s)",
            [tables],
        )
        return dict(cursor.fetchall())


def send(client, method, path, *, must_not_write):
    """One request in a savepoint that is rolled back: every request sees the seeded world.
    `must_not_write`: whether a write by this request to the tables above is a problem (a refused
    request). Returns the outcome, the page's text and the tables the request wrote to."""
    before = rows_written() if must_not_write else None
    written = []
    with transaction.atomic():
        try:
            response = getattr(client, method)(path)
            result, text = outcome(response, reverse("account_login")), body(response)
        except Exception as error:  # a 500
            result, text = f"error {type(error).__name__}: {error}"[:120], ""
        transaction.set_rollback(True)
    if before is not None and not result.startswith("error"):
        after = rows_written()
        written = sorted(table for table, count in after.items() if count != before.get(table, 0))
    return result, text, written


def personal_values_in(text: str, tenant_key: str) -> list[str]:
    return [value for value in PERSONS[tenant_key].values() if value in text]


@pytest.mark.parametrize("role", ROLES)
def test_access_matrix(role, client, settings, tmp_path, caplog):
    settings.MEDIA_ROOT = tmp_path
    # Some thousand refusals are expected here: not a log record each (a 500 raises anyway).
    for logger in ("django.request", REQUEST_LOGGER):
        caplog.set_level(logging.ERROR, logger=logger)
    world = build_world(tmp_path)
    user = world.users[role]
    if user is not None:
        world.sign_in(client, role)
    if role in SSO_ROLES:
        # Their two-factor is the provider's (amr "mfa"), not a TOTP of ours: every page below
        # that the role reaches proves the provider's sign-in is accepted as two-factor.
        assert not is_mfa_enabled(user)
        assert client.session[SSO_SESSION_KEY]["strong"] is True
        assert not user.municipality_memberships.filter(manual=True).exists()
    recorded, problems = problems_for(role, client, world)
    if RECORD:
        with open(f"{RECORD}/{role}.json", "w") as handle:
            json.dump(recorded, handle)
    assert not problems, f"{len(problems)} differences for {role}:\n" + format_table(problems)


def problems_for(role, client, world, *, names=None):
    """Request every URL of the table (or only those in `names`) as `role`, signed in on
    `client`; returns (what each request got, the differences from the table)."""
    user = world.users[role]
    session = client.cookies.get("sessionid")
    session = session.value if session else None

    recorded, problems = [], []
    for name, state, tenant_key, path in requests_for(world):
        if names is not None and name not in names:
            continue
        key = f"{name}{state}"
        entry = TABLE.get(key) or TABLE[name]
        want_get = entry.get(role) if tenant_key == "a" else expected_b(entry, role)
        methods = [("get", want_get)]
        want_post = entry.post_for(role, want_get)
        if tenant_key == "b" and entry.post is not None:
            want_post = expected_b(entry.post, role, public=entry.public)
        if RECORD:
            want_post = want_post or "?"
        if want_post is not None:
            methods.append(("post", want_post))
        for method, want in methods:
            got, text, written = send(client, method, path, must_not_write=want in DENIED)
            current = client.cookies.get("sessionid")
            if user is not None and (current.value if current else None) != session:
                world.sign_in(client, role)  # a view ended the session; the next starts anew
                session = client.cookies["sessionid"].value
            recorded.append((key, tenant_key, method, got, path))
            acceptable = {want} | (
                {"not_allowed"} if method == "post" and want in DENIED else set()
            )
            if got not in acceptable:
                problems.append((key, path, method, want, got))
            if written:
                problems.append((key, path, method, "no change", f"wrote {', '.join(written)}"))
            for other in ("a", "b"):
                if personal_data_visible(role, key, other, tenant_key):
                    continue
                leaked = personal_values_in(text, other)
                if leaked:
                    problems.append((key, path, method, "no personal data", f"shows {leaked}"))
            for other, work in GRANT_WORK.items():
                for what, value in work.items():
                    if value in text and not grant_work_visible(role, what, other):
                        problems.append((key, path, method, f"no {what} of {other}", "shows it"))
    return recorded, problems


def format_table(rows) -> str:
    header = ("url", "path", "method", "expected", "got")
    widths = [max(len(str(r[i])) for r in [header, *rows]) for i in range(5)]
    lines = ["  ".join(str(c).ljust(w) for c, w in zip(r, widths, strict=True)) for r in rows]
    return "\n".join(["  ".join(h.ljust(w) for h, w in zip(header, widths, strict=True)), *lines])


@pytest.mark.django_db
def test_only_this_transactions_writes_count_as_a_request_writing():
    """A request that writes is caught even when its savepoint is rolled back; a row another
    connection commits meanwhile (a worker or an earlier test's live server) is not blamed on it."""
    import psycopg
    from django.db import connection

    from grants.models import Scheme

    scheme = Scheme.objects.order_by("pk").first()
    assert scheme is not None, "the shipped grant catalogue is seeded"
    before = rows_written()
    with transaction.atomic():
        Scheme.objects.filter(pk=scheme.pk).update(name=scheme.name + " (changed)")
        transaction.set_rollback(True)
    assert rows_written()["grants_scheme"] == before.get("grants_scheme", 0) + 1

    before = rows_written()
    params = connection.get_connection_params()
    with psycopg.connect(**params, autocommit=True) as other:
        other.execute("UPDATE grants_scheme SET name = name || '' WHERE id = %s", [scheme.pk])
    assert rows_written() == before


# -- the SSO roles are checked, not waved through --------------------------------------------------


def test_the_matrix_catches_sso_staff_who_get_more_than_their_group_gives(
    client, settings, tmp_path, caplog
):
    """Were a sign-in through A's provider to give more than the group claim says (a sync that
    writes a role into another municipality, a group mapped to the wrong role), the SSO rows
    fail with what was seen: B's person (and her name) and a coordinator's page."""
    from accounts.sso.services import sso_roles_sync

    settings.MEDIA_ROOT = tmp_path
    for logger in ("django.request", REQUEST_LOGGER):
        caplog.set_level(logging.ERROR, logger=logger)
    world = build_world(tmp_path)
    role = "caseworker_a_sso"
    user = world.users[role]
    names = {"referrals:person", "referrals:persons", "accounts:staff"}

    world.sign_in(client, role)
    assert problems_for(role, client, world, names=names)[1] == []  # as the table says

    sso_roles_sync(user=user, municipality=world.b.municipality, roles={"caseworker"})
    sso_roles_sync(
        user=user, municipality=world.a.municipality, roles={"caseworker", "coordinator"}
    )
    world.sign_in(client, role)
    _recorded, problems = problems_for(role, client, world, names=names)
    person_of_b = reverse(
        "referrals:person", kwargs=PARAMS["referrals:person"](world.b.objects, world.b.municipality)
    )
    assert ("referrals:person", person_of_b, "get", "missing", "ok") in problems
    assert any(
        key == "referrals:person"
        and path == person_of_b
        and got.startswith("shows")
        and PERSONS["b"]["family_name"] in got
        for key, path, _method, _want, got in problems
    )
    assert any(
        key == "accounts:staff" and (want, got) == ("missing", "ok")
        for key, _path, _method, want, got in problems
    )

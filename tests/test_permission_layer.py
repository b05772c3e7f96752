"""Every permission decision lives in the permission layer (accounts/permissions.py), and the
layer and the code agree on its names.

- No view inspects roles itself: views never read a user's roles (`user_roles`, `coordinator_of`,
  `caseworker_of`, `organizations_with`, a membership's `role`, `is_superuser`, `is_staff`) and
  never go round `User.has_perm` (`rules.has_perm`, `rules.test_rule`). They ask a declared rule.
- Every rule declared is asked somewhere in the app code, and every permission name asked there
  is declared (a typo in a permission name is a rule that silently refuses everybody).
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import rules

ROOT = Path(__file__).resolve().parents[1]
APPS = (
    "accounts",
    "agreements",
    "announcements",
    "core",
    "dashboard",
    "grants",
    "meetings",
    "organizations",
    "referrals",
)

# Reading any of these in a view is a hand-written role check.
ROLE_ATTRIBUTES = {
    "coordinator_of",
    "caseworker_of",
    "organizations_with",
    "is_coordinator",
    "is_caseworker",
    "is_contact_person",
    "is_organization_person",
    "is_platform_admin",
    "is_superuser",
    "is_staff",
    "needs_two_factor",
}
ROLE_CALLS = {"user_roles"}
BYPASS_CALLS = {("rules", "has_perm"), ("rules", "test_rule")}


def role_checks_in(source: str) -> list[tuple[int, str]]:
    """(line, what) for every place the module inspects roles by hand."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Call):
            func = node.func
            if isinstance(func, ast.Name) and func.id in ROLE_CALLS:
                found.append((node.lineno, f"{func.id}()"))
            if (
                isinstance(func, ast.Attribute)
                and isinstance(func.value, ast.Name)
                and (func.value.id, func.attr) in BYPASS_CALLS
            ):
                found.append((node.lineno, f"{func.value.id}.{func.attr}()"))
        elif isinstance(node, ast.Attribute) and node.attr in ROLE_ATTRIBUTES:
            found.append((node.lineno, f".{node.attr}"))
        elif isinstance(node, ast.ImportFrom) and any(a.name in ROLE_CALLS for a in node.names):
            found.append((node.lineno, "imports user_roles"))
    return found


def view_modules() -> list[Path]:
    return sorted(p for app in APPS for p in (ROOT / app).glob("*views*.py"))


def test_no_view_inspects_roles_itself():
    offenders = [
        f"{path.relative_to(ROOT)}:{line} {what}"
        for path in view_modules()
        for line, what in role_checks_in(path.read_text())
    ]
    assert offenders == [], "ask a rule from accounts/permissions.py instead:\n" + "\n".join(
        offenders
    )


def test_views_load_objects_through_the_access_functions():
    """One access function per model (`access_<model>` in the app's selectors, built on
    core.access): a view never loads an object with a lookup of its own."""
    offenders = [
        f"{path.relative_to(ROOT)}:{node.lineno}"
        for path in view_modules()
        if path.parent.name != "core"
        for node in ast.walk(ast.parse(path.read_text()))
        if isinstance(node, ast.Call)
        and (
            (
                isinstance(node.func, ast.Name)
                and node.func.id in {"get_object_or_404", "get_permitted_or_404", "get_or_404"}
            )
            or (
                isinstance(node.func, ast.Attribute)
                and node.func.attr in {"get", "get_or_404"}
                and _is_queryset_get(node)
            )
        )
    ]
    assert offenders == []


def _is_queryset_get(node: ast.Call) -> bool:
    """`<something>.objects.get(...)`, `.filter(...).get(...)` or `.versions.get(...)` with keyword
    lookups: a load by lookup (dict.get and request.GET.get take positional arguments)."""
    return node.func.attr == "get" and bool(node.keywords) and not node.args


def test_the_role_check_finder_finds_one():
    source = (
        "from accounts.selectors import user_roles\n"
        "def view(request, referral):\n"
        "    if referral.municipality_id in user_roles(request.user).caseworker_of:\n"
        "        return rules.has_perm('x.y', request.user)\n"
        "    return request.user.is_superuser\n"
    )
    assert sorted(what for _, what in role_checks_in(source)) == sorted(
        [
            "imports user_roles",
            ".caseworker_of",
            "user_roles()",
            "rules.has_perm()",
            ".is_superuser",
        ]
    )


# -- declared and asked --------------------------------------------------------------------------

PERMISSION_NAME = re.compile(r"""["']((?:{})\.[a-z_]+)["']""".format("|".join(APPS)))
# Django's own model permissions asked by the admin site (add_/change_/delete_/view_<model>) are
# declared like any other rule, for the operator's tasks; the admin asks them, not our code.
ADMIN_ASKED = re.compile(r"^[a-z]+\.(add|change|delete|view)_[a-z]+$")


def declared_rules() -> set[str]:
    return {name for name in rules.permissions.permissions if name.split(".")[0] in APPS}


def code_files() -> list[Path]:
    files = []
    for app in (*APPS, "templates"):
        for path in (ROOT / app).rglob("*"):
            if "migrations" in path.parts or path.name == "permissions.py":
                continue
            if path.suffix in {".py", ".html", ".txt"}:
                files.append(path)
    return files


def asked_names() -> dict[str, list[str]]:
    asked: dict[str, list[str]] = {}
    for path in code_files():
        text = path.read_text()
        names = set(PERMISSION_NAME.findall(text))
        # templates ask `perms.app.rule` and `{% has_perm "app.rule" ... %}`
        names |= {
            m.group(1)
            for m in re.finditer(r"perms\.((?:{})\.[a-z_]+)".format("|".join(APPS)), text)
        }
        for name in names:
            asked.setdefault(name, []).append(str(path.relative_to(ROOT)))
    return asked


def test_every_declared_rule_is_asked_somewhere():
    asked = asked_names()
    never_asked = sorted(
        name for name in declared_rules() if name not in asked and not _admin_model_perm(name)
    )
    assert never_asked == []


def test_every_permission_asked_is_declared():
    declared = declared_rules()
    undeclared = sorted(
        f"{name} ({', '.join(where)})"
        for name, where in asked_names().items()
        if name not in declared and _looks_like_a_permission(name, where)
    )
    assert undeclared == []


def _admin_model_perm(name: str) -> bool:
    """A model permission declared for the admin site (asked by Django's ModelAdmin)."""
    from accounts.permissions import OPERATOR_ADMIN_PERMISSIONS

    return name in OPERATOR_ADMIN_PERMISSIONS


def _looks_like_a_permission(name: str, where: list[str]) -> bool:
    """A dotted 'app.word' string is asked as a permission when it is one by shape: the asked
    names are `<app>.<verb>_<thing>`; dotted module or template paths are not."""
    return "_" in name.split(".", 1)[1] and not name.endswith(("_html", "_txt"))


def test_nothing_goes_round_user_has_perm():
    """The rules are asked through `user.has_perm` everywhere (no superuser carve-out to dodge):
    only the user model itself asks the rule set directly."""
    offenders = [
        f"{path.relative_to(ROOT)}:{line}"
        for app in APPS
        for path in sorted((ROOT / app).rglob("*.py"))
        if "migrations" not in path.parts and path != ROOT / "accounts" / "models.py"
        for line, what in role_checks_in(path.read_text())
        if what.startswith("rules.")
    ]
    assert offenders == []


def test_two_factor_is_enforced_in_one_place():
    """Only the middleware sends anyone to set up two-factor authentication."""
    places = sorted(
        str(path.relative_to(ROOT))
        for app in APPS
        for path in (ROOT / app).rglob("*.py")
        if "migrations" not in path.parts and 'redirect("mfa_activate_totp")' in path.read_text()
    )
    assert places == ["accounts/middleware.py"]


def test_no_template_decides_by_role():
    """Templates ask rules (`perms.<app>.<rule>`, `{% has_perm %}`) for what to offer; they may
    name a role to the user ("You are a coordinator here"), never decide by one."""
    offenders = [
        f"{path.relative_to(ROOT)}:{number}"
        for path in sorted((ROOT / "templates").rglob("*.html"))
        for number, line in enumerate(path.read_text().splitlines(), 1)
        if re.search(r"\broles\.is_|\buser\.is_(staff|superuser)\b", line)
    ]
    assert offenders == []

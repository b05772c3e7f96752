"""The rules that hold the house together, checked by tools rather than kept in prose.

- The floors (`.importlinter`, checked by `lint-imports` in `make lint` and the test command): a
  lower floor never imports a higher one, and a journey app reads another's data only through
  its declared selectors. Shown here to pass on the project and to fail on an added violation.
- Views are thin: no view module touches `Model.objects` (or a model's default manager) or calls
  `.save()`; reads go through the app's selectors, writes through its services.
"""

from __future__ import annotations

import ast
import configparser
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")
SKIPPED_DIRECTORIES = {".venv", ".lock-venv", "node_modules", "tests", "static", "locale"}


# -- the import layers ---------------------------------------------------------------------------


def project_packages() -> list[Path]:
    return sorted(
        path.parent
        for path in ROOT.glob("*/__init__.py")
        if path.parent.name not in SKIPPED_DIRECTORIES
    )


def lint_imports(directory: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(LINT_IMPORTS), "--config", str(directory / ".importlinter"), "--no-cache"],
        cwd=directory,
        env={"PATH": "/usr/bin:/bin", "PYTHONPATH": str(directory), "NO_COLOR": "1"},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


@pytest.fixture
def copy_of_project(tmp_path: Path) -> Path:
    """The project's Python packages (sources only) and its `.importlinter`, in a temp dir."""
    for package in project_packages():
        shutil.copytree(
            package,
            tmp_path / package.name,
            ignore=shutil.ignore_patterns("__pycache__", "*.html", "*.txt", "*.json", "*.pyc"),
        )
    shutil.copy(ROOT / ".importlinter", tmp_path / ".importlinter")
    return tmp_path


def declared_root_packages() -> set[str]:
    config = configparser.ConfigParser()
    config.read(ROOT / ".importlinter", encoding="utf-8")
    return set(config["importlinter"]["root_packages"].split())


def test_every_package_of_the_project_is_inside_the_contracts():
    """A new top-level package (the shared kit `core`, a new app) must take its floor: add it to
    root_packages and to a layer in .importlinter."""
    packages = {package.name for package in project_packages()}
    assert packages == declared_root_packages()


def test_the_project_keeps_its_import_layers():
    result = lint_imports(ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout


def test_the_copy_is_faithful_and_passes_too(copy_of_project):
    result = lint_imports(copy_of_project)
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize(
    ("module", "source", "messages"),
    [
        pytest.param(
            "accounts/start.py",
            "from dashboard.views import DashboardView\n",
            ["accounts is not allowed to import dashboard", "accounts.start -> dashboard.views"],
            id="an_import_from_the_ground_floor_upwards_breaks_the_layers",
        ),
        pytest.param(
            "meetings/grant_rooms.py",
            "from grants.models import Scheme\n",
            [
                "Journey apps meet only through each other's selectors BROKEN",
                "meetings.grant_rooms -> grants.models",
            ],
            id="a_journey_app_importing_another_ones_models_breaks_the_contract",
        ),
        # The doors are declared one by one: another module using them needs its own line.
        pytest.param(
            "referrals/meeting_list.py",
            "from meetings.selectors import public_meetings\n",
            ["referrals.meeting_list -> meetings.selectors"],
            id="a_new_import_of_a_declared_selector_module_is_still_refused_unless_declared",
        ),
    ],
)
def test_an_import_against_the_contracts_fails_the_lint(copy_of_project, module, source, messages):
    (copy_of_project / module).write_text(source, encoding="utf-8")
    result = lint_imports(copy_of_project)
    assert result.returncode != 0
    for message in messages:
        assert message in result.stdout


# -- thin views ----------------------------------------------------------------------------------

MANAGERS = {"objects", "_default_manager", "_base_manager"}


def view_violations(source: str, filename: str) -> list[str]:
    """`file:line: what` for each manager access or `.save()` call in a view module's source."""
    found = []
    for node in ast.walk(ast.parse(source, filename=filename)):
        if isinstance(node, ast.Attribute) and node.attr in MANAGERS:
            found.append((node.lineno, f"{ast.unparse(node)} (use a selector)"))
        elif (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr == "save"
        ):
            found.append((node.lineno, f"{ast.unparse(node.func)}() (use a service)"))
    return [f"{filename}:{line}: {what}" for line, what in sorted(found)]


def view_modules() -> list[Path]:
    modules = []
    for package in project_packages():
        modules += package.glob("views.py")
        modules += package.glob("views/**/*.py")
    return sorted(modules)


def test_views_never_touch_a_manager_or_save_a_model():
    modules = view_modules()
    assert len(modules) >= 8  # every app's views are scanned, not none by a wrong pattern
    found = []
    for path in modules:
        found += view_violations(path.read_text(encoding="utf-8"), str(path.relative_to(ROOT)))
    assert found == [], "Views read through selectors and write through services:\n" + "\n".join(
        found
    )


def test_the_view_check_names_the_file_and_line_of_each_violation():
    source = (
        "from organizations.models import Organization\n"
        "\n"
        "def organisation_list(request):\n"
        "    organisations = Organization.objects.filter(status='verified')\n"
        "    first = organisations.first()\n"
        "    first.name = request.POST['name']\n"
        "    first.save(update_fields=['name'])\n"
        "    return type(first)._default_manager.all()\n"
    )
    assert view_violations(source, "organizations/views.py") == [
        "organizations/views.py:4: Organization.objects (use a selector)",
        "organizations/views.py:7: first.save() (use a service)",
        "organizations/views.py:8: type(first)._default_manager (use a selector)",
    ]


def test_the_view_check_lets_selectors_and_services_through():
    source = (
        "from organizations import selectors, services\n"
        "\n"
        "def organisation_rename(request, pk):\n"
        "    organisation = selectors.organizations_of(request.user).get(pk=pk)\n"
        "    services.organization_update(organization=organisation, by=request.user)\n"
    )
    assert view_violations(source, "organizations/views.py") == []

"""scripts/check-standalone.sh: `make test` fails when a tracked file refers to a directory a
fresh clone does not have (the `shared` directory beside the checkout)."""

import shutil
import subprocess
from pathlib import Path

import pytest

GUARD = Path(__file__).resolve().parents[1] / "scripts" / "check-standalone.sh"
# Built from parts, so that this file does not itself carry the reference the guard looks for.
SIBLING = "../" + "shared"


def run_guard(directory: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(GUARD), str(directory)], capture_output=True, text=True, timeout=30, check=False
    )


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """A git work tree with a tracked README and the guard at its usual place."""
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    (tmp_path / "README.md").write_text("Run `make test`.\n", encoding="utf-8")
    (tmp_path / "scripts").mkdir()
    shutil.copy(GUARD, tmp_path / "scripts" / "check-standalone.sh")
    subprocess.run(["git", "-C", str(tmp_path), "add", "."], check=True)
    return tmp_path


def track(repo: Path, name: str, text: str) -> None:
    path = repo / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    subprocess.run(["git", "-C", str(repo), "add", name], check=True)


def test_a_clean_repository_passes(repo):
    result = run_guard(repo)
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize(
    "text",
    [
        f'HSDS_DIR = ROOT / "{SIBLING}/standards/hsds-3.0"\n',
        f"Read `{SIBLING}/STYLE.md` first.\n",
        f"See {SIBLING}.\n",
        "Budgets are in `/work/" + "shared/PRODUCT.md`.\n",
    ],
)
def test_a_tracked_file_that_refers_to_the_sibling_directory_fails(repo, text):
    track(repo, "tests/test_schema.py", text)

    result = run_guard(repo)

    assert result.returncode == 1
    assert "tests/test_schema.py:1:" in result.stderr  # names the file and line to fix
    assert "outside the repository" in result.stderr


def test_a_subdirectory_checks_the_whole_repository(repo):
    track(repo, "CONTRIBUTING.md", f"Read `{SIBLING}/STYLE.md` first.\n")
    assert run_guard(repo / "scripts").returncode == 1


def test_only_tracked_files_count_and_similar_names_pass(repo):
    (repo / "notes.txt").write_text(f"{SIBLING}/STYLE.md\n", encoding="utf-8")  # untracked
    track(repo, "docs/setup.md", f"Shared files: {SIBLING}_data and {SIBLING}-cache.\n")
    result = run_guard(repo)
    assert result.returncode == 0, result.stderr


def test_an_export_without_git_is_checked_file_by_file(tmp_path):
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "setup.md").write_text("Nothing outside.\n", encoding="utf-8")
    assert run_guard(tmp_path).returncode == 0

    (tmp_path / "CONTRIBUTING.md").write_text(f"Read `{SIBLING}/STYLE.md`.\n", encoding="utf-8")
    result = run_guard(tmp_path)
    assert result.returncode == 1
    assert "CONTRIBUTING.md:1:" in result.stderr


def test_this_repository_passes():
    result = run_guard(GUARD.parent)
    assert result.returncode == 0, result.stderr

#!/usr/bin/env bash
# The repository stands alone: a fresh clone has nothing beside it, so no tracked file may refer
# to the `shared` directory that sat beside the checkout where the project was first written
# (a relative path up and into it, or its absolute path). Run by scripts/test-checks.sh.
# Usage: scripts/check-standalone.sh [DIRECTORY]   (any directory of a git work tree; default: this one)
set -euo pipefail
cd "${1:-$(dirname "$0")}"
cd "$(git rev-parse --show-toplevel)"

pattern='(\.\./+|/work/)shared([^[:alnum:]_-]|$)'
# This script names the pattern, so it is the one file not searched.
if matches=$(git grep -n -I -E "$pattern" -- . ':(exclude)scripts/check-standalone.sh'); then
  {
    echo "These tracked files refer to a directory outside the repository, which a fresh clone"
    echo "does not have. Copy what is needed into the repository (tests/fixtures/, docs/) instead:"
    echo "$matches"
  } >&2
  exit 1
else
  status=$?
  [ "$status" -eq 1 ] || exit "$status"  # 1: nothing found; more: git grep failed
fi
echo "No tracked file refers to a directory outside the repository."

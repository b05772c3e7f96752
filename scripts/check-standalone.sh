#!/usr/bin/env bash
# The repository stands alone: a fresh clone has nothing beside it, so no tracked file may refer
# to the `shared` directory that sat beside the checkout where the project was first written
# (a relative path up and into it, or its absolute path). Run by scripts/test-checks.sh.
# Usage: scripts/check-standalone.sh [DIRECTORY]   (default: this repository)
# In a git work tree it checks every tracked file of the whole tree; elsewhere (an export without
# .git) every file under DIRECTORY.
set -euo pipefail
cd "${1:-$(dirname "$0")/..}"

pattern='(\.\./+|/work/)shared([^[:alnum:]_-]|$)'
# This script names the pattern, so it is the one file not searched.
search() {
  if top=$(git rev-parse --show-toplevel 2>/dev/null); then
    cd "$top"
    git grep -n -I -E "$pattern" -- . ':(exclude)scripts/check-standalone.sh'
  else
    grep -rnIE "$pattern" --exclude-dir=.git --exclude-dir=.venv --exclude-dir=.local \
      --exclude-dir=node_modules --exclude=check-standalone.sh .
  fi
}
if matches=$(search); then
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

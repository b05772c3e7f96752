#!/usr/bin/env bash
# Every catalogue (nb, nn, da, en) is complete: no untranslated or fuzzy entry, and no string in
# the code or templates that the committed catalogues lack (makemessages runs in a scratch copy).
set -euo pipefail
cd "$(dirname "$0")/.."
status=0
# Every language in settings.LANGUAGES (CONTRIBUTING.md, "Adding a language").
LANGS=(nb nn da en)
for lang in "${LANGS[@]}"; do
  po=locale/$lang/LC_MESSAGES/django.po
  stats=$(msgfmt --check --statistics -o /dev/null "$po" 2>&1)
  case "$stats" in
    *untranslated*|*fuzzy*) echo "$po is incomplete: $stats" >&2; status=1 ;;
  esac
done
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
tar --exclude=./.venv --exclude=./.git --exclude=./.local -cf - . | tar -xf - -C "$scratch"
(cd "$scratch" && DJANGO_SETTINGS_MODULE=config.settings.test "$OLDPWD/.venv/bin/python" manage.py \
  makemessages "${LANGS[@]/#/-l}" --ignore=.venv --ignore=tests --no-obsolete -v0)
for lang in "${LANGS[@]}"; do
  if ! msgcmp --use-untranslated "locale/$lang/LC_MESSAGES/django.po" \
      "$scratch/locale/$lang/LC_MESSAGES/django.po" 2>"$scratch/msgcmp-$lang.log"; then
    echo "locale/$lang is missing strings; run 'make messages' and translate them:" >&2
    grep -E 'this message is used but not defined' "$scratch/msgcmp-$lang.log" | head -n 20 >&2 || cat "$scratch/msgcmp-$lang.log" >&2
    status=1
  fi
done
exit $status

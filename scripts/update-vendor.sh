#!/usr/bin/env bash
# Refreshes the vendored front-end files under static/vendor/ from the npm registry (no CDN: the
# site serves them itself). Pinned versions: change a version here, run this script, look at the
# diff and commit it together with static/vendor/README.md.
#
#   scripts/update-vendor.sh
#
# Needs npm (for `npm pack`, which downloads a package's published tarball without installing it).
set -euo pipefail

DESIGNSYSTEMET_CSS_VERSION=1.22.0
DESIGNSYSTEMET_THEME_VERSION=1.11.0
HTMX_VERSION=2.0.11

root="$(cd "$(dirname "$0")/.." && pwd)"
vendor="$root/static/vendor"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

unpack() {  # unpack NAME VERSION -> prints the package directory
  local name="$1" version="$2" dir
  dir="$work/$(echo "$name" | tr '/@' '__')"
  mkdir -p "$dir"
  (cd "$dir" && npm pack --silent "$name@$version" >/dev/null && tar xzf ./*.tgz)
  echo "$dir/package"
}

css="$(unpack @digdir/designsystemet-css "$DESIGNSYSTEMET_CSS_VERSION")"
theme="$(unpack @digdir/designsystemet-theme "$DESIGNSYSTEMET_THEME_VERSION")"
htmx="$(unpack htmx.org "$HTMX_VERSION")"

ds="$vendor/designsystemet"
rm -rf "$ds"
mkdir -p "$ds"
# The components (every ds-* class) and the neutral Designsystemet theme (colours, typography,
# sizes as CSS custom properties). Municipal accents are set on top in static/css/site.css.
cp "$css/dist/src/index.css" "$ds/designsystemet.css"
cp "$css/LICENSE" "$ds/LICENSE-designsystemet-css"
cp "$theme/src/themes/designsystemet.css" "$ds/theme.css"
cp "$theme/LICENSE" "$ds/LICENSE-designsystemet-theme"
printf '@digdir/designsystemet-css %s\n@digdir/designsystemet-theme %s\n' \
  "$DESIGNSYSTEMET_CSS_VERSION" "$DESIGNSYSTEMET_THEME_VERSION" >"$ds/VERSIONS"

mkdir -p "$vendor/htmx"
cp "$htmx/dist/htmx.min.js" "$vendor/htmx/htmx.min.js"
cp "$htmx/LICENSE" "$vendor/htmx/LICENSE"

echo "Vendored: designsystemet-css $DESIGNSYSTEMET_CSS_VERSION, designsystemet-theme $DESIGNSYSTEMET_THEME_VERSION, htmx $HTMX_VERSION"

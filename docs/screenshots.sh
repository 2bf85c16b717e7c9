#!/usr/bin/env bash
# Copies the README's screenshots from what the browser tests photographed (target/screenshots) into
# docs/screenshots/. The pictures are never made by hand: run the tests that take them, then this script,
# and commit the PNGs that changed.
#
#   ./mvnw -q -B test -Dtest='PhoneWidthBrowserTest,KoreanBrowserTest' -Dsurefire.failIfNoSpecifiedTests=false
#   docs/screenshots.sh
#
# PhoneWidthBrowserTest writes desktop-<page>.png (1280 x 900) and phone-<page>.png (390 x 844);
# KoreanBrowserTest writes ko-<page>-1280.png and ko-<page>-390.png.
set -euo pipefail
cd "$(dirname "$0")/.."

chosen=(
    desktop-inbox desktop-message desktop-compose desktop-contacts desktop-filters
    phone-inbox phone-drawer phone-message phone-compose
    ko-inbox-1280 ko-compose-1280 ko-inbox-390
)

from=target/screenshots
to=docs/screenshots
mkdir -p "$to"
missing=0
for name in "${chosen[@]}"; do
    if [[ -f "$from/$name.png" ]]; then
        cp "$from/$name.png" "$to/$name.png"
        echo "copied $name.png"
    else
        echo "missing $from/$name.png: run the browser tests named above first" >&2
        missing=1
    fi
done
exit "$missing"

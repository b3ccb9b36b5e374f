#!/bin/sh
# Headless Chromium on a local page, for concord's browser test (tests/browser/main.rs)
# and by hand:
#
#   tests/browser/chromium.sh dump-dom 'file:///tmp/report.html#status=contested' > dom.html
#   tests/browser/chromium.sh screenshot file:///tmp/report.html shot.png
#
# dump-dom prints the DOM after the page's script ran; Chromium's log goes to stderr,
# console messages included (lines with ":CONSOLE"). CHROMIUM names the browser
# (default: chromium). Each run gets a fresh profile and no network services. A headless
# window is at least 500 px wide: for a phone's width, see tests/browser/cdp.rs.
set -eu
mode=${1:?usage: chromium.sh dump-dom|screenshot URL [PNG]}
url=${2:?usage: chromium.sh dump-dom|screenshot URL [PNG]}
png=${3:-screenshot.png}
profile=$(mktemp -d)
trap 'rm -rf "$profile"' EXIT INT TERM
set -- "${CHROMIUM:-chromium}" --headless --no-sandbox --disable-gpu \
    --disable-background-networking --disable-component-update --disable-sync \
    --disable-default-apps --no-first-run --no-default-browser-check \
    --user-data-dir="$profile" --enable-logging=stderr --v=0
case $mode in
    dump-dom) timeout 120 "$@" --dump-dom "$url" ;;
    screenshot) timeout 120 "$@" --hide-scrollbars --window-size=1280,2000 --screenshot="$png" "$url" ;;
    *) echo "chromium.sh: unknown mode $mode (dump-dom or screenshot)" >&2; exit 2 ;;
esac

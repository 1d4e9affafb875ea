#!/usr/bin/env bash
# Make sure Debian's Chromium is present for the browser tests (tests/browser). Playwright's own browser
# download is not used: it fetches from a CDN at test time. Installs with apt-get as root when missing; when it
# cannot (not root, no apt-get, no network), it says so and exits 0 so the browser tests skip with that reason.
set -u

CHROMIUM="${PROVENANCE_CHROMIUM:-/usr/bin/chromium}"

if [ -x "$CHROMIUM" ]; then
    echo "ensure-chromium: found $CHROMIUM"
    exit 0
fi
if ! command -v apt-get >/dev/null 2>&1; then
    echo "ensure-chromium: no $CHROMIUM and no apt-get here; browser tests will skip"
    exit 0
fi
if [ "$(id -u)" -ne 0 ]; then
    if command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
        SUDO="sudo -n"
    else
        echo "ensure-chromium: no $CHROMIUM and not root (run: sudo apt-get install chromium); browser tests will skip"
        exit 0
    fi
else
    SUDO=""
fi

echo "ensure-chromium: installing Debian's chromium with apt-get"
export DEBIAN_FRONTEND=noninteractive
if $SUDO apt-get update -qq && $SUDO apt-get install -y -qq --no-install-recommends chromium >/dev/null; then
    if [ -x "$CHROMIUM" ]; then
        echo "ensure-chromium: installed $CHROMIUM"
        exit 0
    fi
fi
echo "ensure-chromium: could not install chromium; browser tests will skip"
exit 0

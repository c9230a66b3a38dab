#!/usr/bin/env bash
# Make Debian's Chromium available to the browser tests. Installs it with apt when missing and
# possible; otherwise says loudly that browser tests will be skipped.
set -u
if [ -x /usr/bin/chromium ]; then exit 0; fi
if command -v apt-get >/dev/null 2>&1; then
  SUDO=""
  if [ "$(id -u)" != "0" ]; then
    if command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then SUDO="sudo -n"; else SUDO="none"; fi
  fi
  if [ "$SUDO" != "none" ]; then
    echo "Installing Debian's chromium for the browser tests…"
    $SUDO apt-get update -qq >/dev/null 2>&1
    if DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium >/dev/null 2>&1; then
      exit 0
    fi
  fi
fi
cat >&2 <<'MSG'
################################################################################
#  Chromium is not installed and could not be installed here.                  #
#  The browser tests (Playwright + axe-core) WILL BE SKIPPED.                   #
#  On Debian/Ubuntu run:  sudo apt-get install chromium   and run make test.    #
################################################################################
MSG
exit 0

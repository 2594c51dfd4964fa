#!/bin/sh
# Installs Debian's Chromium, which the browser test (test/browser) drives through
# playwright-core, when it is missing. Run by `npm test` before the tests.
set -e

CHROMIUM=/usr/bin/chromium

if [ -x "$CHROMIUM" ]; then
	exit 0
fi
if ! command -v apt-get >/dev/null 2>&1; then
	echo "ensure-chromium: $CHROMIUM is missing and this system has no apt-get; install Chromium there by hand." >&2
	exit 1
fi
if [ "$(id -u)" -ne 0 ]; then
	echo "ensure-chromium: $CHROMIUM is missing; install it as root: apt-get install -y chromium" >&2
	exit 1
fi
export DEBIAN_FRONTEND=noninteractive
# The package lists may be stale or absent (fresh containers): read them again only then.
apt-get install -y chromium || { apt-get update && apt-get install -y chromium; }

#!/usr/bin/env bash
# Installs Debian's Chromium and its WebDriver for the browser tests, if they are not there yet.
# Idempotent: with both present it does nothing. Needs root (or sudo) and the Debian registry.
set -euo pipefail

if [ -x /usr/bin/chromium ] && [ -x /usr/bin/chromedriver ]; then
  exit 0
fi

run_as_root() {
  if [ "$(id -u)" -eq 0 ]; then
    "$@"
  elif command -v sudo >/dev/null 2>&1; then
    sudo -n "$@"
  else
    echo "install-chromium.sh: chromium is missing and this user cannot install packages (not root, no sudo)" >&2
    exit 1
  fi
}

# Two test processes may get here at once; apt's own lock would make the second one fail.
exec 9>/tmp/advisorbot-install-chromium.lock
flock 9
if [ -x /usr/bin/chromium ] && [ -x /usr/bin/chromedriver ]; then
  exit 0
fi

export DEBIAN_FRONTEND=noninteractive
run_as_root apt-get update -q
run_as_root apt-get install -y -q --no-install-recommends chromium chromium-driver

for tool in /usr/bin/chromium /usr/bin/chromedriver; do
  if [ ! -x "$tool" ]; then
    echo "install-chromium.sh: $tool is still missing after apt-get install" >&2
    exit 1
  fi
done

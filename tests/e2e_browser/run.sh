#!/usr/bin/env bash
# Runs the admin page's browser test: installs playwright-core (npm ci) if
# needed, then runs admin_page.test.mjs through tests/e2e/run_e2e.sh (a
# fresh database, bootstrap-admin, a hub on a random port).
#
# Usage: tests/e2e_browser/run.sh <agenthub-binary>
# Environment: ADMIN_SCREENSHOT (where the screenshot goes; default
# ./admin_page.png), CHROMIUM (default /usr/bin/chromium).
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
(($# == 1)) || { echo "usage: $0 <agenthub-binary>" >&2; exit 2; }

chromium=${CHROMIUM:-/usr/bin/chromium}
[[ -x $chromium ]] || {
  echo "run.sh: $chromium not found; run tools/install-deps.sh (Debian chromium)" >&2
  exit 2
}
if [[ ! -f $here/node_modules/playwright-core/package.json ||
      ! -f $here/node_modules/ws/package.json ]]; then
  echo "run.sh: installing playwright-core (npm ci)…" >&2
  (cd "$here" && npm ci --no-audit --no-fund --loglevel=error >/dev/null)
fi

export CHROMIUM=$chromium
export ADMIN_SCREENSHOT=${ADMIN_SCREENSHOT:-$PWD/admin_page.png}
E2E_DIR=$here E2E_PACKAGES="playwright-core ws" \
  exec bash "$here/../e2e/run_e2e.sh" "$1" "$here/admin_page.test.mjs"

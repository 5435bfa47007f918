#!/usr/bin/env bash
# Installs the Debian packages AgentHub builds, runs and tests with.
# Idempotent and non-interactive: packages already present are skipped, so a
# second run costs one dpkg query. Needs root (or sudo) only when something is
# missing.
set -euo pipefail

packages=(
  build-essential cmake ninja-build pkg-config git curl ca-certificates
  libcaf-dev libboost-dev libboost-system-dev libboost-test-dev
  libpqxx-dev nlohmann-json3-dev libargon2-dev prometheus-cpp-dev
  libspdlog-dev libssl-dev
  postgresql-15 postgresql-client-15
  clang-format
  nodejs npm
)
# Optional extras: promtool for the metrics lint test, clang for fuzzing,
# Chromium for the admin page's browser test (tests/e2e_browser).
extras=(prometheus clang-14 libclang-rt-14-dev chromium)

missing=()
for p in "${packages[@]}" "${extras[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed"; then
    missing+=("$p")
  fi
done
# Node.js may come from outside Debian (nodesource, nvm): accept any node>=18.
if command -v node >/dev/null && command -v npm >/dev/null; then
  filtered=()
  for p in "${missing[@]}"; do
    [[ "$p" == nodejs || "$p" == npm ]] || filtered+=("$p")
  done
  missing=("${filtered[@]+"${filtered[@]}"}")
fi

if [ ${#missing[@]} -eq 0 ]; then
  echo "install-deps: all packages present"
  exit 0
fi

sudo_cmd=()
if [ "$(id -u)" -ne 0 ]; then sudo_cmd=(sudo); fi
echo "install-deps: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
"${sudo_cmd[@]}" apt-get update -qq
# --no-install-recommends keeps the image small and the run fast; the
# prometheus package pulls a daemon we never start (only promtool is used).
"${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" \
  >/tmp/agenthub-apt.log 2>&1 || { tail -n 40 /tmp/agenthub-apt.log; exit 1; }
echo "install-deps: done"

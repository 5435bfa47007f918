#!/usr/bin/env bash
# The README's run command: installs dependencies, builds a release binary,
# starts the private PostgreSQL (unless DATABASE_URL/POSTGRES_HOST is set),
# migrates, bootstraps an admin (printing its API token once) and serves on
# :3000 in the foreground. Ctrl-C stops the hub (PostgreSQL keeps running;
# `tools/pg.sh stop` stops it).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD

tools/install-deps.sh
echo "run: building (release)…" >&2
tools/build.sh build-release -DCMAKE_BUILD_TYPE=Release \
  -DAGENTHUB_BUILD_TESTS=OFF >/dev/null
bin="$root/build-release/app/agenthub"

if [ -z "${DATABASE_URL:-}${DATABASE_URL_FILE:-}${POSTGRES_HOST:-}" ]; then
  tools/pg.sh start
  DATABASE_URL=$(tools/pg.sh url)
  export DATABASE_URL
fi

# A JWT secret that survives restarts (sessions stay valid), generated once
# into a git-ignored file readable only by this user.
if [ -z "${JWT_SECRET:-}${JWT_SECRET_FILE:-}" ]; then
  mkdir -p .agenthub && chmod 700 .agenthub
  if [ ! -s .agenthub/jwt_secret ]; then
    (umask 077 && head -c 48 /dev/urandom | base64 -w0 >.agenthub/jwt_secret)
  fi
  export JWT_SECRET_FILE="$root/.agenthub/jwt_secret"
fi

"$bin" migrate
token=$("$bin" bootstrap-admin)
if [ -n "$token" ]; then
  cat <<MSG

  ┌──────────────────────────────────────────────────────────────────────┐
  │ Admin API token (shown once; store it now):                          │
  │   $token
  └──────────────────────────────────────────────────────────────────────┘
  Try:  curl -s -X POST -H "Authorization: Bearer $token" \\
          http://localhost:${PORT:-3000}/api/v1/sessions

MSG
fi
exec "$bin" serve

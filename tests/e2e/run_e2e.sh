#!/usr/bin/env bash
# Runs one end-to-end test file (node:test) against a real hub.
#
# Usage: tests/e2e/run_e2e.sh <agenthub-binary> <test-file.mjs>
#
# 1. creates a fresh database on the test cluster ($AGENTHUB_TEST_DATABASE_URL,
#    exported by tools/test.sh) and drops it again at exit;
# 2. runs `agenthub bootstrap-admin` on it (the admin's API token);
# 3. starts `agenthub serve` on 127.0.0.1 with a random port and JWT secret
#    and 1 s Socket.IO heartbeats, and waits for /readyz;
# 4. runs `node --test <file>` with HUB_HTTP, HUB_WS, ADMIN_TOKEN, JWT_SECRET;
# 5. stops the hub (TERM, then KILL) and exits with node's status. A hub that
#    crashed, had to be killed or reported a sanitizer error fails the run.
#
# The hub's log is printed (last 50 lines) when anything failed. Set
# E2E_KEEP_LOG=1 to keep the whole log (its path is printed), and
# E2E_NODE_TIMEOUT (seconds, default 240) to bound the node run.
# Other suites reuse this script: E2E_DIR names the folder whose
# node_modules the test uses (default: this one) and E2E_PACKAGES the npm
# packages it needs there (default: ws socket.io-client
# @modelcontextprotocol/sdk).
set -euo pipefail

die() { echo "run_e2e: error: $*" >&2; exit 2; }

(($# == 2)) || die "usage: $0 <agenthub-binary> <test-file.mjs>"
[[ -x $1 ]] || die "not an executable: $1"
[[ -f $2 ]] || die "no such test file: $2"
hub_bin=$(realpath "$1")
test_file=$(realpath "$2")
here=$(cd "${E2E_DIR:-$(dirname "${BASH_SOURCE[0]}")}" && pwd)

if [[ -z ${AGENTHUB_TEST_DATABASE_URL:-} ]]; then
  die "AGENTHUB_TEST_DATABASE_URL is not set. Run the suite with tools/test.sh, or:
  export AGENTHUB_PG_PORT=55433; tools/pg.sh start
  export AGENTHUB_TEST_DATABASE_URL=\$(tools/pg.sh url)"
fi
command -v node >/dev/null || die "node is not installed (Node.js 20 is required)"
node_major=$(node -p 'process.versions.node.split(".")[0]')
((node_major >= 20)) || die "Node.js 20 or newer is required (found $(node --version))"
for pkg in ${E2E_PACKAGES:-ws socket.io-client @modelcontextprotocol/sdk}; do
  [[ -f $here/node_modules/$pkg/package.json ]] ||
    die "the npm test clients are not installed; run: (cd $here && npm ci)"
done
source "$(dirname "${BASH_SOURCE[0]}")/../../tools/hub_env.sh"
find_psql

# --- a database of our own ---------------------------------------------------
admin_url=$AGENTHUB_TEST_DATABASE_URL
name=$(basename "$test_file" .mjs)
name=${name//[^a-zA-Z0-9]/_}
db="e2e_${name,,}_$$_$(od -An -N4 -tx4 /dev/urandom | tr -d ' \n')"
db=${db:0:63}
db_url=$(database_url "$admin_url" "$db")

workdir=$(mktemp -d "${TMPDIR:-/tmp}/agenthub-e2e.XXXXXX")
log=$workdir/hub.log
port_file=$workdir/port
hub_pid=""
db_created=0
hub_problem=""

stop_hub() {
  [[ -n $hub_pid ]] || return 0
  local rc=0 i
  if kill -0 "$hub_pid" 2>/dev/null; then
    kill -TERM "$hub_pid" 2>/dev/null || true
    # The hub's own shutdown grace is 10 s; sanitizer builds are slower.
    for ((i = 0; i < 300; i++)); do
      kill -0 "$hub_pid" 2>/dev/null || break
      sleep 0.1
    done
    if kill -0 "$hub_pid" 2>/dev/null; then
      hub_problem="the hub did not stop within 30 s of SIGTERM; killed"
      kill -KILL "$hub_pid" 2>/dev/null || true
    fi
  fi
  wait "$hub_pid" 2>/dev/null || rc=$?
  hub_pid=""
  if [[ -z $hub_problem && $rc -ne 0 ]]; then
    hub_problem="the hub exited with status $rc"
  fi
}

cleanup() {
  local rc=$?
  trap - EXIT INT TERM
  stop_hub
  if [[ -f $log ]] && grep -qE 'ERROR: (AddressSanitizer|LeakSanitizer)|runtime error:' "$log"; then
    hub_problem="${hub_problem:+$hub_problem; }the hub's log holds a sanitizer report"
  fi
  if [[ -n $hub_problem ]]; then
    echo "run_e2e: FAILED: $hub_problem" >&2
    ((rc != 0)) || rc=1
  fi
  if ((rc != 0)) && [[ -f $log ]]; then
    echo "run_e2e: ---- last 50 lines of the hub's log ----" >&2
    tail -n 50 "$log" >&2 || true
    echo "run_e2e: ---- end of the hub's log ----" >&2
  fi
  if ((db_created)); then
    psql_admin -c "DROP DATABASE IF EXISTS \"$db\" WITH (FORCE)" >/dev/null 2>&1 ||
      echo "run_e2e: warning: could not drop database $db" >&2
  fi
  if [[ -n ${E2E_KEEP_LOG:-} && -f $log ]]; then
    echo "run_e2e: hub log kept in $log" >&2
  else
    rm -rf "$workdir"
  fi
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

psql_admin -c "CREATE DATABASE \"$db\"" >/dev/null ||
  die "could not create database $db (does the role have CREATEDB?)"
db_created=1

# --- the hub -------------------------------------------------------------------
jwt_secret=$(head -c 48 /dev/urandom | base64 -w0)
hub_env_for "$db_url" "$jwt_secret" LOG_LEVEL=info \
  SOCKETIO_PING_INTERVAL_MS=1000 SOCKETIO_PING_TIMEOUT_MS=1000

if ! admin_token=$("${hub_env[@]}" "$hub_bin" bootstrap-admin </dev/null 2>>"$log"); then
  die "agenthub bootstrap-admin failed:
$(tail -n 20 "$log")"
fi
[[ $admin_token == agt_* ]] || die "bootstrap-admin printed no API token"

"${hub_env[@]}" "$hub_bin" serve --port-file "$port_file" </dev/null >>"$log" 2>&1 &
hub_pid=$!

# Node's fetch is the HTTP client: node is required anyway, curl may be absent.
http_status() {
  node -e '
    const c = new AbortController(); setTimeout(() => c.abort(), 2000).unref();
    fetch(process.argv[1], { signal: c.signal })
      .then((r) => { console.log(r.status); }, () => { console.log(0); });
  ' "$1"
}

deadline=$((SECONDS + 90))
port=""
until [[ -n $port ]]; do
  kill -0 "$hub_pid" 2>/dev/null || die "the hub exited during startup"
  ((SECONDS < deadline)) || die "the hub wrote no port file within 90 s"
  if [[ -s $port_file ]]; then
    port=$(<"$port_file")
  else
    sleep 0.05
  fi
done
[[ $port =~ ^[0-9]+$ ]] || die "bad port file content: '$port'"
until [[ $(http_status "http://127.0.0.1:$port/readyz") == 200 ]]; do
  kill -0 "$hub_pid" 2>/dev/null || die "the hub exited during startup"
  ((SECONDS < deadline)) || die "/readyz did not answer 200 within 90 s"
  sleep 0.1
done

# --- the tests -------------------------------------------------------------------
echo "run_e2e: hub pid $hub_pid on 127.0.0.1:$port, database $db" >&2
rc=0
(
  cd "$here"
  HUB_HTTP="http://127.0.0.1:$port" HUB_WS="ws://127.0.0.1:$port" \
    ADMIN_TOKEN="$admin_token" JWT_SECRET="$jwt_secret" \
    NODE_PATH="$here/node_modules" \
    timeout --foreground --kill-after=10 "${E2E_NODE_TIMEOUT:-240}" \
    node --test --test-reporter=spec --test-timeout=60000 "$test_file" </dev/null
) || rc=$?
((rc != 124)) || echo "run_e2e: node --test did not finish within ${E2E_NODE_TIMEOUT:-240} s" >&2
exit "$rc"

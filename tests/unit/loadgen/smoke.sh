#!/usr/bin/env bash
# Smoke run of agenthub-loadgen against a real hub: a correctness check, not
# a benchmark (nothing here is timed).
#
# Usage: tests/unit/loadgen/smoke.sh <agenthub-binary> <agenthub-loadgen-binary>
#
# 1. creates a fresh database on $AGENTHUB_TEST_DATABASE_URL (tools/test.sh
#    exports it) and drops it at exit;
# 2. `agenthub bootstrap-admin` gives the admin API token;
# 3. starts `agenthub serve` on 127.0.0.1 (PORT=0, --port-file, random
#    JWT_SECRET; with --record when the hub has it) and waits for /readyz;
# 4. runs the load generator for ~3 s (2 rooms x 3 members, 2 msgs/s per
#    sender) over /ws, then over Socket.IO, then replays a hand-written
#    recording at --speed 10, and (if the hub recorded) the hub's own
#    recording;
# 5. fails unless every JSON summary shows 0 order violations, 0 missing
#    deliveries, 0 duplicates and more than 0 acked messages.
#
# LOADGEN_SMOKE_KEEP=1 keeps the work directory (summaries, recordings, the
# hub's log) and prints its path.
set -euo pipefail

die() { echo "loadgen smoke: error: $*" >&2; exit 2; }

(($# == 2)) || die "usage: $0 <agenthub-binary> <agenthub-loadgen-binary>"
[[ -x $1 ]] || die "not an executable: $1"
[[ -x $2 ]] || die "not an executable: $2"
hub_bin=$(realpath "$1")
lg_bin=$(realpath "$2")

if [[ -z ${AGENTHUB_TEST_DATABASE_URL:-} ]]; then
  die "AGENTHUB_TEST_DATABASE_URL is not set. Run the suite with tools/test.sh, or:
  export AGENTHUB_PG_PORT=55433; tools/pg.sh start
  export AGENTHUB_TEST_DATABASE_URL=\$(tools/pg.sh url)"
fi
source "$(dirname "${BASH_SOURCE[0]}")/../../../tools/hub_env.sh"
find_psql
if command -v jq >/dev/null; then
  json_get() { jq -r "$1" "$2"; }
elif command -v python3 >/dev/null; then
  json_get() {
    python3 -c 'import json,sys
v=json.load(open(sys.argv[2]))
for k in sys.argv[1].lstrip(".").split("."): v=v[k]
print(str(v).lower() if isinstance(v,bool) else v)' "$1" "$2"
  }
else
  die "neither jq nor python3 is installed (needed to read the JSON summary)"
fi

# --- a database of our own ---------------------------------------------------
admin_url=$AGENTHUB_TEST_DATABASE_URL
db="loadgen_smoke_$$_$(od -An -N4 -tx4 /dev/urandom | tr -d ' \n')"
db_url=$(database_url "$admin_url" "$db")

workdir=$(mktemp -d "${TMPDIR:-/tmp}/agenthub-lg-smoke.XXXXXX")
log=$workdir/hub.log
port_file=$workdir/port
hub_pid=""
db_created=0

stop_hub() {
  [[ -n $hub_pid ]] || return 0
  local i
  kill -TERM "$hub_pid" 2>/dev/null || true
  for ((i = 0; i < 300; i++)); do
    kill -0 "$hub_pid" 2>/dev/null || break
    sleep 0.1
  done
  kill -KILL "$hub_pid" 2>/dev/null || true
  wait "$hub_pid" 2>/dev/null || true
  hub_pid=""
}

cleanup() {
  local rc=$?
  trap - EXIT INT TERM
  stop_hub
  if ((rc != 0)) && [[ -f $log ]]; then
    echo "loadgen smoke: ---- last 40 lines of the hub's log ----" >&2
    tail -n 40 "$log" >&2 || true
  fi
  if ((db_created)); then
    psql_admin -c "DROP DATABASE IF EXISTS \"$db\" WITH (FORCE)" >/dev/null 2>&1 ||
      echo "loadgen smoke: warning: could not drop database $db" >&2
  fi
  if [[ -n ${LOADGEN_SMOKE_KEEP:-} ]]; then
    echo "loadgen smoke: work directory kept: $workdir" >&2
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
hub_env_for "$db_url" "$jwt_secret" LOG_LEVEL=info
admin_token=$("${hub_env[@]}" "$hub_bin" bootstrap-admin </dev/null 2>>"$log") ||
  die "agenthub bootstrap-admin failed"
[[ $admin_token == agt_* ]] || die "bootstrap-admin printed no API token"

http_status() {
  if command -v curl >/dev/null; then
    curl -s -o /dev/null -m 2 -w '%{http_code}' "$1" || echo 0
  else
    python3 -c 'import sys,urllib.request
try: print(urllib.request.urlopen(sys.argv[1], timeout=2).status)
except Exception as e: print(getattr(e, "code", 0))' "$1"
  fi
}

recording=""
if "$hub_bin" --help 2>/dev/null | grep -q -- '--record'; then
  recording=$workdir/hub-recording.jsonl
fi

start_hub() {
  rm -f "$port_file"
  local args=(serve --port-file "$port_file")
  [[ -n ${1:-} ]] && args+=(--record "$1")
  "${hub_env[@]}" "$hub_bin" "${args[@]}" </dev/null >>"$log" 2>&1 &
  hub_pid=$!
  local deadline=$((SECONDS + 90))
  port=""
  until [[ -s $port_file ]]; do
    kill -0 "$hub_pid" 2>/dev/null || die "the hub exited during startup"
    ((SECONDS < deadline)) || die "the hub wrote no port file within 90 s"
    sleep 0.05
  done
  port=$(<"$port_file")
  [[ $port =~ ^[0-9]+$ ]] || die "bad port file content: '$port'"
  until [[ $(http_status "http://127.0.0.1:$port/readyz") == 200 ]]; do
    kill -0 "$hub_pid" 2>/dev/null || die "the hub exited during startup"
    ((SECONDS < deadline)) || die "/readyz did not answer 200 within 90 s"
    sleep 0.1
  done
}

# --- the runs ----------------------------------------------------------------
failures=0

# check <name> <summary.json>: the invariants and at least one ack.
check() {
  local name=$1 out=$2 acks order missing dups
  acks=$(json_get .counts.acks "$out")
  order=$(json_get .invariants.order_violations "$out")
  missing=$(json_get .invariants.missing_deliveries "$out")
  dups=$(json_get .invariants.duplicates "$out")
  echo "loadgen smoke: $name: acks $acks, deliveries" \
    "$(json_get .counts.deliveries "$out"), order violations $order," \
    "missing $missing, duplicates $dups" >&2
  if ((acks == 0 || order != 0 || missing != 0 || dups != 0)); then
    echo "loadgen smoke: FAILED: $name" >&2
    failures=$((failures + 1))
  fi
}

# run <name> <loadgen args...>
run() {
  local name=$1 out=$workdir/$1.json rc=0
  shift
  timeout --kill-after=10 120 "$lg_bin" --url "http://127.0.0.1:$port" \
    --admin-token "$admin_token" --json-only "$@" >"$out" || rc=$?
  if [[ ! -s $out ]]; then
    echo "loadgen smoke: FAILED: $name printed no summary (exit $rc)" >&2
    failures=$((failures + 1))
    return
  fi
  check "$name" "$out"
  if ((rc != 0)); then
    echo "loadgen smoke: FAILED: $name exited with $rc:" \
      "$(json_get .failed_because "$out")" >&2
    failures=$((failures + 1))
  fi
}

synthetic=(--rooms 2 --members-per-room 3 --rate 2 --duration 3
  --drain-timeout 10)

start_hub "$recording"
echo "loadgen smoke: hub pid $hub_pid on 127.0.0.1:$port, database $db" >&2
run ws "${synthetic[@]}" --framing ws
run socketio "${synthetic[@]}" --framing socketio

# A recording written by hand in the documented format: 3 agents, 4
# connections (two framings), 2 rooms; sends 0.5 s apart (20/s at speed 10,
# under the hub's 30 events/s per connection).
manual=$workdir/manual-recording.jsonl
{
  echo '{"agenthub_recording":1,"started":"2026-11-22T05:00:00.000Z","bodies":false}'
  echo '{"t":0.0,"conn":1,"agent":"A","framing":"ws","event":"connect","room":"","size":0,"clientMsgId":false}'
  echo '{"t":0.1,"conn":2,"agent":"B","framing":"socketio","event":"connect","room":"","size":0,"clientMsgId":false}'
  echo '{"t":0.2,"conn":3,"agent":"C","framing":"ws","event":"connect","room":"","size":0,"clientMsgId":false}'
  echo '{"t":0.3,"conn":4,"agent":"A","framing":"socketio","event":"connect","room":"","size":0,"clientMsgId":false}'
  echo '{"t":0.4,"conn":3,"agent":"C","framing":"ws","event":"room:join","room":"ops","size":20,"clientMsgId":false}'
  echo '{"t":0.5,"conn":2,"agent":"B","framing":"socketio","event":"presence:list","room":"ops","size":20,"clientMsgId":false}'
  for i in $(seq 0 9); do
    t=$((10 + i * 5))
    echo "{\"t\":$((t / 10)).$((t % 10)),\"conn\":1,\"agent\":\"A\",\"framing\":\"ws\",\"event\":\"message:send\",\"room\":\"ops\",\"size\":200,\"clientMsgId\":true}"
    echo "{\"t\":$((t / 10)).$((t % 10))5,\"conn\":2,\"agent\":\"B\",\"framing\":\"socketio\",\"event\":\"message:send\",\"room\":\"research\",\"size\":64,\"clientMsgId\":false}"
    echo "{\"t\":$((t / 10)).$((t % 10))7,\"conn\":4,\"agent\":\"A\",\"framing\":\"socketio\",\"event\":\"message:send\",\"room\":\"research\",\"size\":64,\"clientMsgId\":false}"
  done
  echo '{"t":6.0,"conn":2,"agent":"B","framing":"socketio","event":"message:history","room":"research","size":20,"clientMsgId":false}'
  echo '{"t":6.1,"conn":9,"agent":"A","framing":"ws","event":"typing:start","room":"ops"}'
  echo '{"t":6.5,"conn":3,"agent":"C","framing":"ws","event":"disconnect","room":"","size":0,"clientMsgId":false}'
} >"$manual"
run replay-manual --scenario replay --recording "$manual" --speed 10 \
  --drain-timeout 10

if [[ -n $recording ]]; then
  stop_hub # the recording is complete once the hub stopped
  start_hub ""
  if [[ -s $recording ]]; then
    run replay-recorded --scenario replay --recording "$recording" \
      --speed 10 --drain-timeout 10
  else
    echo "loadgen smoke: FAILED: the hub wrote no recording" >&2
    failures=$((failures + 1))
  fi
fi

if ((failures > 0)); then
  echo "loadgen smoke: $failures check(s) failed" >&2
  exit 1
fi
echo "loadgen smoke: OK" >&2

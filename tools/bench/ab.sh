#!/usr/bin/env bash
# A/B comparison of hub binaries or settings in ONE invocation, interleaved
# (A B A B ...), so the machine's drift hits every variant alike:
#
#   tools/bench/ab.sh VARIANT...
#
# VARIANT is "BINARY [VAR=value ...]": a hub binary (e.g. a copy of
# build-rel/app/agenthub made before a change) and environment settings
# for it, e.g.
#
#   cp build-rel/app/agenthub /tmp/hub-before      # then rebuild
#   tools/bench/ab.sh "/tmp/hub-before" "build-rel/app/agenthub"
#   tools/bench/ab.sh "build-rel/app/agenthub IO_THREADS=1" \
#                     "build-rel/app/agenthub IO_THREADS=2"
#
# Environment: AB_ROUNDS (2), AB_DURATION (10 s), AB_SHAPE (loadgen shape;
# default S4's: 100 senders in rooms of their own, closed loop). Every step
# lifts the per-connection event limit, as S1 and S4 do. Prints one line per
# step on stderr and all step summaries as a JSON array on stdout.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
[[ $# -ge 1 ]] || {
  sed -n '2,20p' "$0" | sed 's/^# \{0,1\}//' >&2
  exit 2
}
source "$here/lib.sh"

rounds=${AB_ROUNDS:-2}
duration=${AB_DURATION:-10}
read -r -a shape <<<"${AB_SHAPE:---rooms 100 --members-per-room 1 --rate 0 --window 1}"

bench_init ab
steps=()
for ((round = 1; round <= rounds; round++)); do
  i=0
  for v in "$@"; do
    i=$((i + 1))
    read -r -a words <<<"$v"
    hub_bin=$(realpath "${words[0]}")
    [[ -x $hub_bin ]] || die "not an executable: ${words[0]}"
    label="v$i-r$round"
    hub_start "$label" "${unlimited[@]}" "${words[@]:1}"
    f=$(run_lg "$label" "$hub_url" $(hub_setup "$label") --json-only \
      "${shape[@]}" --duration "$duration" --drain-timeout 30 \
      --connect-timeout 120)
    jq -r --arg v "$v" '.summary | "[\($v)] acks/s \(.rates.acks_per_s | floor)  deliveries/s \(.rates.deliveries_per_s | floor)  ack p50 \(.latency_us.ack.p50) us  p99 \(.latency_us.ack.p99) us  hub cpu \(.hub_process.cpu_s.load) s  ok \(.ok)"' "$f" >&2
    steps+=("$f")
    stop_pid "$hub_pid"
  done
done
jq -s '.' "${steps[@]}"

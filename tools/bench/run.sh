#!/usr/bin/env bash
# The benchmark scenarios of issue #5, one command each:
#
#   tools/bench/run.sh s1   fan-out: 1 room x 100 members, 10 senders, open
#                           loop at rising rate until p99 ack > 50 ms
#   tools/bench/run.sh s2   many rooms: 1000 connections, 100 rooms x 10
#                           members, each member 1, then 5, then 10 msg/s
#   tools/bench/run.sh s3   big room: 1 room x 1000 members at 50 msg/s
#   tools/bench/run.sh s4   durable throughput: 100 senders, closed loop
#   tools/bench/run.sh s5   idle: 10 000 authenticated idle connections
#   tools/bench/run.sh s6   S4 and S2 against AgentHub and against the seed's
#                           Node stack (tools/bench/baseline), Socket.IO
#                           framing on both, with the AgentHub/baseline ratios
#   tools/bench/run.sh all  s1 to s6, one after the other
#
# Each prints one JSON document (the loadgen summaries, the hub's CPU seconds
# and peak RSS, PostgreSQL's CPU seconds, load averages, the machine) on
# stdout. Needs build-rel (see lib.sh) and jq; s6 needs Node 20 and npm.
# Run it on a quiet machine: hub, PostgreSQL and loadgen share the cores.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)

usage() {
  sed -n '2,20p' "$0" | sed 's/^# \{0,1\}//' >&2
  exit 2
}

# Durations (seconds of sending per step); BENCH_QUICK=1 shortens them to
# check the scripts, not to measure.
quick=${BENCH_QUICK:-}
d() { if [[ -n $quick ]]; then echo "$2"; else echo "$1"; fi; }

s1() {
  bench_init s1
  hub_start s1 "${unlimited[@]}"
  local rates=(${BENCH_S1_RATES:-50 100 200 300 400 500 600 800 1000})
  local steps=() best=0 best_rate=0 f r p99 ok errs dps
  for r in "${rates[@]}"; do
    f=$(run_lg "s1-rate-$r" "$hub_url" $(hub_setup s1) --json-only \
      --rooms 1 --members-per-room 100 --senders 10 --rate "$r" \
      --duration "$(d 10 3)" --drain-timeout 15)
    steps+=("$f")
    step_line "$f"
    p99=$(jq '.summary.latency_us.ack.p99' "$f")
    ok=$(jq '.summary.ok' "$f")
    errs=$(jq '.summary.counts.send_errors + .summary.counts.backpressure_skips' "$f")
    dps=$(jq '.summary.rates.deliveries_per_s' "$f")
    if [[ $ok != true ]] || ((errs > 0 || p99 > 50000)); then
      note "s1: stopping at $r msg/s per sender (p99 ack $p99 us, ok $ok, errors $errs)"
      break
    fi
    if (($(echo "$dps > $best" | bc))); then
      best=$dps
      best_rate=$r
    fi
  done
  finish_json s1 "$(jq -n --argjson b "$best" --argjson r "$best_rate" \
    '{max_deliveries_per_s: $b, at_rate_per_sender: $r, target: 400000,
      met: ($b >= 400000)}')" "${steps[@]}"
}

# s2_steps <label> <url> <framing> <setup args...>: the three rates.
s2_steps() {
  local label=$1 url=$2 framing=$3 r f
  shift 3
  for r in 1 5 10; do
    f=$(run_lg "$label-rate-$r" "$url" "$@" --json-only --framing "$framing" \
      --connections 1000 --rooms 100 --members-per-room 10 --rate "$r" \
      --duration "$(d 20 4)" --drain-timeout 30 --connect-timeout 120)
    step_line "$f"
    echo "$f"
  done
}

s2() {
  bench_init s2
  hub_start s2
  local steps
  mapfile -t steps < <(s2_steps s2 "$hub_url" ws $(hub_setup s2))
  local last=${steps[-1]}
  finish_json s2 "$(jq '{p99_delivery_ms_at_10_per_s: (.summary.latency_us.delivery.p99 / 1000),
      target_ms: 10, met: (.summary.latency_us.delivery.p99 <= 10000 and .summary.ok)}' "$last")" \
    "${steps[@]}"
}

s3() {
  bench_init s3
  hub_start s3
  local f
  f=$(run_lg s3 "$hub_url" $(hub_setup s3) --json-only --rooms 1 \
    --members-per-room 1000 --senders 50 --rate 1 --duration "$(d 30 4)" \
    --drain-timeout 30 --connect-timeout 120)
  step_line "$f"
  finish_json s3 "$(jq '{p99_delivery_ms: (.summary.latency_us.delivery.p99 / 1000),
      deliveries_per_s: .summary.rates.deliveries_per_s, target_ms: 50,
      met: (.summary.latency_us.delivery.p99 <= 50000 and .summary.ok)}' "$f")" "$f"
}

# s4_step <name> <url> <framing> <setup args...>: 100 senders, each in a
# room of its own, one send outstanding each (await the ack).
s4_step() {
  local name=$1 url=$2 framing=$3
  shift 3
  run_lg "$name" "$url" "$@" --json-only --framing "$framing" --rooms 100 \
    --members-per-room 1 --rate 0 --window 1 --duration "$(d 20 4)" \
    --drain-timeout 30
}

# writer_batches: mean and distribution of the hub's writer batch sizes.
writer_batches() {
  curl -s "$hub_url/metrics" | awk '
    /^agenthub_writer_batch_size_sum/ { sum = $NF }
    /^agenthub_writer_batch_size_count/ { n = $NF }
    /^agenthub_writer_batch_size_bucket/ { le = $1; sub(/.*le="/, "", le); sub(/".*/, "", le); b[++k] = "\"" le "\":" $NF }
    END { printf "{\"batches\":%d,\"rows\":%d,\"mean_rows_per_batch\":%.2f,\"cumulative_buckets\":{", n, sum, n ? sum / n : 0
          for (i = 1; i <= k; i++) printf "%s%s", (i > 1 ? "," : ""), b[i]; print "}}" }'
}

s4() {
  bench_init s4
  hub_start s4 "${unlimited[@]}"
  local f
  f=$(s4_step s4 "$hub_url" ws $(hub_setup s4))
  step_line "$f"
  finish_json s4 "$(jq --argjson w "$(writer_batches)" \
    '{acked_per_s: .summary.rates.acks_per_s, ack_p99_ms: (.summary.latency_us.ack.p99 / 1000),
      writer_batches: $w}' "$f")" "$f"
}

s5() {
  bench_init s5
  hub_start s5
  local f
  f=$(run_lg s5 "$hub_url" $(hub_setup s5) --json-only --connections 10000 \
    --connections-per-agent 32 --rooms 32 --members-per-room 10 --senders 0 \
    --duration "$(d 20 3)" --drain-timeout 1 --connect-timeout 300 \
    --login-concurrency 8)
  step_line "$f"
  finish_json s5 "$(jq '.summary as $s | {connections: $s.connections.opened,
      rss_growth_per_connection_kib: $s.hub_process.rss_growth_per_connection_kib,
      rss_before_open_kib: $s.hub_process.rss_kib.before_open,
      rss_after_open_kib: $s.hub_process.rss_kib.after_open,
      peak_rss_kib: $s.hub_process.peak_rss_kib, target_kib: 16,
      met: ($s.hub_process.rss_growth_per_connection_kib <= 16 and $s.connections.opened >= 10000)}' "$f")" "$f"
}

s6() {
  bench_init s6
  local steps=() f hub4 bl4 hub2 bl2
  # AgentHub, Socket.IO framing.
  hub_start s6 "${unlimited[@]}"
  hub4=$(s4_step s6-hub-s4 "$hub_url" socketio $(hub_setup s6-s4))
  step_line "$hub4"
  local batches
  batches=$(writer_batches)
  mapfile -t hub2 < <(s2_steps s6-hub-s2 "$hub_url" socketio $(hub_setup s6-s2))
  stop_pid "$hub_pid"
  # The baseline: S4 with its per-socket limit lifted as the hub's, then S2
  # with the seed's 30 events/s (10 msg/s per member is under both).
  baseline_start RATE_LIMIT=0
  baseline_tokens 100 "$run_dir/baseline-s4.jwt"
  bl4=$(s4_step s6-baseline-s4 "$bl_url" socketio --setup none \
    --jwt-file "$run_dir/baseline-s4.jwt" --hub-pid "$bl_pid")
  step_line "$bl4"
  stop_pid "$bl_pid"
  baseline_start
  baseline_tokens 1000 "$run_dir/baseline-s2.jwt"
  mapfile -t bl2 < <(s2_steps s6-baseline-s2 "$bl_url" socketio --setup none \
    --jwt-file "$run_dir/baseline-s2.jwt" --hub-pid "$bl_pid")
  steps=("$hub4" "$bl4" "${hub2[@]}" "${bl2[@]}")
  finish_json s6 "$(jq -s --argjson w "$batches" '
    def ratio(a; b): if b > 0 then (a / b * 100 | floor) / 100 else null end;
    (.[0].summary) as $h4 | (.[1].summary) as $b4 |
    {s4: {hub_acked_per_s: $h4.rates.acks_per_s, baseline_acked_per_s: $b4.rates.acks_per_s,
          ratio: ratio($h4.rates.acks_per_s; $b4.rates.acks_per_s), target_ratio: 30,
          met: (($h4.rates.acks_per_s / ($b4.rates.acks_per_s + 1e-9)) >= 30),
          hub_ack_p99_ms: ($h4.latency_us.ack.p99 / 1000),
          baseline_ack_p99_ms: ($b4.latency_us.ack.p99 / 1000),
          hub_writer_batches: $w},
     s2: [range(0; 3) as $i | (.[2 + $i].summary) as $h | (.[5 + $i].summary) as $b |
          {rate_per_member: $h.config.rate,
           hub_deliveries_per_s: $h.rates.deliveries_per_s,
           baseline_deliveries_per_s: $b.rates.deliveries_per_s,
           deliveries_ratio: ratio($h.rates.deliveries_per_s; $b.rates.deliveries_per_s),
           hub_p99_delivery_ms: ($h.latency_us.delivery.p99 / 1000),
           baseline_p99_delivery_ms: ($b.latency_us.delivery.p99 / 1000),
           baseline_over_hub_p99: ratio($b.latency_us.delivery.p99; $h.latency_us.delivery.p99),
           hub_ok: $h.ok, baseline_ok: $b.ok,
           baseline_unanswered: $b.counts.unanswered}]}' "${steps[@]}")" "${steps[@]}"
}

[[ $# -eq 1 ]] || usage
source "$here/lib.sh"
case $1 in
  s1 | s2 | s3 | s4 | s5 | s6) "$1" ;;
  all)
    for s in s1 s2 s3 s4 s5 s6; do
      "$here/run.sh" "$s" || note "$s failed (exit $?)"
    done
    ;;
  *) usage ;;
esac

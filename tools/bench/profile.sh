#!/usr/bin/env bash
# A profile of the hub under the hottest scenario (S1, fan-out), shortened:
#
#   tools/bench/profile.sh [callgrind|perf]
#
# callgrind (the default; what issue #5 asks for when hardware counters are
# missing, as on this VM: `perf stat -e instructions true` says "not
# supported"): the hub runs under valgrind with instrumentation off; the
# fleet is set up (REST, Argon2 logins); instrumentation is switched on for
# a short S1 run at a low rate (the hub is ~50x slower under callgrind), then
# the profile is dumped and summarised with callgrind_annotate. Instruction
# counts, exact call graph.
#
# perf: `perf record -e cpu-clock -g` (a software clock, which works without
# counters) on the whole machine during a full-speed S1 step: where the time
# goes, kernel and PostgreSQL and loadgen included.
#
# Output: $BENCH_OUT/profile-<time>/ (callgrind.out + annotate.txt, or
# perf.data + report.txt). Figures of a profiled run are not benchmark
# figures.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
mode=${1:-callgrind}
source "$here/lib.sh"

s1_args=(--json-only --rooms 1 --members-per-room 100 --senders 10)

case $mode in
  callgrind)
    command -v valgrind >/dev/null || die "valgrind is needed"
    bench_init profile-callgrind
    out=$run_dir/callgrind.out
    BENCH_HUB_WRAPPER="valgrind --tool=callgrind --instr-atstart=no --callgrind-out-file=$out" \
      hub_start s1 "${unlimited[@]}"
    # The fleet first, not profiled (Argon2 under valgrind is slow).
    run_lg setup "$hub_url" $(hub_setup s1) "${s1_args[@]}" --rate 1 --duration 1 --connect-timeout 300 >/dev/null
    # vgdb names its pipes after $HOST, which the hub's environment sets.
    cg() { HOST=127.0.0.1 callgrind_control "$@" >&2; }
    cg -i on "$hub_pid"
    f=$(run_lg s1-profiled "$hub_url" $(hub_setup s1) "${s1_args[@]}" --rate "${BENCH_PROFILE_RATE:-2}" \
      --duration "${BENCH_PROFILE_SECONDS:-15}" --drain-timeout 60)
    cg -i off "$hub_pid"
    cg -d "$hub_pid"
    step_line "$f"
    stop_pid "$hub_pid"
    # The dump of the running process has a numbered suffix.
    dump=$(ls -t "$out"* | head -1)
    callgrind_annotate --inclusive=yes "$dump" >"$run_dir/inclusive.txt" 2>/dev/null || true
    callgrind_annotate "$dump" >"$run_dir/annotate.txt" 2>/dev/null || true
    note "profile: $dump; summaries: $run_dir/annotate.txt, $run_dir/inclusive.txt"
    head -60 "$run_dir/annotate.txt"
    ;;
  perf)
    command -v perf >/dev/null || die "perf is needed"
    bench_init profile-perf
    hub_start s1 "${unlimited[@]}"
    run_lg setup "$hub_url" $(hub_setup s1) "${s1_args[@]}" --rate 1 --duration 1 >/dev/null
    perf record -e cpu-clock -F 999 -g -a -o "$run_dir/perf.data" -- \
      sleep 8 >/dev/null 2>&1 &
    perf_pid=$!
    f=$(run_lg s1-profiled "$hub_url" $(hub_setup s1) "${s1_args[@]}" --rate "${BENCH_PROFILE_RATE:-300}" \
      --duration 10 --drain-timeout 15)
    wait "$perf_pid" || true
    step_line "$f"
    {
      perf report -i "$run_dir/perf.data" --stdio --no-children --sort comm
      perf report -i "$run_dir/perf.data" --stdio --no-children --sort comm,dso,sym -g none
    } 2>/dev/null | grep -v '^$' >"$run_dir/report.txt"
    note "profile: $run_dir/perf.data; summary: $run_dir/report.txt"
    grep -E '^ +[0-9]' "$run_dir/report.txt" | head -50 | cut -c1-160
    ;;
  *)
    echo "usage: $0 [callgrind|perf]" >&2
    exit 2
    ;;
esac

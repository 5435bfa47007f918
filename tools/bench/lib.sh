# Shared by the benchmark scenarios (tools/bench/s*.sh); sourced, not run.
#
# Each scenario: a Release hub (build-rel) on a fresh database of the
# private benchmark PostgreSQL (AGENTHUB_PG_PORT, default 55434), driven by
# agenthub-loadgen over loopback. Prints one JSON document on stdout; the
# loadgen tables and notes go to stderr; every file of the run stays in
# $BENCH_OUT/<scenario>-<time>/ (default build-rel/bench/).
#
# Environment:
#   AGENTHUB_PG_PORT   benchmark cluster port (55434; tools/pg.sh starts it)
#   BENCH_BUILD_DIR    where agenthub and agenthub-loadgen are (build-rel)
#   BENCH_OUT          results directory (build-rel/bench)
#   BENCH_SOURCE_IPS   loopback source addresses (127.0.0.1-127.0.0.8)
#   BENCH_LG_THREADS   loadgen I/O threads (1)
#   BENCH_KEEP_DB=1    keep the databases (dropped at exit otherwise)
#   BENCH_QUICK=1      shorter steps (a smoke run of the scripts, not figures)
#   BENCH_HUB_WRAPPER  command the hub runs under (a profiler)

set -euo pipefail

bench_root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
export AGENTHUB_PG_PORT=${AGENTHUB_PG_PORT:-55434}
build_dir=${BENCH_BUILD_DIR:-$bench_root/build-rel}
hub_bin=$build_dir/app/agenthub
lg_bin=$build_dir/tools/loadgen/agenthub-loadgen
source_ips=${BENCH_SOURCE_IPS:-127.0.0.1,127.0.0.2,127.0.0.3,127.0.0.4,127.0.0.5,127.0.0.6,127.0.0.7,127.0.0.8}
lg_threads=${BENCH_LG_THREADS:-1}
psql_bin=$(command -v psql || echo /usr/lib/postgresql/15/bin/psql)
source "$bench_root/tools/hub_env.sh"

# The hub's per-connection limits (30 events/s, 100 frames/s) are meant
# for agents, not for load tests that send hundreds of messages per second
# per connection (S1: 400/s per sender; S4: closed loop): lifted for S1,
# S4, the profiles and A/B runs (and on the baseline in S6).
unlimited=(SESSION_EVENTS_PER_SECOND=100000)

# hub_setup <label>: loadgen arguments for setup through REST with the
# admin token, logins spread over the source addresses (100 logins/min per
# address), the fleet kept in a reuse file per label, the hub's CPU and RSS
# read from /proc.
hub_setup() {
  echo --admin-token "$hub_token" --source-ips "$source_ips" \
    --reuse "$run_dir/reuse-$1.json" --hub-pid "$hub_pid"
}

note() { echo "bench: $*" >&2; }
die() {
  echo "bench: error: $*" >&2
  exit 2
}

# Per-scenario state, cleaned up at exit.
bench_pids=()
bench_dbs=()
run_dir=""
admin_url=""

bench_cleanup() {
  local rc=$? pid db
  trap - EXIT INT TERM
  for pid in "${bench_pids[@]}"; do
    stop_pid "$pid"
  done
  if [[ -z ${BENCH_KEEP_DB:-} ]]; then
    for db in "${bench_dbs[@]}"; do
      "$psql_bin" "$admin_url" -X -q -c "DROP DATABASE IF EXISTS \"$db\" WITH (FORCE)" \
        </dev/null >/dev/null 2>&1 || note "could not drop database $db"
    done
  fi
  [[ -n $run_dir ]] && note "files of this run: $run_dir"
  exit "$rc"
}

# bench_init <scenario>: checks the binaries, raises the fd limit, starts
# the benchmark cluster and makes the run directory.
bench_init() {
  local name=$1
  [[ -x $hub_bin ]] || die "no $hub_bin; build it first:
  AGENTHUB_JOBS=2 tools/build.sh build-rel -DCMAKE_BUILD_TYPE=Release -DAGENTHUB_BUILD_TESTS=OFF -DCMAKE_CXX_COMPILER_LAUNCHER=ccache"
  [[ -x $lg_bin ]] || die "no $lg_bin (built with the hub, see above)"
  command -v jq >/dev/null || die "jq is needed"
  # 10 000 connections (S5) need as many descriptors in the hub and in the
  # loadgen; root may raise the hard limit, others get what they have.
  ulimit -Hn 65536 2>/dev/null || true
  ulimit -n "$(ulimit -Hn)"
  (cd "$bench_root" && tools/pg.sh start) >&2
  admin_url=$(cd "$bench_root" && tools/pg.sh url)
  run_dir=${BENCH_OUT:-$build_dir/bench}/$name-$(date +%Y%m%d-%H%M%S)
  mkdir -p "$run_dir"
  trap bench_cleanup EXIT
  trap 'exit 130' INT
  trap 'exit 143' TERM
}

# new_db <label>: creates a database, prints its URL.
new_db() {
  local db="bench_${1}_$(date +%s)_$$"
  "$psql_bin" "$admin_url" -X -q -v ON_ERROR_STOP=1 -c "CREATE DATABASE \"$db\"" \
    </dev/null >/dev/null || die "cannot create database $db"
  bench_dbs+=("$db")
  database_url "$admin_url" "$db"
}

stop_pid() {
  local pid=$1 i
  kill -TERM "$pid" 2>/dev/null || return 0
  for ((i = 0; i < 150; i++)); do
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.1
  done
  kill -KILL "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
}

http_ok() {
  [[ $(curl -s -o /dev/null -m 2 -w '%{http_code}' "$1" 2>/dev/null) == 200 ]]
}

wait_ready() { # wait_ready <url> <pid>
  local deadline=$((SECONDS + 90))
  until http_ok "$1"; do
    kill -0 "$2" 2>/dev/null || die "the server exited during startup (see $run_dir)"
    ((SECONDS < deadline)) || die "$1 not ready within 90 s"
    sleep 0.1
  done
}

# hub_start <label> [VAR=value...]: a Release hub on a fresh database.
# Sets hub_pid, hub_url, hub_token (admin API token), hub_log.
hub_start() {
  local label=$1 db_url port_file
  shift
  db_url=$(new_db "$label")
  hub_log=$run_dir/hub-$label.log
  port_file=$run_dir/hub-$label.port
  local hub_env
  hub_env_for "$db_url" "$(head -c 48 /dev/urandom | base64 -w0)" \
    LOG_LEVEL=warn "$@"
  local env=("${hub_env[@]}")
  hub_token=$("${env[@]}" "$hub_bin" bootstrap-admin </dev/null 2>>"$hub_log") ||
    die "bootstrap-admin failed (see $hub_log)"
  # BENCH_HUB_WRAPPER: e.g. "valgrind --tool=callgrind --callgrind-out-file=F"
  # (for a profile; the figures of such a run are not figures).
  "${env[@]}" ${BENCH_HUB_WRAPPER:-} "$hub_bin" serve --port-file "$port_file" \
    </dev/null >>"$hub_log" 2>&1 &
  hub_pid=$!
  bench_pids+=("$hub_pid")
  local deadline=$((SECONDS + 120))
  until [[ -s $port_file ]]; do
    kill -0 "$hub_pid" 2>/dev/null || die "the hub exited (see $hub_log)"
    ((SECONDS < deadline)) || die "no port file from the hub"
    sleep 0.05
  done
  hub_url=http://127.0.0.1:$(<"$port_file")
  wait_ready "$hub_url/readyz" "$hub_pid"
  note "hub $label: pid $hub_pid at $hub_url"
}

# baseline_start [VAR=value...]: the Node baseline (tools/bench/baseline)
# on a fresh database. Sets bl_pid, bl_url, bl_secret, bl_db_url.
baseline_start() {
  local dir=$bench_root/tools/bench/baseline
  command -v node >/dev/null || die "node is needed for the baseline"
  if [[ ! -d $dir/node_modules ]]; then
    note "installing the baseline's packages (npm ci)"
    (cd "$dir" && npm ci --no-audit --no-fund >&2) || die "npm ci failed"
  fi
  bl_db_url=$(new_db baseline)
  bl_secret=$(head -c 48 /dev/urandom | base64 -w0)
  local port=$((20000 + RANDOM % 20000))
  env DATABASE_URL="$bl_db_url" JWT_SECRET="$bl_secret" PORT="$port" \
    HOST=127.0.0.1 "$@" node "$dir/server.js" </dev/null \
    >>"$run_dir/baseline.log" 2>&1 &
  bl_pid=$!
  bench_pids+=("$bl_pid")
  bl_url=http://127.0.0.1:$port
  wait_ready "$bl_url/healthz" "$bl_pid"
  note "baseline: pid $bl_pid at $bl_url"
}

# baseline_tokens <n> <file>: n agents in the baseline's database, one JWT
# per line in file (for loadgen --setup none --jwt-file).
baseline_tokens() {
  DATABASE_URL="$bl_db_url" JWT_SECRET="$bl_secret" \
    node "$bench_root/tools/bench/baseline/mint.js" "$1" 7200 >"$2" ||
    die "minting baseline tokens failed"
}

# CPU seconds of the benchmark PostgreSQL: the postmaster, its exited
# children (cutime/cstime) and its live children.
pg_cpu_s() {
  local dir=${AGENTHUB_PG_DIR:-/tmp/agenthub-pg-$AGENTHUB_PG_PORT}
  local pm
  pm=$(head -1 "$dir/data/postmaster.pid" 2>/dev/null) || {
    echo 0
    return
  }
  local tck
  tck=$(getconf CLK_TCK)
  local total=0 f rest ppid
  for f in /proc/[0-9]*/stat; do
    rest=$(<"$f") 2>/dev/null || continue
    rest=${rest##*) }
    read -r -a fs <<<"$rest"
    ppid=${fs[1]}
    if [[ ${f//[^0-9]/} == "$pm" ]]; then
      total=$((total + fs[11] + fs[12] + fs[13] + fs[14]))
    elif [[ $ppid == "$pm" ]]; then
      total=$((total + fs[11] + fs[12]))
    fi
  done 2>/dev/null
  echo "scale=2; $total / $tck" | bc
}

loadavg() { cut -d' ' -f1-3 /proc/loadavg; }

# run_lg <name> <url> [loadgen args...]: one loadgen run; its summary goes
# to $run_dir/<name>.json, and a step record (summary + load averages +
# PostgreSQL CPU) to $run_dir/<name>.step.json, whose path is printed.
run_lg() {
  local name=$1 url=$2 out=$run_dir/$1.json rc=0
  shift 2
  local la0 la1 pg0 pg1 t0
  la0=$(loadavg)
  pg0=$(pg_cpu_s)
  t0=$(date +%s.%N)
  note "run $name: $(echo "$*" | sed -E "s/agt_[A-Za-z0-9_-]+/agt_<redacted>/g")"
  "$lg_bin" --url "$url" --threads "$lg_threads" "$@" >"$out" || rc=$?
  pg1=$(pg_cpu_s)
  la1=$(loadavg)
  [[ -s $out ]] || die "loadgen printed no summary for $name (exit $rc)"
  jq --arg name "$name" --arg la0 "$la0" --arg la1 "$la1" \
    --argjson pg "$(echo "$pg1 - $pg0" | bc)" --argjson rc "$rc" \
    --argjson wall "$(echo "$(date +%s.%N) - $t0" | bc)" \
    '{name: $name, exit_code: $rc, loadavg_before: $la0, loadavg_after: $la1,
      postgres_cpu_s: $pg, wall_s: $wall, summary: .}' "$out" \
    >"$run_dir/$name.step.json"
  echo "$run_dir/$name.step.json"
}

# hub_metric <name>: a value from the hub's /metrics (sum of all series).
hub_metric() {
  curl -s "$hub_url/metrics" | awk -v m="$1" '$1 == m || index($1, m "{") == 1 { s += $NF } END { print s + 0 }'
}

# machine_json: what the figures were measured on.
machine_json() {
  jq -n --arg cpu "$(lscpu | sed -n 's/^Model name: *//p' | head -1)" \
    --arg cpus "$(nproc)" --arg kernel "$(uname -sr)" \
    --arg mem "$(free -m | awk '/^Mem:/ { print $2 }')" \
    --arg pg "$("$psql_bin" --version | awk '{ print $3 }')" \
    --arg node "$(node --version 2>/dev/null || echo none)" \
    --arg commit "$(git -C "$bench_root" rev-parse --short HEAD 2>/dev/null || echo unknown)" \
    '{cpu: $cpu, cpus: ($cpus | tonumber), kernel: $kernel, memory_mib: ($mem | tonumber),
      postgresql: $pg, node: $node, commit: $commit}'
}

# finish_json <scenario> <result-json> <step files...>: the scenario's
# document on stdout (and in $run_dir/result.json).
finish_json() {
  local scenario=$1 result=$2
  shift 2
  jq -s --arg s "$scenario" --argjson m "$(machine_json)" --argjson r "$result" \
    '{scenario: $s, machine: $m, result: $r, steps: .}' "$@" \
    | tee "$run_dir/result.json"
}

# step_line <step.json>: one human line per step on stderr.
step_line() {
  jq -r '.summary as $s | "\(.name): sends/s \($s.rates.sends_per_s | floor)  acks/s \($s.rates.acks_per_s | floor)  deliveries/s \($s.rates.deliveries_per_s | floor)  ack p99 \($s.latency_us.ack.p99 / 1000) ms  delivery p99 \($s.latency_us.delivery.p99 / 1000) ms  errors \($s.errors_by_code | add // 0)  hub cpu \($s.hub_process.cpu_s.load // 0 | . * 100 | floor / 100) s  pg cpu \(.postgres_cpu_s) s  load \(.loadavg_before) -> \(.loadavg_after)  ok \($s.ok)"' "$1" >&2
}

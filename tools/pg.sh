#!/usr/bin/env bash
# Manages a private PostgreSQL 15 cluster for development and tests: the
# "embedded default" database AgentHub uses when no DATABASE_URL is given.
#
# Usage: tools/pg.sh start|stop [-q]|status|url|psql [args]|destroy
#
#   start    create the cluster on first use, then start it (idempotent)
#   stop     fast shutdown (idempotent); -q prints nothing on success
#   status   prints running / stopped / absent, exits 0 / 3 / 4
#   url      prints the app role's DATABASE_URL on stdout
#   psql     runs psql as the app role (extra args are passed through)
#   destroy  stops the cluster and removes its directory
#
# Environment:
#   AGENTHUB_PG_PORT  TCP port on 127.0.0.1 (default 55432)
#   AGENTHUB_PG_DIR   cluster directory (default /tmp/agenthub-pg-<port>)
#   AGENTHUB_PG_BIN   PostgreSQL binaries (default /usr/lib/postgresql/15/bin)
#
# Layout of the directory:
#   data/                 PGDATA (server user, 0700)
#   run/                  unix socket directory (server user)
#   log/postgresql.log    server log
#   url, pgpass           credentials, readable only by the invoking user
#   lock                  flock(1) target serialising start/stop/destroy
#
# PostgreSQL refuses to run as root, so under uid 0 the server runs as the
# `postgres` system user (created by the Debian package); otherwise it runs
# as the invoking user. Informational output goes to stderr so that
# `DATABASE_URL=$(tools/pg.sh url)` captures only the URL.
set -euo pipefail

# Credentials and logs are private by default; shared paths are chmod'ed
# explicitly below.
umask 077

pg_bin=${AGENTHUB_PG_BIN:-/usr/lib/postgresql/15/bin}
port=${AGENTHUB_PG_PORT:-55432}
dir=${AGENTHUB_PG_DIR:-/tmp/agenthub-pg-${port}}
app_role=agenthub
app_db=agenthub
host=127.0.0.1

log() { echo "pg: $*" >&2; }
die() { echo "pg: error: $*" >&2; exit 1; }
usage() {
  echo "usage: $0 start|stop [-q]|status|url|psql [args]|destroy" >&2
  exit 2
}

if ! [[ $port =~ ^[1-9][0-9]{0,4}$ ]] || ((port < 1024 || port > 65535)); then
  die "AGENTHUB_PG_PORT must be a port number in 1024-65535, got '$port'"
fi
# Server user commands run from / (see run_srv), so the path must be absolute.
[[ $dir == /* ]] || dir="$PWD/$dir"
dir=${dir%/}
# The path is written verbatim into postgresql.conf and connection strings;
# refusing odd characters avoids having to quote it everywhere.
[[ $dir =~ ^/[A-Za-z0-9._/+-]+$ ]] ||
  die "AGENTHUB_PG_DIR may only contain letters, digits and ._/+- ('$dir')"
# Unix socket paths are limited to 107 bytes (sun_path).
sock="$dir/run/.s.PGSQL.$port"
((${#sock} <= 107)) || die "AGENTHUB_PG_DIR is too long for a unix socket path ($sock)"

data="$dir/data"
rundir="$dir/run"
logdir="$dir/log"
logfile="$logdir/postgresql.log"
url_file="$dir/url"
pgpass="$dir/pgpass"
marker="$dir/.agenthub-pg"

# Stray client settings from the caller's shell (e.g. a CI database) would
# override our pgpass file or redirect connections.
unset PGPASSWORD PGSERVICE PGSERVICEFILE PGDATA

if (($(id -u) == 0)); then
  is_root=1
  srv_user=postgres
  id -u "$srv_user" >/dev/null 2>&1 ||
    die "user '$srv_user' does not exist; run tools/install-deps.sh (postgresql-15)"
  srv_group=$(id -gn "$srv_user")
  own=(-o "$srv_user" -g "$srv_group")
else
  is_root=0
  srv_user=$(id -un)
  own=()
fi

# Runs a command as the server user. From / because root's cwd (often under
# /root) is not accessible to postgres and initdb/postgres call getcwd().
# fd 9 (the lock) is closed: a postmaster inheriting it would hold the lock
# for its whole life and every later start/stop would block on it.
run_srv() {
  if ((is_root)); then
    (cd / && runuser -u "$srv_user" -- "$@") 9>&-
  else
    "$@" 9>&-
  fi
}

need_binaries() {
  [[ -x $pg_bin/initdb && -x $pg_bin/pg_ctl && -x $pg_bin/psql ]] ||
    die "PostgreSQL 15 not found in $pg_bin; run tools/install-deps.sh"
}

# 32 random alphanumerics; URL- and SQL-safe without quoting. head reads a
# fixed amount so nothing dies of SIGPIPE under pipefail.
random_password() {
  local pw=""
  while ((${#pw} < 32)); do
    pw+=$(head -c 256 /dev/urandom | LC_ALL=C tr -dc 'A-Za-z0-9')
  done
  printf '%s' "${pw:0:32}"
}

# A directory we did not create (or one planted in /tmp by another user) must
# never be initialised into or rm -rf'ed.
check_dir_is_ours() {
  if [[ -L $dir ]]; then die "$dir is a symlink; refusing to use it"; fi
  [[ $(stat -c %u "$dir") == "$(id -u)" ]] ||
    die "$dir is owned by another user; set AGENTHUB_PG_DIR or remove it"
  if [[ ! -e $marker ]] && [[ -n $(ls -A "$dir") ]]; then
    die "$dir exists and is not an agenthub-pg directory; refusing to touch it"
  fi
}

ensure_dir() {
  if [[ ! -e $dir ]]; then
    # Parents too must be traversable by the server user, hence umask 022.
    (umask 022 && mkdir -p "$dir")
  fi
  check_dir_is_ours
  chmod 755 "$dir"
  : >>"$marker"
}

# Serialises start/stop/destroy. A destroy that ran while we waited unlinks
# the lock file we hold, so re-check that we locked the file now in place.
take_lock() {
  local create=$1
  while :; do
    if [[ $create == create ]]; then
      ensure_dir
    elif [[ -d $dir ]]; then
      check_dir_is_ours
    else
      return 1
    fi
    exec 9>>"$dir/lock"
    flock -w 120 9 || die "timed out waiting for $dir/lock"
    if [[ -e $dir/lock &&
      $(stat -L -c %d:%i /proc/self/fd/9) == $(stat -c %d:%i "$dir/lock") ]]; then
      return 0
    fi
    exec 9>&-
  done
}

# The url file is written last during initialisation, so it doubles as the
# "cluster is complete" marker.
initialised() { [[ -f $url_file && -f $data/PG_VERSION ]]; }

# True if pid $1 is a live (not zombie) process called postgres. pg_ctl status
# only does kill(pid, 0), which also succeeds for a zombie: in containers
# whose init does not reap promptly, a kill -9'ed postmaster lingers as one
# and both pg_ctl and postgres would take it for a running server.
live_postgres_pid() {
  local stat
  [[ $1 =~ ^[0-9]+$ ]] || return 1
  stat=$(cat "/proc/$1/stat" 2>/dev/null) || return 1
  [[ $stat =~ ^[0-9]+\ \(postgres\)\ ([A-Za-z]) ]] || return 1
  [[ ${BASH_REMATCH[1]} != [ZX] ]]
}

# 0 running, 3 stopped, 4 no cluster (the pg_ctl status exit codes).
pg_state() {
  [[ -f $data/PG_VERSION ]] || return 4
  local pid
  pid=$(head -n 1 "$data/postmaster.pid" 2>/dev/null) || return 3
  live_postgres_pid "$pid" || return 3
}

cluster_port() {
  local u
  u=$(<"$url_file")
  u=${u##*@"$host":}
  printf '%s' "${u%%/*}"
}

write_conf() {
  # Included from postgresql.conf and rewritten on every start, so changes
  # here reach existing clusters on their next restart.
  run_srv tee "$data/agenthub.conf" >/dev/null <<EOF
# Managed by tools/pg.sh; edits are overwritten on the next start.
listen_addresses = '$host'
port = $port
unix_socket_directories = '$rundir'
max_connections = 200
shared_buffers = 128MB
# AgentHub checks both at startup: acknowledged writes must be durable.
fsync = on
synchronous_commit = on
# pg_ctl -l sends stderr to $logfile.
logging_collector = off
log_destination = 'stderr'
log_line_prefix = '%m [%p] '
log_min_messages = warning
password_encryption = 'scram-sha-256'
EOF
}

# postgres would also fail to bind, but only with a line buried in the log.
check_port_free() {
  if (exec 3<>"/dev/tcp/$host/$port") 2>/dev/null; then
    local who=""
    if command -v ss >/dev/null; then
      who=$(ss -ltnpH "( sport = :$port )" 2>/dev/null | head -n 3 || true)
    fi
    die "port $port on $host is already in use by another process${who:+:
$who}
set AGENTHUB_PG_PORT to a free port (the cluster dir defaults to one per port)"
  fi
}

start_server() {
  # Only called when pg_state says the recorded postmaster is gone, so these
  # lock files are stale; postgres would refuse to start on a zombie's pid.
  if [[ -f $data/postmaster.pid ]]; then
    log "removing stale postmaster.pid (previous server died without cleanup)"
    run_srv rm -f "$data/postmaster.pid" "$sock.lock"
  fi
  check_port_free
  # -s and >&2 keep pg_ctl's chatter off stdout.
  if ! run_srv "$pg_bin/pg_ctl" start -D "$data" -l "$logfile" -w -t 30 -s >&2; then
    echo "pg: error: server failed to start; last 30 lines of $logfile:" >&2
    tail -n 30 "$logfile" >&2 || true
    exit 1
  fi
}

admin_psql() { # SQL on stdin
  PGPASSFILE="$pgpass" "$pg_bin/psql" -X -q -v ON_ERROR_STOP=1 \
    -h "$host" -p "$port" -U postgres -d postgres
}

init_cluster() {
  # A half-finished earlier init (no url file) is discarded and redone.
  if [[ -e $data ]]; then
    log "discarding incomplete cluster in $data"
    if [[ -f $data/postmaster.pid ]]; then
      run_srv "$pg_bin/pg_ctl" stop -D "$data" -m immediate -s >/dev/null 2>&1 || true
    fi
    rm -rf "$data"
  fi
  # Before initdb, so a taken port does not leave a half-made cluster behind.
  check_port_free
  install -d -m 700 "${own[@]}" "$data" "$logdir"
  install -d -m 755 "${own[@]}" "$rundir"
  # The server user must be able to reach the directory (e.g. not /root).
  run_srv test -w "$data" ||
    die "$srv_user cannot access $data; pick an AGENTHUB_PG_DIR it can traverse (e.g. under /tmp)"

  local su_pw app_pw locale_opt locales
  su_pw=$(random_password)
  app_pw=$(random_password)
  locales=$(locale -a 2>/dev/null || true)
  if grep -qiE '^c\.utf-?8$' <<<"$locales"; then
    locale_opt=(--locale=C.UTF-8)
  else
    locale_opt=(--no-locale)
  fi

  # initdb runs as the server user, so it needs its own copy of the password
  # (global: the EXIT trap may fire after this function's locals are gone).
  pwfile=$(mktemp "$rundir/initpw.XXXXXX")
  trap 'rm -f "$pwfile"' EXIT
  printf '%s\n' "$su_pw" >"$pwfile"
  if ((is_root)); then chown "$srv_user" "$pwfile"; fi
  if ! run_srv "$pg_bin/initdb" -D "$data" -U postgres --pwfile="$pwfile" \
    --auth-local=peer --auth-host=scram-sha-256 -E UTF8 "${locale_opt[@]}" \
    >"$logdir/initdb.log" 2>&1; then
    tail -n 30 "$logdir/initdb.log" >&2
    die "initdb failed (full output in $logdir/initdb.log)"
  fi
  rm -f "$pwfile"
  trap - EXIT
  run_srv tee -a "$data/postgresql.conf" >/dev/null <<<"include 'agenthub.conf'"
  write_conf

  # libpq ignores a pgpass file unless it is private; umask 077 ensures that.
  printf '%s:%s:*:%s:%s\n' "$host" "$port" postgres "$su_pw" \
    "$host" "$port" "$app_role" "$app_pw" >"$pgpass"
  chmod 600 "$pgpass"

  start_server
  # CREATEDB: the tests create one database per run.
  admin_psql <<EOF
CREATE ROLE $app_role LOGIN CREATEDB PASSWORD '$app_pw';
CREATE DATABASE $app_db OWNER $app_role;
EOF
  printf 'postgresql://%s:%s@%s:%s/%s\n' \
    "$app_role" "$app_pw" "$host" "$port" "$app_db" >"$url_file.tmp"
  chmod 600 "$url_file.tmp"
  mv -f "$url_file.tmp" "$url_file"
}

# For a server found already running: guards against postmaster.pid naming a
# postgres process that is not ours (pid reuse) and waits out crash recovery.
# Pinged over TCP as the app role: a ping that stops at the password prompt
# logs nothing, while one over the socket logs a FATAL for peer auth.
wait_ready() {
  local i rc
  for ((i = 0; i < 30; i++)); do
    rc=0
    "$pg_bin/pg_isready" -q -h "$host" -p "$port" -U "$app_role" -d "$app_db" -t 5 || rc=$?
    case $rc in
      0) return 0 ;;
      1) sleep 1 ;; # up but rejecting connections (starting, recovering)
      *) die "postmaster.pid in $data names a live postgres process but nothing answers on $host:$port; see $logfile" ;;
    esac
  done
  die "server in $data still rejects connections after 30s; see $logfile"
}

cmd_start() {
  need_binaries
  take_lock create
  if ! initialised; then
    init_cluster
  else
    local cport
    cport=$(cluster_port)
    [[ $cport == "$port" ]] ||
      die "cluster in $dir was created for port $cport; set AGENTHUB_PG_PORT=$cport or destroy it"
    if ! pg_state; then
      write_conf
      start_server
    else
      wait_ready
    fi
  fi
  log "running on $host:$port (data $data)"
}

cmd_stop() {
  local quiet=0
  case ${1:-} in
    -q) quiet=1 ;;
    "") ;;
    *) usage ;;
  esac
  take_lock nocreate || return 0
  pg_state || return 0
  # Errors are still reported under -q: a failed shutdown should be visible.
  run_srv "$pg_bin/pg_ctl" stop -D "$data" -m fast -w -t 60 -s >&2 ||
    die "pg_ctl stop failed; see $logfile"
  ((quiet)) || log "stopped (data $data)"
}

cmd_status() {
  local rc=0
  if ! initialised; then
    rc=4
  else
    pg_state || rc=$?
  fi
  case $rc in
    0) echo running ;;
    3) echo stopped ;;
    *) echo absent; rc=4 ;;
  esac
  return "$rc"
}

cmd_url() {
  [[ -f $url_file ]] || die "no cluster in $dir; run: tools/pg.sh start"
  cat "$url_file"
}

cmd_psql() {
  initialised || die "no cluster in $dir; run: tools/pg.sh start"
  # Connection parameters through the environment (password via pgpass, not
  # argv where ps would show it), so callers can still override -d / -U.
  PGHOST=$host PGPORT=$(cluster_port) PGUSER=$app_role PGDATABASE=$app_db \
    PGPASSFILE=$pgpass exec "$pg_bin/psql" "$@"
}

cmd_destroy() {
  if ! take_lock nocreate; then
    log "nothing to destroy in $dir"
    return 0
  fi
  if pg_state; then
    run_srv "$pg_bin/pg_ctl" stop -D "$data" -m fast -w -t 60 -s >&2 ||
      run_srv "$pg_bin/pg_ctl" stop -D "$data" -m immediate -w -t 30 -s >&2 ||
      die "could not stop the server in $data"
  fi
  rm -rf "$dir"
  log "destroyed $dir"
}

cmd=${1:-}
if (($#)); then shift; fi
case $cmd in
  start) [[ $# -eq 0 ]] || usage; cmd_start ;;
  stop) cmd_stop "$@" ;;
  status) [[ $# -eq 0 ]] || usage; cmd_status ;;
  url) [[ $# -eq 0 ]] || usage; cmd_url ;;
  psql) cmd_psql "$@" ;;
  destroy) [[ $# -eq 0 ]] || usage; cmd_destroy ;;
  *) usage ;;
esac

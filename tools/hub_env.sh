# Shared by the shell harnesses that start a real hub on a database of their
# own (tests/e2e/run_e2e.sh, tests/unit/loadgen/smoke.sh, tools/bench/lib.sh);
# sourced, not run. The caller defines die() first.

# The psql client: on PATH, or PostgreSQL 15's own.
find_psql() {
  psql=$(command -v psql || true)
  [[ -n $psql ]] || psql=/usr/lib/postgresql/15/bin/psql
  [[ -x $psql ]] || die "psql not found; run tools/install-deps.sh"
}

# database_url <admin url> <database>: the same server, user and password;
# only the database name differs.
database_url() {
  local base=${1%%\?*}
  echo "${base%/*}/$2${1#"$base"}"
}

# psql_admin <psql args...>: runs psql on $admin_url, stopping at the first
# error.
psql_admin() {
  "$psql" "$admin_url" -X -q -v ON_ERROR_STOP=1 </dev/null "$@"
}

# hub_env_for <database url> <jwt secret> [VAR=value...]: sets the array
# hub_env to an `env` command that runs the hub with only these settings:
# whatever configures a hub in the caller's environment (a developer's
# DATABASE_URL, a *_FILE secret, an AGENTHUB_CONFIG file) is removed.
hub_env_for() {
  hub_env=(
    env -u DATABASE_URL -u AGENTHUB_CONFIG -u JWT_SECRET_OLD -u ALLOWED_ORIGINS
    -u POSTGRES_HOST -u POSTGRES_PORT -u POSTGRES_USER -u POSTGRES_PASSWORD
    -u POSTGRES_DB -u LOG_FORMAT -u DATABASE_URL_FILE -u JWT_SECRET_FILE
    -u JWT_SECRET_OLD_FILE -u POSTGRES_PASSWORD_FILE
    DATABASE_URL="$1" JWT_SECRET="$2" HOST=127.0.0.1 PORT=0 "${@:3}"
  )
}

#!/usr/bin/env bash
# The README's test command (and CI's): installs dependencies, builds with
# AddressSanitizer + UBSan, starts a private PostgreSQL for the tests and
# runs every ctest suite. ctest's summary is the last line printed.
set -euo pipefail
cd "$(dirname "$0")/.."

tools/install-deps.sh
for dir in tests/e2e tests/e2e_browser; do
  if [ -f "$dir/package-lock.json" ]; then
    echo "test: installing the npm packages of $dir (npm ci)…" >&2
    (cd "$dir" && npm ci --no-audit --no-fund --loglevel=error >/dev/null)
  fi
done

echo "test: building (ASan+UBSan)…" >&2
tools/build.sh build-test -DCMAKE_BUILD_TYPE=Debug -DAGENTHUB_SANITIZE=ON \
  >build-test.log 2>&1 || { tail -n 60 build-test.log; exit 1; }

# A cluster of its own, so tests never touch a developer's database.
export AGENTHUB_PG_PORT=${AGENTHUB_TEST_PG_PORT:-55433}
started=0
if [ "$(tools/pg.sh status 2>/dev/null || true)" != running ]; then
  tools/pg.sh start
  started=1
fi
AGENTHUB_TEST_DATABASE_URL=$(tools/pg.sh url)
export AGENTHUB_TEST_DATABASE_URL
# An absolute path: the trap runs after the cd below. Silent, so ctest's
# summary stays the last line printed.
root=$PWD
cleanup() { [ "$started" = 1 ] && "$root/tools/pg.sh" stop -q >/dev/null 2>&1 || true; }
trap cleanup EXIT

# Sanitizer reports fail the test that triggered them.
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1:suppressions=$PWD/tests/sanitizers/ubsan.supp}
export LSAN_OPTIONS=${LSAN_OPTIONS:-suppressions=$PWD/tests/sanitizers/lsan.supp}
cd build-test
ctest --output-on-failure -j"${AGENTHUB_TEST_JOBS:-2}" "$@"

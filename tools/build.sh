#!/usr/bin/env bash
# Configures and builds AgentHub with CMake + Ninja.
# Usage: tools/build.sh <build-dir> [cmake options...]
set -euo pipefail
cd "$(dirname "$0")/.."
dir=${1:?usage: tools/build.sh <build-dir> [cmake options...]}
shift
if [ ! -f "$dir/build.ninja" ]; then
  cmake -S . -B "$dir" -G Ninja "$@" >"$dir.configure.log" 2>&1 \
    || { cat "$dir.configure.log"; exit 1; }
else
  cmake -S . -B "$dir" "$@" >"$dir.configure.log" 2>&1 \
    || { cat "$dir.configure.log"; exit 1; }
fi
# Two cores: two jobs. CAF/Beast translation units need ~1 GiB each.
cmake --build "$dir" -- -j"${AGENTHUB_JOBS:-$(nproc)}"

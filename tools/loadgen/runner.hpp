// One load run from options to exit code: setup, open, send, drain, report.
#pragma once

#include "tools/loadgen/options.hpp"

namespace agenthub::loadgen {

/// Runs the load described by `opts`; prints the JSON summary on stdout and
/// the table on stderr. Returns the exit code (0 ok, 1 failed, 2 usage).
int run_loadgen(const options& opts);

} // namespace agenthub::loadgen

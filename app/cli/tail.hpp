// `agenthub tail`: follow a room's messages over /ws, resuming after
// reconnects without gaps or duplicates.
#pragma once

#include "app/cli/args.hpp"

namespace agenthub::cli {

/// Runs `agenthub tail ROOM [--after-seq N] [--count N] [--timeout S]`.
int run_tail(const parsed_args& a);

} // namespace agenthub::cli

// The replay scenario: a recording, time-scaled.
#pragma once

#include "tools/loadgen/driver.hpp"
#include "tools/loadgen/options.hpp"
#include "tools/loadgen/recording.hpp"

namespace agenthub::loadgen {

/// Replays `rec` (already parsed; kept alive by the caller): opens each
/// recorded connection at its connect time / speed and replays its events
/// at t / speed, in order. Events of a connection still opening wait for
/// it; events of a failed or closed connection are skipped and counted.
std::unique_ptr<driver> make_replay_driver(const options& opts,
                                           const recording& rec);

} // namespace agenthub::loadgen

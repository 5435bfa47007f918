// The stats collector actor: reports in, admin reads out.
#pragma once

#include "actors/messages.hpp"

#include <caf/timespan.hpp>

namespace agenthub {

/// Spawns the collector. Rooms, sessions and the writer report to it; it
/// monitors the reporting rooms and sessions and forgets them when they
/// stop. It never blocks and never asks anyone: admin reads are answered
/// from the latest reports; a room or session whose last report is older
/// than `stale_after` is shown `stale`.
stats_actor spawn_stats_collector(caf::actor_system& sys,
                                  caf::timespan stale_after);

} // namespace agenthub

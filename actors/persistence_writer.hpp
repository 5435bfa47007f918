// The persistence writer: a detached actor that owns its PostgreSQL
// connection and commits messages in batches (group commit).
#pragma once

#include "actors/messages.hpp"

#include <atomic>
#include <chrono>
#include <cstddef>
#include <memory>
#include <string>

namespace agenthub {

/// Counters the writer shares with its senders and the readiness check.
/// `pending` is raised by senders *before* sending (bounding the writer's
/// mailbox, G5) and lowered by the writer once it answered.
struct writer_shared {
  std::atomic<std::size_t> pending{0};
  std::atomic<bool> healthy{true};
  std::atomic<std::uint64_t> batches{0};
  std::atomic<std::uint64_t> rows{0};
  std::atomic<std::size_t> last_batch{0};
  std::size_t max_pending = 0;

  /// Reserves room for one item; false when the writer is saturated.
  bool try_reserve() {
    if (pending.fetch_add(1) >= max_pending) {
      pending.fetch_sub(1);
      return false;
    }
    return true;
  }
};

/// Tuning of the writer (values and reasons in config/defaults.hpp).
struct writer_options {
  std::size_t max_batch = 0;
  std::size_t max_pending = 0;
  std::chrono::milliseconds retry_window{0};
  stats_actor stats{}; ///< gets one report per committed batch; may be null
};

/// A spawned writer and its shared counters.
struct writer_handle {
  writer_actor actor;
  std::shared_ptr<writer_shared> shared;
};

/// Spawns the writer (detached: libpq blocks). It connects lazily, sets
/// synchronous_commit=on on its session, and answers each persist request
/// only after the COMMIT that holds it returned (G1).
writer_handle spawn_persistence_writer(caf::actor_system& sys,
                                       std::string conninfo,
                                       writer_options opts);

} // namespace agenthub

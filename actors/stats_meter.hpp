// The counters rooms and sessions keep for their stats reports: a few
// integers bumped on paths that already run, nothing per recipient.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace agenthub {

/// What a room counts between reports.
struct room_meter {
  using clock = std::chrono::steady_clock;
  clock::time_point started = clock::now();
  clock::time_point last_active = clock::now();
  std::uint64_t messages_in = 0;    ///< committed messages
  std::uint64_t deliveries_out = 0; ///< messages x subscribers

  /// A committed message was broadcast to `subscribers` sessions.
  void committed(std::size_t subscribers) {
    ++messages_in;
    deliveries_out += subscribers;
    last_active = clock::now();
  }

  /// A session joined or left.
  void touched() {
    last_active = clock::now();
  }
};

/// What a session counts between reports.
struct session_meter {
  std::string connected_at; ///< ISO 8601 UTC
  std::uint64_t events = 0; ///< client events accepted by the rate limit
  std::uint64_t rate_limit_hits = 0;
  std::vector<std::uint32_t> ack_us; ///< since the last report, bounded

  /// Records one send-to-ack latency (dropped beyond the report's bound).
  void ack(double seconds, std::size_t bound) {
    if (ack_us.size() < bound)
      ack_us.push_back(static_cast<std::uint32_t>(seconds * 1e6));
  }
};

} // namespace agenthub

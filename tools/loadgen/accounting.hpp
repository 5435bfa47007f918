// The end-of-run invariant check over every connection's trackers.
#pragma once

#include "tools/loadgen/connection.hpp"

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace agenthub::loadgen {

/// The invariants of a run, computed after the I/O threads stopped.
struct run_results {
  std::uint64_t gaps = 0;
  std::uint64_t regressions = 0;
  std::uint64_t duplicates = 0;
  /// Acked messages a receiver that was subscribed before the send and
  /// stayed to the end did not get.
  std::uint64_t missing = 0;
  /// Seqs acknowledged to two sends of the same room.
  std::uint64_t seq_conflicts = 0;
  /// Sends never answered (pending at the end, or lost with a connection).
  std::uint64_t unanswered = 0;
  /// Deliveries after a room:leave was answered (informational).
  std::uint64_t after_leave = 0;
  /// (connection, room) pairs checked for missing deliveries.
  std::uint64_t receivers_checked = 0;
  /// Deliveries the missing check expected.
  std::uint64_t expected_deliveries = 0;
  std::uint64_t connections_lost = 0;
  /// The first few connection failures, for the report.
  std::vector<std::string> failures;

  std::uint64_t order_violations() const {
    return gaps + regressions;
  }
};

/// Checks every connection: order and duplicates per (receiver, room), and
/// missing deliveries of acked messages. A connection closed by a recorded
/// disconnect is checked up to its close targets; lost connections and
/// rooms left are exempt from the missing check (their order and
/// duplicates still count).
run_results account(const std::vector<std::shared_ptr<connection>>& conns,
                    std::size_t room_count);

} // namespace agenthub::loadgen

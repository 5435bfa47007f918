// Per-room delivery invariants: order, duplicates and missing deliveries.
#pragma once

#include <cstdint>
#include <map>
#include <vector>

namespace agenthub::loadgen {

/// What one delivery was, seen from one receiver in one room.
enum class delivery_verdict {
  first,      ///< the first message of an epoch (any seq)
  in_order,   ///< exactly one above the previous
  gap,        ///< more than one above the previous: seqs were skipped
  regression, ///< at or below the previous, and never seen before
  duplicate,  ///< this seq was already delivered to this receiver
};

/// The seqs one receiver connection got for one room. After its first
/// message, each seq must be exactly the previous + 1. Every delivery is
/// classified as exactly one verdict; order violations are gaps plus
/// regressions. Seqs are kept as an interval set (one interval when all is
/// well), so membership queries stay cheap.
class seq_tracker {
public:
  /// Classifies and records one delivered seq.
  delivery_verdict observe(std::uint64_t seq);

  /// Starts a new epoch: the next delivery counts as `first` (after a
  /// room:leave and a new room:join, which resumes at the room's end).
  /// Seqs seen before still count for duplicates.
  void reset_epoch();

  /// Whether `seq` was delivered.
  bool has(std::uint64_t seq) const;

  std::uint64_t deliveries() const {
    return deliveries_;
  }
  std::uint64_t gaps() const {
    return gaps_;
  }
  std::uint64_t regressions() const {
    return regressions_;
  }
  std::uint64_t duplicates() const {
    return duplicates_;
  }
  /// Gaps plus regressions.
  std::uint64_t order_violations() const {
    return gaps_ + regressions_;
  }
  /// Distinct seqs delivered.
  std::uint64_t distinct() const;
  /// The highest seq delivered (0 if none).
  std::uint64_t highest() const {
    return ranges_.empty() ? 0 : ranges_.rbegin()->second;
  }

private:
  void insert(std::uint64_t seq);

  std::map<std::uint64_t, std::uint64_t> ranges_; // first -> last, disjoint
  bool have_last_ = false;
  std::uint64_t last_ = 0;
  std::uint64_t deliveries_ = 0, gaps_ = 0, regressions_ = 0, duplicates_ = 0;
};

/// An acknowledged send: its room seq and when it was sent (steady ns).
struct acked_send {
  std::uint64_t seq = 0;
  std::int64_t sent_ns = 0;
};

/// Counts the acked sends a receiver should have got and did not. The
/// receiver is expected to get every message sent after it was subscribed
/// (`subscribed_ns`, steady ns) with a seq up to `max_seq` (where it
/// stopped following the room; unbounded if it stayed to the end).
std::uint64_t count_missing(const seq_tracker& receiver,
                            std::int64_t subscribed_ns,
                            const std::vector<acked_send>& acked,
                            std::uint64_t max_seq = UINT64_MAX);

/// Counts seqs acknowledged to two different sends of one room (the hub
/// must never give one seq twice). `acked` may be in any order.
std::uint64_t count_seq_conflicts(std::vector<acked_send> acked);

} // namespace agenthub::loadgen

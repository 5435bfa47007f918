// The session's delivery cursors and rate limit, free of actor plumbing:
// the rules that make delivery gap-free and duplicate-free (G4).
#pragma once

#include "actors/messages.hpp"

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

namespace agenthub {

/// Delivery progress of one joined room on one connection.
struct room_cursor {
  room_actor room;
  std::string slug;
  std::uint64_t delivered = 0; ///< last seq handed to the connection
  std::uint64_t known = 0;     ///< highest seq known to be committed
  bool fetching = false;       ///< a catch-up read is in flight
};

/// What to do with a live message.
enum class live_action {
  drop,     ///< already delivered (or unknown room)
  deliver,  ///< next in order: hand it to the connection
  catch_up, ///< a gap: read the missing messages from the log first
  wait,     ///< paused or already catching up: the log will supply it
};

/// Per-connection token bucket (seed: 30 events/s) with abuse counting.
class event_rate_limit {
public:
  using clock = std::chrono::steady_clock;

  event_rate_limit(unsigned per_second, unsigned violations_to_close);

  /// True if the event may proceed.
  bool allow(clock::time_point now);

  /// True once refusals within one minute reached the close threshold.
  bool abusive() const {
    return violations_ >= violations_to_close_;
  }

private:
  double rate_;
  double tokens_;
  clock::time_point last_;
  unsigned violations_ = 0;
  unsigned violations_to_close_;
  clock::time_point window_start_;
};

/// The rooms of a session and where each one's delivery stands.
class delivery_cursors {
public:
  /// Starts (or restarts) a room at `delivered`, knowing the log ends at
  /// `last_seq`. Resuming past the end is clamped to the end.
  room_cursor& join(const std::string& room_id, room_actor room,
                    std::string slug, std::uint64_t delivered,
                    std::uint64_t last_seq);

  /// Forgets a room.
  void leave(const std::string& room_id);

  room_cursor* find(const std::string& room_id);
  room_cursor* find_by_slug(const std::string& slug);
  std::unordered_map<std::string, room_cursor>& all() {
    return rooms_;
  }

  /// Classifies a live message of `room_id` with `seq` (updates `known`).
  live_action on_live(const std::string& room_id, std::uint64_t seq,
                      bool paused);

  /// Records that `seq` was handed to the connection.
  void delivered(const std::string& room_id, std::uint64_t seq);

  /// Rooms that have undelivered messages and no read in flight.
  std::vector<std::string> lagging() const;

private:
  std::unordered_map<std::string, room_cursor> rooms_;
};

} // namespace agenthub

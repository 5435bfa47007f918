// A one-shot subscriber that waits for the next committed message of a room
// (MCP's wait_for_messages long-poll).
#pragma once

#include "actors/messages.hpp"

#include <chrono>
#include <functional>
#include <string>
#include <vector>

namespace agenthub {

/// What a wait produced: messages after the seq (empty on timeout), the
/// room's last seq, or an error code.
struct wait_outcome {
  std::vector<message_record> messages;
  std::uint64_t last_seq = 0;
  bool timed_out = false;
  std::string error_code;
  std::string error_message;
};

/// Spawns a waiter: it joins `room` as `agent` (membership is checked),
/// answers at once with what the room holds after `after_seq`, or waits up
/// to `timeout` for the next commit; then it leaves and stops. `done` runs
/// exactly once, on a scheduler thread.
void spawn_waiter(caf::actor_system& sys, room_actor room, std::string agent,
                  std::uint64_t after_seq, std::uint32_t limit,
                  std::chrono::milliseconds timeout,
                  std::function<void(wait_outcome)> done);

} // namespace agenthub

// Internals shared by session.cpp (lifecycle, delivery) and
// session_commands.cpp (client commands). Not for use outside actors/.
#pragma once

#include "actors/errc.hpp"
#include "actors/session.hpp"
#include "actors/session_state.hpp"
#include "actors/stats_meter.hpp"

#include <caf/typed_event_based_actor.hpp>

#include <chrono>
#include <functional>

namespace agenthub::detail {

/// Everything a session actor knows.
struct session_state {
  session_identity who;
  std::shared_ptr<outbound_sink> sink;
  session_deps deps;
  delivery_cursors cursors;
  event_rate_limit rate{30, 100};
  bool paused = false;        ///< the connection's queue overflowed
  unsigned in_flight = 0;     ///< sends awaiting their commit
  int pending_auto_joins = 0; ///< joins before `connected` is sent
  bool connected_sent = false;
  bool closing = false;
  session_meter meter; ///< numbers for the stats collector
  static inline const char* name = "session";
};

using session_pointer = session_actor::stateful_pointer<session_state>;

/// Joins `room_id`: resolves the room actor, subscribes, replies to `ref`
/// (if any) and starts a catch-up when `after_seq` >= 0 lies behind.
void join_room(session_pointer self, const std::string& room_id,
               std::int64_t after_seq, const std::string& ref,
               std::function<void(bool ok)> done = {});

/// Starts reading missed messages of one room (memory first, then log).
void catch_up(session_pointer self, const std::string& room_id);

/// Hands messages read from the log or the ring to the connection in order.
void apply_fetched(session_pointer self, const std::string& room_id,
                   std::vector<message_record>& messages);

/// Handles one decoded client command.
void handle_command(session_pointer self, client_command& cmd);

/// Replies to `ref` with an actor error.
void reply_error(session_pointer self, const std::string& ref,
                 const caf::error& err);

/// True for a text that is a UUID.
bool looks_like_uuid(const std::string& s);

} // namespace agenthub::detail

// The session actor: one per authenticated connection. Identity, joined
// rooms, delivery cursors, rate limit and in-flight bound; codec-free.
#pragma once

#include "actors/messages.hpp"
#include "actors/outbound_sink.hpp"
#include "config/defaults.hpp"

#include <cstdint>
#include <memory>
#include <string>

namespace agenthub {

class blocking_pool;

/// Who is connected (from the verified session JWT).
struct session_identity {
  std::string agent_id;
  std::string name;
  std::string role;
  std::int64_t expires_at = 0;  ///< unix seconds (JWT exp)
  std::string session_id{};     ///< set by hub_runtime::open_session
  std::string framing{};        ///< "ws" | "socketio" (admin views)
  std::string remote_address{}; ///< the peer's IP (admin views)
};

/// What a session needs from the rest of the hub.
struct session_deps {
  registry_actor registry;
  blocking_pool* pool = nullptr; ///< history and catch-up reads
  stats_actor stats{}; ///< where the session reports; null: it does not
  /// Client events per second (SESSION_EVENTS_PER_SECOND; seed: 30).
  unsigned events_per_second = defaults::session_events_per_second;
};

/// Spawns a session. It subscribes to every room the agent belongs to,
/// sends `connected`, then serves client commands until `closed_atom`.
session_actor spawn_session(caf::actor_system& sys, session_identity who,
                            std::shared_ptr<outbound_sink> sink,
                            session_deps deps);

} // namespace agenthub

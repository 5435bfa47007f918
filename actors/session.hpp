// The session actor: one per authenticated connection. Identity, joined
// rooms, delivery cursors, rate limit and in-flight bound; codec-free.
#pragma once

#include "actors/messages.hpp"
#include "actors/outbound_sink.hpp"

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
  std::int64_t expires_at = 0; ///< unix seconds (JWT exp)
};

/// What a session needs from the rest of the hub.
struct session_deps {
  registry_actor registry;
  blocking_pool* pool = nullptr; ///< history and catch-up reads
};

/// Spawns a session. It subscribes to every room the agent belongs to,
/// sends `connected`, then serves client commands until `closed_atom`.
session_actor spawn_session(caf::actor_system& sys, session_identity who,
                            std::shared_ptr<outbound_sink> sink,
                            session_deps deps);

} // namespace agenthub

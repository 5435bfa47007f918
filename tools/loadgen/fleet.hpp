// The agents and rooms a run uses, and the plan they are made from.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace agenthub::loadgen {

/// What a run needs: how many agents, and each room's members (agent
/// indices; the first member creates the room).
struct fleet_plan {
  int agents = 0;
  std::vector<std::vector<int>> room_members;
  /// A fingerprint of the plan: a reuse file fits only the same shape.
  std::string shape() const;
};

/// One agent's credentials.
struct agent_credentials {
  std::string id;
  std::string name;
  std::string api_token;    ///< agt_… (empty for --setup none)
  std::string jwt;          ///< the session JWT the connections present
  std::int64_t jwt_exp = 0; ///< unix seconds (0: unknown)
};

/// One room.
struct room_entry {
  std::string id; ///< the id deliveries carry (UUID, or the name)
  std::string slug;
  std::vector<int> members;
};

/// How the setup went.
struct setup_report {
  std::string provider; ///< "rest", "reuse" or "none"
  double seconds = 0;
  std::uint64_t requests = 0, retries_429 = 0, retries_503 = 0;
  std::uint64_t logins = 0, agents_created = 0, rooms_created = 0;
};

/// The agents and rooms of a run.
struct fleet {
  std::string prefix; ///< run-unique prefix of names and slugs
  std::vector<agent_credentials> agents;
  std::vector<room_entry> rooms;
  /// Connections must send room:join for their rooms (no REST membership).
  bool join_rooms = false;
  /// Connections are ready at CONNECT/upgrade, not at the `connected` event.
  bool ready_without_connected = false;
  setup_report report;
};

} // namespace agenthub::loadgen

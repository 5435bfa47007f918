// From a recording to a replay plan: agents, rooms, connections.
#pragma once

#include "tools/loadgen/client_codec.hpp"
#include "tools/loadgen/fleet.hpp"
#include "tools/loadgen/recording.hpp"

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace agenthub::loadgen {

/// One recorded connection to replay.
struct replay_conn {
  std::int64_t recorded = 0;       ///< its number in the recording
  int agent = 0;                   ///< fresh agent index
  std::optional<framing> wire;     ///< recorded framing, if any
  std::vector<std::size_t> events; ///< indices into recording.events, by t
};

/// What a replay needs: each recorded agent becomes a fresh agent, each
/// recorded room (id or slug, as written) a fresh room whose members are
/// every agent seen in it, each recorded connection a connection of its
/// agent.
struct replay_plan {
  fleet_plan plan;
  std::vector<std::string> agents; ///< recorded agent id per agent index
  std::vector<std::string> rooms;  ///< recorded room per room index
  std::map<std::string, int> room_index;
  std::vector<replay_conn> conns;
  /// Events of connections whose agent is unknown (no connect, no agent).
  std::uint64_t orphan_events = 0;
  /// Time of the last event (seconds).
  double length_s = 0;
};

/// Builds the plan. Events keep file order within equal times.
replay_plan make_replay_plan(const recording& rec);

} // namespace agenthub::loadgen

// The synthetic scenario's agents and rooms.
#include "tools/loadgen/synthetic_plan.hpp"

namespace agenthub::loadgen {

fleet_plan synthetic_plan(const options& o) {
  fleet_plan p;
  p.agents
    = (o.connections + o.connections_per_agent - 1) / o.connections_per_agent;
  for (int r = 0; r < o.rooms; ++r) {
    std::vector<int> members;
    for (int j = 0; j < o.members_per_room; ++j)
      members.push_back(static_cast<int>(
        (static_cast<long>(r) * o.members_per_room + j) % p.agents));
    p.room_members.push_back(std::move(members));
  }
  return p;
}

} // namespace agenthub::loadgen

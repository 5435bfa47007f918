// From a recording to a replay plan.
#include "tools/loadgen/replay_plan.hpp"

#include <algorithm>
#include <numeric>
#include <set>

namespace agenthub::loadgen {

replay_plan make_replay_plan(const recording& rec) {
  replay_plan out;
  auto& ev = rec.events;
  std::vector<std::size_t> order(ev.size());
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(
    order.begin(), order.end(),
    [&](std::size_t a, std::size_t b) { return ev[a].t < ev[b].t; });
  // Each connection's agent: its connect event, else the first event that
  // names one.
  std::map<std::int64_t, std::string> conn_agent;
  for (auto i : order)
    if (ev[i].kind == recorded_kind::connect)
      conn_agent.emplace(ev[i].conn, ev[i].agent);
  for (auto i : order)
    if (!ev[i].agent.empty())
      conn_agent.emplace(ev[i].conn, ev[i].agent);
  std::map<std::string, int> agent_index;
  std::map<std::int64_t, std::size_t> conn_index;
  std::vector<std::set<int>> members_seen;
  std::vector<std::vector<int>> members;
  for (auto i : order) {
    auto& e = ev[i];
    auto a = conn_agent.find(e.conn);
    if (a == conn_agent.end()) {
      ++out.orphan_events;
      continue;
    }
    auto [ai, new_agent]
      = agent_index.emplace(a->second, static_cast<int>(out.agents.size()));
    if (new_agent)
      out.agents.push_back(a->second);
    auto [ci, new_conn] = conn_index.emplace(e.conn, out.conns.size());
    if (new_conn) {
      replay_conn c;
      c.recorded = e.conn;
      c.agent = ai->second;
      out.conns.push_back(c);
    }
    auto& c = out.conns[ci->second];
    if (!c.wire && !e.framing.empty())
      c.wire = parse_framing(e.framing);
    c.events.push_back(i);
    out.length_s = std::max(out.length_s, e.t);
    if (e.room.empty())
      continue;
    auto [ri, new_room]
      = out.room_index.emplace(e.room, static_cast<int>(out.rooms.size()));
    if (new_room) {
      out.rooms.push_back(e.room);
      members_seen.emplace_back();
      members.emplace_back();
    }
    auto r = static_cast<std::size_t>(ri->second);
    if (members_seen[r].insert(ai->second).second)
      members[r].push_back(ai->second);
  }
  out.plan.agents = static_cast<int>(out.agents.size());
  out.plan.room_members = std::move(members);
  return out;
}

} // namespace agenthub::loadgen

// Room rules: who may join and publish, presence transitions, the ring.
#include "actors/room_state.hpp"

#include "config/defaults.hpp"

namespace agenthub {

void room_state::load(room_snapshot&& snap) {
  loaded = true;
  found = snap.found;
  load_error = std::move(snap.error);
  if (!found)
    return;
  slug = std::move(snap.slug);
  is_public = snap.is_public;
  archived = snap.archived;
  members = {snap.members.begin(), snap.members.end()};
  last_seq = 0;
  for (auto& m : snap.recent)
    commit(m);
  // The ring must end at the room's last seq to serve resumes from memory.
  last_seq = std::max(last_seq, snap.last_seq);
  if (!ring.empty() && ring.back().seq != last_seq) {
    ring.clear();
    ring_bytes = 0;
  }
}

errc room_state::check_join(const std::string& agent) const {
  if (!load_error.empty())
    return errc::db_unavailable;
  if (!found)
    return errc::room_not_found;
  if (archived)
    return errc::room_archived;
  if (members.count(agent) == 0)
    return errc::not_member;
  return errc::none;
}

errc room_state::check_publish(const std::string& agent) const {
  return check_join(agent);
}

std::optional<presence_entry>
room_state::subscribe(const session_actor& s, const std::string& agent,
                      const std::string& now_iso) {
  auto addr = caf::actor_cast<caf::actor_addr>(s);
  auto [it, inserted] = subscribers.emplace(
    addr, room_subscriber{s, agent, std::chrono::steady_clock::now()});
  if (!inserted)
    return std::nullopt;
  last_seen[agent] = now_iso;
  if (++online[agent] == 1)
    return presence_entry{agent, "online", now_iso};
  return std::nullopt;
}

std::optional<presence_entry>
room_state::unsubscribe(const caf::actor_addr& addr,
                        const std::string& now_iso) {
  auto i = subscribers.find(addr);
  if (i == subscribers.end())
    return std::nullopt;
  auto agent = i->second.agent_id;
  subscribers.erase(i);
  last_seen[agent] = now_iso;
  auto o = online.find(agent);
  if (o != online.end() && --o->second == 0) {
    online.erase(o);
    return presence_entry{agent, "offline", now_iso};
  }
  return std::nullopt;
}

join_result room_state::join_info() const {
  return join_result{id, slug, last_seq, presence()};
}

bool room_state::commit(const message_record& m) {
  if (m.seq <= last_seq)
    return false;
  if (!ring.empty() && m.seq != ring.back().seq + 1) {
    ring.clear();
    ring_bytes = 0;
  }
  last_seq = m.seq;
  ring.push_back(m);
  ring_bytes += m.body.size() + 160;
  while (!ring.empty()
         && (ring.size() > defaults::room_ring_messages
             || ring_bytes > defaults::room_ring_bytes)) {
    ring_bytes -= ring.front().body.size() + 160;
    ring.pop_front();
  }
  return true;
}

fetch_result room_state::fetch(std::uint64_t after, std::uint32_t max) const {
  fetch_result r;
  if (after >= last_seq) {
    r.complete = true;
    return r;
  }
  if (ring.empty() || ring.front().seq > after + 1)
    return r; // memory does not reach back: read PostgreSQL
  r.complete = true;
  for (const auto& m : ring) {
    if (m.seq <= after)
      continue;
    if (r.messages.size() >= max)
      break;
    r.messages.push_back(m);
  }
  return r;
}

std::vector<presence_entry> room_state::presence() const {
  std::vector<presence_entry> out;
  out.reserve(members.size());
  for (const auto& agent : members) {
    auto seen = last_seen.find(agent);
    out.push_back({agent, online.count(agent) ? "online" : "offline",
                   seen == last_seen.end() ? "" : seen->second});
  }
  return out;
}

void room_state::heartbeat(const caf::actor_addr& addr,
                           std::chrono::steady_clock::time_point now) {
  if (auto i = subscribers.find(addr); i != subscribers.end())
    i->second.last_heartbeat = now;
}

std::vector<session_actor> room_state::set_member(const std::string& agent,
                                                  bool added) {
  std::vector<session_actor> dropped;
  if (added) {
    members.insert(agent);
    return dropped;
  }
  members.erase(agent);
  for (const auto& [addr, sub] : subscribers)
    if (sub.agent_id == agent)
      dropped.push_back(sub.handle);
  return dropped;
}

std::vector<presence_entry>
room_state::prune_stale(std::chrono::steady_clock::time_point now,
                        std::chrono::steady_clock::duration stale_after,
                        const std::string& now_iso) {
  std::vector<caf::actor_addr> stale;
  for (const auto& [addr, sub] : subscribers)
    if (now - sub.last_heartbeat > stale_after)
      stale.push_back(addr);
  std::vector<presence_entry> changes;
  for (const auto& addr : stale)
    if (auto c = unsubscribe(addr, now_iso))
      changes.push_back(*c);
  return changes;
}

std::chrono::steady_clock::duration
room_state::idle_for(std::chrono::steady_clock::duration tick) {
  if (subscribers.empty() && in_flight == 0 && stash.empty())
    idle += tick;
  else
    idle = {};
  return idle;
}

} // namespace agenthub

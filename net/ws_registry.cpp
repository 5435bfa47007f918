// Connection bookkeeping and the flood guard.
#include "net/ws_registry.hpp"

#include "config/defaults.hpp"

#include <algorithm>

namespace agenthub::net {

bool ws_registry::acquire(const std::string& agent_id) {
  std::lock_guard<std::mutex> g{mutex_};
  auto& n = per_agent_[agent_id];
  if (n >= defaults::max_connections_per_agent)
    return false;
  ++n;
  return true;
}

void ws_registry::release(const std::string& agent_id) {
  std::lock_guard<std::mutex> g{mutex_};
  if (auto i = per_agent_.find(agent_id);
      i != per_agent_.end() && --i->second == 0)
    per_agent_.erase(i);
}

void ws_registry::track(const std::shared_ptr<ws_connection>& c,
                        const std::string& agent_id) {
  std::lock_guard<std::mutex> g{mutex_};
  live_[c.get()] = tracked{c, agent_id};
}

void ws_registry::untrack(const ws_connection* c) {
  std::lock_guard<std::mutex> g{mutex_};
  live_.erase(c);
}

std::vector<std::shared_ptr<ws_connection>>
ws_registry::connections(const std::string& agent_id) {
  std::vector<std::shared_ptr<ws_connection>> out;
  std::lock_guard<std::mutex> g{mutex_};
  for (auto& [p, t] : live_)
    if (agent_id.empty() || t.agent_id == agent_id)
      if (auto c = t.conn.lock())
        out.push_back(c);
  return out;
}

double flood_guard::rate_for(unsigned events_per_second) {
  return std::max(100.0, 2.0 * events_per_second);
}

bool flood_guard::allow() {
  auto now = std::chrono::steady_clock::now();
  std::chrono::duration<double> dt = now - last_;
  last_ = now;
  tokens_ = std::min(burst_, tokens_ + dt.count() * rate_);
  if (tokens_ < 1.0) {
    ++refused_;
    return false;
  }
  tokens_ -= 1.0;
  return true;
}

} // namespace agenthub::net

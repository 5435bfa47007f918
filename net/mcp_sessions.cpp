// MCP session table: random ids, idle expiry, a bound on the count.
#include "net/mcp_sessions.hpp"

#include "config/defaults.hpp"
#include "net/auth/base64.hpp"
#include "net/auth/random.hpp"

namespace agenthub::net {

std::string mcp_sessions::create(const std::string& agent_id,
                                 const std::string& protocol_version) {
  auto id = auth::base64url_encode(auth::random_bytes(32));
  auto now = std::chrono::steady_clock::now();
  std::lock_guard<std::mutex> g{mutex_};
  if (sessions_.size() >= defaults::mcp_max_sessions)
    evict(now);
  sessions_[id] = mcp_session{agent_id, protocol_version, now};
  return id;
}

std::optional<mcp_session> mcp_sessions::use(const std::string& id,
                                             const std::string& agent_id) {
  auto now = std::chrono::steady_clock::now();
  std::lock_guard<std::mutex> g{mutex_};
  auto i = sessions_.find(id);
  if (i == sessions_.end() || i->second.agent_id != agent_id)
    return std::nullopt;
  if (now - i->second.last_used > defaults::mcp_session_idle) {
    sessions_.erase(i);
    return std::nullopt;
  }
  i->second.last_used = now;
  return i->second;
}

bool mcp_sessions::remove(const std::string& id, const std::string& agent_id) {
  std::lock_guard<std::mutex> g{mutex_};
  auto i = sessions_.find(id);
  if (i == sessions_.end() || i->second.agent_id != agent_id)
    return false;
  sessions_.erase(i);
  return true;
}

void mcp_sessions::evict(std::chrono::steady_clock::time_point now) {
  // Drop expired sessions; if none expired, drop the least recently used.
  auto oldest = sessions_.end();
  for (auto i = sessions_.begin(); i != sessions_.end();) {
    if (now - i->second.last_used > defaults::mcp_session_idle) {
      i = sessions_.erase(i);
      continue;
    }
    if (oldest == sessions_.end()
        || i->second.last_used < oldest->second.last_used)
      oldest = i;
    ++i;
  }
  if (sessions_.size() >= defaults::mcp_max_sessions
      && oldest != sessions_.end())
    sessions_.erase(oldest);
}

} // namespace agenthub::net

// MCP sessions (Mcp-Session-Id): minted at initialize, bound to the agent.
#pragma once

#include <chrono>
#include <map>
#include <mutex>
#include <optional>
#include <string>

namespace agenthub::net {

/// One MCP session.
struct mcp_session {
  std::string agent_id;
  std::string protocol_version;
  std::chrono::steady_clock::time_point last_used;
};

/// Bounded, thread-safe session table.
class mcp_sessions {
public:
  /// Creates a session for `agent_id`; returns its id (43 url-safe chars).
  std::string create(const std::string& agent_id,
                     const std::string& protocol_version);

  /// The session if it exists, is not idle-expired and belongs to
  /// `agent_id` (a session id is useless with another agent's JWT).
  std::optional<mcp_session> use(const std::string& id,
                                 const std::string& agent_id);

  /// Ends a session; false if it did not exist for this agent.
  bool remove(const std::string& id, const std::string& agent_id);

private:
  void evict(std::chrono::steady_clock::time_point now);

  std::mutex mutex_;
  std::map<std::string, mcp_session> sessions_;
};

} // namespace agenthub::net

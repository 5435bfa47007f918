// MCP sessions (Mcp-Session-Id): minted at initialize, bound to the agent,
// listed by /admin under an id of their own.
#pragma once

#include <array>
#include <chrono>
#include <cstdint>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

namespace agenthub::net {

/// Requests per second over the admin's 10 s window
/// (defaults::stats_short_window): one counter per second, reused in a ring.
struct request_counter {
  static constexpr std::size_t slots_n = 10;
  std::uint64_t total = 0;
  std::array<std::uint32_t, slots_n> slots{};
  std::int64_t last_second = 0; ///< steady-clock second of the newest slot

  /// Counts one request made in steady-clock second `second`.
  void add(std::int64_t second);

  /// Requests per second over the window that ends at `now_second`.
  double per_second(std::int64_t now_second) const;
};

/// Who opens a session: the initialize request's agent and peer.
struct mcp_opener {
  std::string agent_id;
  std::string agent_name;
  std::string remote_address;
  std::string protocol_version;
};

/// One MCP session.
struct mcp_session {
  std::string admin_id; ///< UUIDv7 that /admin shows instead of the id
  mcp_opener opener;
  std::chrono::system_clock::time_point created_at;
  std::chrono::system_clock::time_point last_used_at;
  std::chrono::steady_clock::time_point last_used; ///< for idle expiry
  request_counter requests;
};

/// What an operator sees of a session: everything but its session id,
/// which is a bearer credential.
struct mcp_session_info {
  std::string admin_id;
  std::string agent_id;
  std::string agent_name;
  std::string remote_address;
  std::string connected_at; ///< ISO 8601 UTC
  std::string last_used_at; ///< ISO 8601 UTC
  std::uint64_t requests = 0;
  double requests_per_sec = 0; ///< over the last 10 s
};

/// A page of sessions by admin id.
struct mcp_session_page {
  std::vector<mcp_session_info> items;
  bool more = false; ///< sessions follow the last item
};

/// Bounded (in total and per agent), thread-safe session table. Calls hold
/// the mutex for a lookup or a page (count() and the evictions scan), so an
/// admin read never waits on a busy actor.
class mcp_sessions {
public:
  /// Creates a session for `who`; returns its id (43 url-safe chars).
  std::string create(mcp_opener who);

  /// The session if it exists, is not idle-expired and belongs to
  /// `agent_id` (a session id is useless with another agent's JWT).
  /// Counts the request.
  std::optional<mcp_session> use(const std::string& id,
                                 const std::string& agent_id);

  /// Ends a session; false if it did not exist for this agent.
  bool remove(const std::string& id, const std::string& agent_id);

  /// Up to `limit` live sessions whose admin id sorts after `after` ("" for
  /// the first page), by admin id.
  mcp_session_page page(const std::string& after, std::size_t limit);

  /// The live session with this admin id.
  std::optional<mcp_session_info> find(const std::string& admin_id);

  /// Ends the session with this admin id (an operator's kick): its next
  /// request is answered like an expired one. False if there is none.
  bool kick(const std::string& admin_id);

  /// Live sessions (forgets the idle-expired ones).
  std::size_t count();

  /// Ends every session of an agent (it was disabled); returns how many.
  std::size_t remove_agent(const std::string& agent_id);

private:
  using table = std::map<std::string, mcp_session>;

  void evict(std::chrono::steady_clock::time_point now);
  void evict_agent_lru(const std::string& agent_id);
  table::iterator erase(table::iterator i);
  static bool expired(const mcp_session& s,
                      std::chrono::steady_clock::time_point now);
  static mcp_session_info info_of(const mcp_session& s,
                                  std::chrono::steady_clock::time_point now);

  std::mutex mutex_;
  table sessions_; ///< by SHA-256 of the session id (never the id itself)
  std::map<std::string, std::string> admin_;     ///< admin id -> table key
  std::map<std::string, std::size_t> per_agent_; ///< sessions per agent
};

} // namespace agenthub::net

// What the admin routes read besides the stats collector: the listener,
// which is created after the routes (app/ fills these in before the server
// starts), and the MCP session table, which no actor holds.
#pragma once

#include <cstddef>
#include <functional>

namespace agenthub::net {

class mcp_sessions;

/// Counters of the HTTP listener and the WebSocket endpoint (unset
/// functions read as 0), and the MCP sessions (none when null).
struct admin_sources {
  std::function<std::size_t()> connections; ///< open TCP connections
  std::function<std::size_t()> websockets;  ///< open WebSocket connections
  mcp_sessions* mcp = nullptr; ///< listed with framing "mcp"; outlives routes
};

} // namespace agenthub::net

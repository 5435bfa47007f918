// What GET /admin/system reads from the listener, which is created after the
// routes: app/ fills these in before the server starts.
#pragma once

#include <cstddef>
#include <functional>

namespace agenthub::net {

/// Counters of the HTTP listener and the WebSocket endpoint. Unset
/// functions read as 0.
struct admin_sources {
  std::function<std::size_t()> connections; ///< open TCP connections
  std::function<std::size_t()> websockets;  ///< open WebSocket connections
};

} // namespace agenthub::net

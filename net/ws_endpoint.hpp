// WebSocket upgrades for `/ws` (plain JSON) and `/socket.io/` (Engine.IO +
// Socket.IO): handshake checks, authentication, per-agent limits, and the
// live-connection registry used at shutdown and when an agent is disabled.
#pragma once

#include "net/socketio_protocol.hpp"
#include "net/upgrade_handler.hpp"

#include <memory>

namespace agenthub::net {

class dispatcher;

/// The upgrade handler of the HTTP server.
class ws_endpoint : public upgrade_handler {
public:
  ws_endpoint(dispatcher& d, socketio_timing timing);
  ~ws_endpoint() override;

  bool handles(const std::string& path) const override;
  void upgrade(beast::tcp_stream stream, beast_request req,
               std::shared_ptr<const http_request> view, std::string leftover,
               std::shared_ptr<void> slot) override;

  /// Closes every open connection with `code` (1001 at shutdown).
  void close_all(std::uint16_t code, const std::string& reason);

  /// Closes every connection of one agent with `code`.
  void close_agent(const std::string& agent_id, std::uint16_t code,
                   const std::string& reason);

  /// Records client events to `r` (null stops recording).
  void set_recorder(class traffic_recorder* r);

  /// Open WebSocket connections.
  std::size_t open_connections() const;

  struct impl;

private:
  std::unique_ptr<impl> impl_;
};

/// True for the Socket.IO path ("/socket.io" or "/socket.io/").
bool is_socketio_path(const std::string& path);

} // namespace agenthub::net

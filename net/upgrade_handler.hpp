// Hand-off point from an HTTP connection to a WebSocket session.
#pragma once

#include "net/beast.hpp"
#include "net/http_types.hpp"

#include <memory>

namespace agenthub::net {

/// Takes over a TCP stream whose request asked for a WebSocket upgrade.
class upgrade_handler {
public:
  virtual ~upgrade_handler() = default;

  /// True if this handler serves `path` (e.g. "/ws", "/socket.io/").
  virtual bool handles(const std::string& path) const = 0;

  /// Takes ownership of the stream; accepts or rejects the upgrade.
  /// `leftover` holds bytes read past the request (a client may pipeline
  /// its first frame). `slot` is the connection's place in the listener's
  /// connection cap: keep it as long as the socket lives.
  virtual void upgrade(beast::tcp_stream stream, beast_request req,
                       std::shared_ptr<const http_request> view,
                       std::string leftover, std::shared_ptr<void> slot)
    = 0;
};

} // namespace agenthub::net

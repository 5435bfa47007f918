// The /ws protocol for the CLI: connect with the session JWT, requests
// matched to replies by `ref`, and the events in between.
#pragma once

#include <nlohmann/json.hpp>

#include "app/cli/transport.hpp"

#include <chrono>
#include <cstdint>
#include <deque>
#include <optional>
#include <stdexcept>
#include <string>

namespace agenthub::cli {

class hub_client;

/// The hub closed the WebSocket (or the connection was lost: code 1006).
class connection_closed : public std::runtime_error {
public:
  explicit connection_closed(close_info info);
  /// The close code and reason.
  const close_info& info() const {
    return info_;
  }

private:
  close_info info_;
};

/// True for close codes after which reconnecting makes sense
/// (docs/protocol.md, "Close codes").
bool may_reconnect(std::uint16_t close_code);

/// True for `message:send` / `room:join` error codes worth retrying.
bool retryable_ws_error(const std::string& code);

/// One authenticated /ws connection. Failures throw cli::failure (exit 5
/// for transport trouble, 130 on SIGINT) or connection_closed.
class hub_socket {
public:
  /// Connects with `hub.jwt()` (once more with a fresh JWT if the upgrade
  /// is refused 401) and waits up to `timeout` for the `connected` event.
  hub_socket(hub_client& hub, std::chrono::milliseconds timeout);
  ~hub_socket();

  /// The `connected` event's data.
  const nlohmann::json& connected() const {
    return connected_;
  }

  /// Sends `{type, ref, data}` and waits up to `timeout` for the reply with
  /// that ref; other frames are queued for `next_event`. Returns the reply
  /// frame (`ok` true or false).
  nlohmann::json request(const std::string& type, const nlohmann::json& data,
                         std::chrono::milliseconds timeout);

  /// The next event (queued first), or nullopt after `wait`.
  std::optional<nlohmann::json> next_event(std::chrono::milliseconds wait);

  /// Closes normally (1000).
  void close();

private:
  /// The next frame from the socket, or nullopt after `wait`.
  std::optional<nlohmann::json> read_frame(std::chrono::milliseconds wait);

  ws_client ws_;
  nlohmann::json connected_;
  std::deque<nlohmann::json> queued_;
  unsigned next_ref_ = 1;
};

} // namespace agenthub::cli

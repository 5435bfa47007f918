// HTTP requests and a WebSocket connection to the hub: the only place the
// CLI touches sockets (and the only CLI translation unit including Beast).
#pragma once

#include "app/cli/hub_url.hpp"

#include <chrono>
#include <cstdint>
#include <memory>
#include <stdexcept>
#include <string>

namespace agenthub::cli {

/// Why an exchange with the hub failed below HTTP.
enum class transport_fault {
  unreachable, ///< name resolution or TCP connect failed
  timeout,     ///< no answer within the deadline
  io,          ///< the connection broke during the exchange
  interrupted, ///< SIGINT/SIGTERM arrived while waiting
};

/// A failure to talk to the hub at all.
class transport_error : public std::runtime_error {
public:
  transport_error(transport_fault fault, const std::string& message)
    : std::runtime_error(message), fault_(fault) {
  }
  /// What went wrong.
  transport_fault fault() const {
    return fault_;
  }

private:
  transport_fault fault_;
};

/// One HTTP response.
struct http_reply {
  unsigned status = 0;
  std::string body;
  std::string retry_after; ///< the Retry-After header, or ""
};

/// Sends one request on a fresh connection and reads the whole response
/// (at most 16 MiB). `body` is sent as JSON when non-empty. Throws
/// transport_error.
http_reply http_request(const hub_url& url, const std::string& method,
                        const std::string& target, const std::string& bearer,
                        const std::string& body,
                        std::chrono::milliseconds timeout);

/// A WebSocket refused at the upgrade: the hub's HTTP answer.
class upgrade_refused : public std::runtime_error {
public:
  upgrade_refused(http_reply reply)
    : std::runtime_error("WebSocket upgrade refused"),
      reply_(std::move(reply)) {
  }
  /// The refusal (status and error envelope).
  const http_reply& reply() const {
    return reply_;
  }

private:
  http_reply reply_;
};

/// How a WebSocket connection ended.
struct close_info {
  std::uint16_t code = 1006; ///< 1006: no close frame (connection lost)
  std::string reason;
};

/// A client WebSocket to the hub's /ws. Not thread-safe. Pings from the hub
/// are answered while `read` waits.
class ws_client {
public:
  ws_client();
  ~ws_client();
  ws_client(const ws_client&) = delete;
  ws_client& operator=(const ws_client&) = delete;

  /// Connects to `<url>/ws` with `Authorization: Bearer <jwt>`. Throws
  /// upgrade_refused (an HTTP answer other than 101) or transport_error.
  void connect(const hub_url& url, const std::string& jwt,
               std::chrono::milliseconds timeout);

  /// Sends one text message (waits at most `timeout`). Throws
  /// transport_error.
  void send(const std::string& text, std::chrono::milliseconds timeout);

  /// What `read` returned.
  enum class result { message, timeout, closed, interrupted };

  /// Waits up to `wait` for the next text message (into `out`). `closed`:
  /// the connection ended; see `closed_with`. A timed-out read stays
  /// pending and continues in the next call.
  result read(std::string& out, std::chrono::milliseconds wait);

  /// How the connection ended (valid after `read` returned `closed`).
  const close_info& closed_with() const;

  /// Sends a normal close (1000) and waits briefly for the answer.
  void close();

private:
  struct impl;
  std::unique_ptr<impl> impl_;
};

} // namespace agenthub::cli

// The HTTP listener: accepts TCP connections and runs them on I/O threads.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>

namespace agenthub::net {

class dispatcher;
class upgrade_handler;

/// Listener options (see config/defaults.hpp for the values and reasons).
struct http_server_options {
  std::string host;
  std::uint16_t port = 0;
  unsigned io_threads = 1;
  std::size_t max_connections = 0;
};

/// Owns the Asio io_context, the acceptor and every connection. Requests go
/// to the dispatcher; WebSocket upgrades go to the upgrade handler if set.
class http_server {
public:
  http_server(dispatcher& d, http_server_options opts);
  ~http_server();

  /// Routes WebSocket upgrade requests (set before `start`).
  void set_upgrade_handler(upgrade_handler* h);

  /// Binds and listens; returns the bound port. Throws std::runtime_error
  /// with a clear message (e.g. "address already in use").
  std::uint16_t start();

  /// Starts the I/O threads.
  void run();

  /// Stops accepting; connections close after their current response.
  void stop_accepting();

  /// Requests being processed (read complete, response not yet written).
  std::size_t in_flight() const;

  /// Open TCP connections (HTTP and WebSocket).
  std::size_t connections() const;

  /// Stops the I/O threads and joins them; open connections are dropped.
  void stop();

  struct impl;

private:
  std::unique_ptr<impl> impl_;
};

} // namespace agenthub::net

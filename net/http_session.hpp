// One HTTP/1.1 connection: read a request, dispatch it, write the answer.
#pragma once

#include "net/beast.hpp"

#include <atomic>
#include <memory>

namespace agenthub::net {

class dispatcher;
class upgrade_handler;

/// Counters and switches shared by the listener and its connections.
struct connection_stats {
  std::atomic<std::size_t> connections{0};
  std::atomic<std::size_t> in_flight{0};
  std::atomic<bool> draining{false};
};

/// A keep-alive HTTP connection on its own strand. At most one request is
/// processed at a time (no pipelining), which bounds per-connection memory.
class http_session : public std::enable_shared_from_this<http_session> {
public:
  http_session(tcp::socket socket, dispatcher& d, upgrade_handler* upgrades,
               std::shared_ptr<connection_stats> stats);
  ~http_session();

  /// Starts reading the first request.
  void run();

private:
  void do_read();
  void on_read(beast::error_code ec, std::size_t bytes);
  void handle(beast_request req);
  void send(unsigned status, std::string content_type, std::string body,
            std::vector<std::pair<std::string, std::string>> headers,
            bool close);
  void on_write(bool close, beast::error_code ec, std::size_t bytes);
  void fail_request(unsigned status, const char* code, const char* message);

  beast::tcp_stream stream_;
  beast::flat_buffer buffer_;
  std::unique_ptr<http::request_parser<http::string_body>> parser_;
  std::shared_ptr<http::response<http::string_body>> response_;
  dispatcher& dispatcher_;
  upgrade_handler* upgrades_;
  std::shared_ptr<connection_stats> stats_;
  std::string remote_ip_;
  bool keep_alive_ = false;
  bool counted_in_flight_ = false;
  bool first_request_ = true;
  /// Releases this connection's slot in the listener's connection count when
  /// the last owner (this session, or the WebSocket it became) goes away.
  std::shared_ptr<void> slot_;
};

} // namespace agenthub::net

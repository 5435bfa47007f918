// A small synchronous HTTP/1.1 client for talking to the hub under test.
#pragma once

#include <nlohmann/json.hpp>

#include "tests/support/wait.hpp"

#include <chrono>
#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace agenthub::testing {

/// Request headers in sending order (names as given).
using header_list = std::vector<std::pair<std::string, std::string>>;

/// One HTTP response.
struct http_result {
  unsigned status = 0;
  /// Header values by lower-case name; repeated headers joined by ", ".
  std::map<std::string, std::string> headers;
  std::string body;
  nlohmann::json json; ///< the parsed body, or null if it is not JSON

  /// The value of header `lower_name`, or "" if absent.
  std::string header(const std::string& lower_name) const;

  /// True if the response has header `lower_name`.
  bool has_header(const std::string& lower_name) const;

  /// `json["error"]["code"]`, or "" if the body is not an API error.
  std::string error_code() const;
};

/// What a raw exchange received.
struct raw_result {
  std::string received; ///< every byte read before close or timeout
  bool closed = false;  ///< the hub closed (or reset) the connection
};

/// Talks to 127.0.0.1:`port`, one fresh TCP connection per request.
class http_client {
public:
  /// `source_ip` binds the client side of each connection (any 127.x.y.z
  /// works on loopback), which gives a test its own rate-limit bucket.
  explicit http_client(std::uint16_t port, std::string source_ip = "",
                       std::chrono::milliseconds timeout = request_timeout);

  /// Sends one request and reads the whole response. `content_type` is sent
  /// when non-empty and the request has a body or is a POST/PUT/PATCH.
  /// Throws std::runtime_error if no complete response arrives.
  http_result
  request(const std::string& method, const std::string& path,
          const header_list& headers = {}, const std::string& body = "",
          const std::string& content_type = "application/json") const;

  /// Sends `bytes` verbatim and collects everything the hub sends back until
  /// it closes the connection or `wait` has passed.
  raw_result raw(const std::string& bytes,
                 std::chrono::milliseconds wait
                 = std::chrono::milliseconds{10000}) const;

  /// The port this client talks to.
  std::uint16_t port() const {
    return port_;
  }

private:
  std::uint16_t port_;
  std::string source_ip_;
  std::chrono::milliseconds timeout_;
};

/// One keep-alive connection for tests that need several requests on the
/// same socket (e.g. to talk to a hub that stopped accepting connections).
class http_connection {
public:
  /// Connects to 127.0.0.1:`port`; throws std::runtime_error on failure.
  explicit http_connection(std::uint16_t port,
                           std::chrono::milliseconds timeout = request_timeout);
  ~http_connection();
  http_connection(const http_connection&) = delete;
  http_connection& operator=(const http_connection&) = delete;

  /// Sends a body-less keep-alive request and reads its response. Throws
  /// std::runtime_error if the connection is closed or times out.
  http_result request(const std::string& method, const std::string& path,
                      const header_list& headers = {});

  /// False once the hub has closed the connection (or a request failed).
  bool is_open() const;

private:
  struct impl;
  std::unique_ptr<impl> impl_;
};

/// `{"Authorization": "Bearer <token>"}`.
header_list bearer(const std::string& token);

} // namespace agenthub::testing

// A small synchronous HTTP/1.1 client for the REST setup (keep-alive).
#pragma once

#include <nlohmann/json.hpp>

#include "tools/loadgen/target.hpp"

#include <atomic>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>

namespace agenthub::loadgen {

/// Counters of the REST setup, shared by every client.
struct rest_counters {
  std::atomic<std::uint64_t> requests{0};
  std::atomic<std::uint64_t> retries_429{0};
  std::atomic<std::uint64_t> retries_503{0};
  std::atomic<std::uint64_t> reconnects{0};
};

/// An HTTP response: status, JSON body (null if none or not JSON) and the
/// Retry-After seconds (0 if absent).
struct rest_response {
  int status = 0;
  nlohmann::json body;
  int retry_after = 0;
  /// The error code of an error envelope, or "".
  std::string error_code() const;
};

/// A failure that retries could not overcome.
struct rest_failure : std::runtime_error {
  using std::runtime_error::runtime_error;
};

/// One keep-alive connection to the hub, optionally bound to a source
/// address. Not thread-safe: one per worker thread.
class rest_client {
public:
  rest_client(target t, std::string source_ip, rest_counters& counters);
  ~rest_client();
  rest_client(const rest_client&) = delete;
  rest_client& operator=(const rest_client&) = delete;

  /// Sends one request (reconnecting once if the kept-alive connection was
  /// closed). `body` null: no body. Throws rest_failure on I/O failure.
  rest_response send(const std::string& method, const std::string& path,
                     const std::string& bearer, const nlohmann::json& body);

  /// send(), retrying 429 after Retry-After, 503 with a growing backoff and
  /// I/O failures, for at most `budget_s` seconds. Returns the first answer
  /// that is neither; throws rest_failure when the budget is spent.
  rest_response call(const std::string& method, const std::string& path,
                     const std::string& bearer, const nlohmann::json& body,
                     double budget_s = 600);

private:
  struct impl;
  std::unique_ptr<impl> impl_;
  rest_counters& counters_;
};

} // namespace agenthub::loadgen

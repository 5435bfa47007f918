// The real `agenthub serve` as a child process on an ephemeral port.
#pragma once

#include "tests/support/child_process.hpp"
#include "tests/support/http_client.hpp"
#include "tests/support/temp_dir.hpp"
#include "tests/support/wait.hpp"

#include <cstdint>
#include <memory>
#include <optional>
#include <string>

namespace agenthub::testing {

/// One hub process. It runs with `minimal_environment(env)` plus PORT=0 and
/// HOST=127.0.0.1 (unless `env` sets them), `--port-file` in a private
/// directory, and stdout+stderr in a log file. The destructor kills it.
class hub_process {
public:
  explicit hub_process(env_map env);
  ~hub_process();
  hub_process(const hub_process&) = delete;
  hub_process& operator=(const hub_process&) = delete;

  /// Starts the hub and waits (polling, up to `timeout`) for the port file
  /// and then, if `wait_ready`, for GET /readyz to answer 200. Throws
  /// std::runtime_error with the log's tail if the hub exits or is late.
  void start(bool wait_ready = true,
             std::chrono::milliseconds timeout = startup_timeout);

  /// The bound port (valid after `start`).
  std::uint16_t port() const {
    return port_;
  }

  /// A client for this hub, optionally bound to another loopback address.
  http_client client(const std::string& source_ip = "") const {
    return http_client{port_, source_ip};
  }

  /// SIGTERM, then waits up to `timeout`. Returns the exit status (128 +
  /// signal if killed). On timeout it SIGKILLs and throws.
  int stop(std::chrono::milliseconds timeout = startup_timeout);

  /// Sends `sig` (e.g. SIGTERM) without waiting.
  void send_signal(int sig);

  /// Waits up to `timeout` for the hub to exit; its status, or nullopt.
  std::optional<int> wait_exit(std::chrono::milliseconds timeout);

  /// SIGKILL and reap, without any grace.
  void kill9();

  /// True while the process is alive.
  bool running();

  /// The log so far (stdout and stderr interleaved).
  std::string log() const;

  /// The last `lines` lines of the log.
  std::string log_tail(std::size_t lines = 60) const;

  /// The environment the hub runs with.
  const env_map& env() const {
    return env_;
  }

private:
  env_map env_;
  temp_dir dir_;
  std::unique_ptr<child_process> child_;
  std::uint16_t port_ = 0;
};

/// The last `lines` lines of `text`.
std::string tail_lines(const std::string& text, std::size_t lines);

} // namespace agenthub::testing

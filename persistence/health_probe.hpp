// Periodic database health check on its own thread and connection.
#pragma once

#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <string>
#include <thread>

namespace agenthub::db {

/// Runs `SELECT 1` every `interval` and reports "" (healthy) or the error.
/// Readiness reads the last report instead of querying on a request path.
class health_probe {
public:
  using report_fn = std::function<void(const std::string& error)>;

  health_probe(std::string conninfo, std::chrono::milliseconds interval,
               report_fn report);
  ~health_probe();
  health_probe(const health_probe&) = delete;
  health_probe& operator=(const health_probe&) = delete;

  /// Starts the probe thread (the first check runs at once).
  void start();

  /// Stops and joins the thread.
  void stop();

private:
  void loop();

  std::string conninfo_;
  std::chrono::milliseconds interval_;
  report_fn report_;
  std::mutex mutex_;
  std::condition_variable wake_;
  bool stop_ = false;
  std::thread thread_;
};

} // namespace agenthub::db

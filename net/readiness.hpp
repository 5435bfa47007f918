// Startup progress and dependency health, answered by /healthz and /readyz.
#pragma once

#include <atomic>
#include <chrono>
#include <mutex>
#include <string>

namespace agenthub::net {

/// Shared between the startup sequence, the database probe and the health
/// endpoints. All members are safe to use from any thread.
class readiness {
public:
  readiness() : started_at_(std::chrono::steady_clock::now()) {
  }

  /// Records the current startup step ("connect-database", ...).
  void set_step(const std::string& step) {
    std::lock_guard<std::mutex> g{mutex_};
    step_ = step;
  }

  /// Marks startup complete.
  void set_started() {
    started_.store(true);
    set_step("ready");
  }

  /// Records the last database probe result ("" = ok).
  void set_db_error(const std::string& error) {
    std::lock_guard<std::mutex> g{mutex_};
    db_error_ = error;
    db_ok_.store(error.empty());
  }

  /// Marks the process as stopping (readiness turns 503 at once so load
  /// balancers drain it).
  void set_stopping() {
    stopping_.store(true);
  }

  bool started() const {
    return started_.load();
  }
  bool stopping() const {
    return stopping_.load();
  }
  bool db_ok() const {
    return db_ok_.load();
  }
  std::string step() const {
    std::lock_guard<std::mutex> g{mutex_};
    return step_;
  }
  std::string db_error() const {
    std::lock_guard<std::mutex> g{mutex_};
    return db_error_;
  }
  double uptime_seconds() const {
    return std::chrono::duration<double>(std::chrono::steady_clock::now()
                                         - started_at_)
      .count();
  }

private:
  std::chrono::steady_clock::time_point started_at_;
  std::atomic<bool> started_{false};
  std::atomic<bool> stopping_{false};
  std::atomic<bool> db_ok_{false};
  mutable std::mutex mutex_;
  std::string step_ = "starting";
  std::string db_error_ = "not checked yet";
};

} // namespace agenthub::net

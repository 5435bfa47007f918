// Records the client events a hub receives, as JSON lines, for replay by
// tools/loadgen. Never records secrets; bodies only when asked to.
#pragma once

#include "actors/records.hpp"

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <fstream>
#include <mutex>
#include <string>
#include <thread>

namespace agenthub::net {

/// Writes one JSON line per client event on its own thread (I/O and
/// scheduler threads only enqueue). Bounded twice: at most `max_queue`
/// lines wait (more are dropped and counted) and at most `max_bytes` are
/// written (then recording stops, with one log line).
///
/// Format: a header `{"agenthub_recording":1,"started":…,"bodies":…}`, then
/// `{"t":<s since start>,"conn":<n>,"agent":…,"framing":"ws"|"socketio",
/// "event":…,"room":…,"size":<bytes>,"clientMsgId":<bool>[,"body":…]}`
/// with event connect/disconnect or a client event name.
class traffic_recorder {
public:
  /// Opens (truncates) `path`. Throws std::runtime_error if it cannot.
  traffic_recorder(const std::string& path, bool bodies, std::size_t max_bytes);
  ~traffic_recorder();
  traffic_recorder(const traffic_recorder&) = delete;
  traffic_recorder& operator=(const traffic_recorder&) = delete;

  /// A fresh connection number.
  std::uint64_t next_connection() {
    return ++connections_;
  }

  /// A connection of `agent` opened or closed.
  void connection_event(std::uint64_t conn, const std::string& agent,
                        const char* framing, const char* event);

  /// A decoded client event of `size` bytes on the wire.
  void client_event(std::uint64_t conn, const std::string& agent,
                    const char* framing, const client_command& cmd,
                    std::size_t size);

  /// Lines dropped because the queue was full.
  std::uint64_t dropped() const {
    return dropped_.load();
  }

private:
  void push(std::string line);
  void run();
  double now() const;

  std::ofstream out_;
  bool bodies_;
  std::size_t max_bytes_;
  std::size_t written_ = 0;
  std::chrono::steady_clock::time_point start_;
  std::atomic<std::uint64_t> connections_{0};
  std::atomic<std::uint64_t> dropped_{0};
  std::mutex mutex_;
  std::condition_variable wake_;
  std::deque<std::string> queue_;
  bool stop_ = false;
  std::thread thread_;
};

} // namespace agenthub::net

// The open WebSocket connections of this node: per-agent limits, lookup by
// agent (disable), and all of them (shutdown).
#pragma once

#include "net/ws_connection.hpp"

#include <chrono>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

namespace agenthub::net {

/// Thread-safe registry shared by every WebSocket protocol.
class ws_registry {
public:
  /// Takes one of the agent's connection slots; false at the limit.
  bool acquire(const std::string& agent_id);

  /// Returns a slot taken with acquire.
  void release(const std::string& agent_id);

  /// Records a connection, with its agent once known ("" before).
  void track(const std::shared_ptr<ws_connection>& c,
             const std::string& agent_id);

  /// Forgets a connection.
  void untrack(const ws_connection* c);

  /// Open connections of one agent, or all when `agent_id` is "".
  std::vector<std::shared_ptr<ws_connection>>
  connections(const std::string& agent_id);

  /// Where client events are recorded (null: not recording).
  void set_recorder(class traffic_recorder* r) {
    recorder_ = r;
  }
  class traffic_recorder* recorder() const {
    return recorder_;
  }

  /// Counters shared with every connection.
  const std::shared_ptr<ws_stats>& stats() const {
    return stats_;
  }

  /// Frames per second each new connection's flood guard allows (set once,
  /// before the listener starts).
  void set_frame_rate(double per_second) {
    frame_rate_ = per_second;
  }
  double frame_rate() const {
    return frame_rate_;
  }

private:
  struct tracked {
    std::weak_ptr<ws_connection> conn;
    std::string agent_id;
  };

  std::mutex mutex_;
  std::map<std::string, unsigned> per_agent_;
  std::map<const ws_connection*, tracked> live_;
  std::shared_ptr<ws_stats> stats_ = std::make_shared<ws_stats>();
  class traffic_recorder* recorder_ = nullptr;
  double frame_rate_ = 100.0;
};

/// A per-connection flood guard in front of the session's 30 events/s limit:
/// it bounds what can pile up in the session's mailbox (100/s, burst 200;
/// twice the session's limit when SESSION_EVENTS_PER_SECOND raises it).
class flood_guard {
public:
  /// Frames per second allowed for a session limit of `events_per_second`.
  static double rate_for(unsigned events_per_second);

  explicit flood_guard(double per_second = 100.0)
    : rate_(per_second), burst_(2 * per_second), tokens_(burst_) {
  }

  /// True if this frame may be forwarded.
  bool allow();

  /// True once so many frames were refused that the peer is flooding.
  bool flooding() const {
    return refused_ > 1000;
  }

private:
  double rate_;
  double burst_;
  double tokens_;
  std::chrono::steady_clock::time_point last_
    = std::chrono::steady_clock::now();
  unsigned refused_ = 0;
};

} // namespace agenthub::net

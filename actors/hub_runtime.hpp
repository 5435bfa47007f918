// The actor side of the hub as net/ sees it: sessions, membership notices,
// writer health. Keeps CAF out of net/'s headers.
#pragma once

#include "actors/outbound_sink.hpp"
#include "actors/records.hpp"
#include "actors/session.hpp"

#include <chrono>
#include <cstddef>
#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace caf {
class actor_system;
} // namespace caf

namespace agenthub {

class blocking_pool;

/// A connection's handle on its session actor. Thread-safe; never blocks.
class session_link {
public:
  virtual ~session_link() = default;
  /// Hands a decoded client event to the session.
  virtual void command(client_command cmd) = 0;
  /// The connection's queue has room again after an overflow.
  virtual void drained() = 0;
  /// The connection closed; the session leaves its rooms and stops.
  virtual void closed() = 0;
};

/// The answer to a request made from outside the actors (MCP tools): a
/// value, or a stable error code and message.
template <class T>
struct outcome {
  T value{};
  std::string error_code; ///< "" on success
  std::string error_message;
};

/// Messages after a seq (MCP wait_for_messages).
struct wait_result {
  std::vector<message_record> messages;
  std::uint64_t last_seq = 0;
  bool timed_out = false;
};

/// Owns the persistence writer and the room registry.
class hub_runtime {
public:
  /// Spawns `writers` persistence writers (each with its own PostgreSQL
  /// connection; rooms are spread over them by id) and the registry.
  hub_runtime(caf::actor_system& sys, blocking_pool& pool, std::string conninfo,
              unsigned writers = defaults::db_writers);
  ~hub_runtime();
  hub_runtime(const hub_runtime&) = delete;
  hub_runtime& operator=(const hub_runtime&) = delete;

  /// Spawns a session for a new connection. The sink must outlive nothing:
  /// the session keeps it alive until it stops.
  std::shared_ptr<session_link>
  open_session(session_identity who, std::shared_ptr<outbound_sink> sink);

  /// Client events per second per connection for sessions opened from now
  /// on (SESSION_EVENTS_PER_SECOND; default 30).
  void set_session_event_rate(unsigned per_second);

  /// The REST API changed a room's membership.
  void member_changed(const std::string& room_id, const std::string& agent_id,
                      bool added);

  /// The REST API archived a room.
  void room_archived(const std::string& room_id);

  /// Sends a message as `agent` through the room (same path and guarantees
  /// as a WebSocket send: answered after COMMIT). `done` runs once, on a
  /// scheduler thread.
  void publish(const std::string& agent, const std::string& room_id,
               std::string body, std::string client_msg_id,
               std::function<void(outcome<send_result>)> done);

  /// Waits up to `timeout` for messages after `after_seq` in a room the
  /// agent belongs to; answers at once when some exist in the room's memory.
  void wait_for_messages(const std::string& agent, const std::string& room_id,
                         std::uint64_t after_seq, std::uint32_t limit,
                         std::chrono::milliseconds timeout,
                         std::function<void(outcome<wait_result>)> done);

  /// False while a writer cannot reach PostgreSQL.
  bool writer_healthy() const;

  /// Sends accepted and not yet answered by the writers.
  std::size_t writer_pending() const;

  /// An admin read, answered by the stats collector from the latest reports
  /// (a high-priority request, defaults::stats_read_timeout). `done` runs
  /// once, on a scheduler thread; a system read includes the writer's
  /// queue depth.
  void read_stats(stats_query q, std::function<void(outcome<stats_view>)> done);

  /// Kicks session `id` (its connection closes with 4001); `done(true)` if
  /// it existed. The session is gone from admin reads once `done` ran.
  void kick_session(std::string id, std::function<void(outcome<bool>)> done);

  /// What the actor system says about itself (GET /admin/system).
  struct system_facts {
    std::string node_id;
    std::size_t running_actors = 0;
    std::size_t scheduler_threads = 0;
  };
  system_facts facts() const;

  /// Stops the writer and the registry (rooms stop when idle or with the
  /// system).
  void stop();

  struct impl;

private:
  std::unique_ptr<impl> impl_;
};

} // namespace agenthub

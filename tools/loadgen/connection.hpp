// One client WebSocket connection: Beast stream, own bounded write queue,
// the /ws or Socket.IO framing, and the receive-side invariant trackers.
#pragma once

#include <boost/asio/io_context.hpp>
#include <boost/system/error_code.hpp>

#include "tools/loadgen/client_codec.hpp"
#include "tools/loadgen/delivery_tracker.hpp"
#include "tools/loadgen/run_context.hpp"
#include "tools/loadgen/ws_frames.hpp"

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace agenthub::loadgen {

/// What a connection is.
struct conn_spec {
  std::uint64_t index = 0; ///< connection number (in body stamps)
  int agent = 0;           ///< index into fleet.agents
  framing wire = framing::ws;
  std::string source_ip;  ///< bind address ("" = any)
  std::vector<int> rooms; ///< rooms its agent is a member of
};

/// A send that the server acknowledged.
struct acked_record {
  int room = 0;
  std::uint64_t seq = 0;
  std::int64_t sent_ns = 0;
};

/// One room as this connection sees it.
struct room_track {
  seq_tracker seqs;
  std::int64_t subscribed_ns = -1; ///< when it was subscribed (-1: never)
  bool subscribed = false;         ///< counted in the room's subscribers
  bool left = false;               ///< a room:leave was answered
  /// Seqs above this are not expected: where a recorded disconnect
  /// stopped following the room (unbounded otherwise).
  std::uint64_t close_target = UINT64_MAX;
  std::uint64_t after_leave = 0; ///< deliveries after the leave
};

/// How long a recorded disconnect waits for answers and deliveries.
constexpr std::chrono::seconds linger_limit{5};

/// Bound on queued outbound frames; beyond it sends are refused
/// (counted as backpressure) instead of queueing without bound.
constexpr std::size_t write_queue_limit = 4096;

/// Largest server message accepted (bytes).
constexpr std::size_t max_server_message = 16 * 1024 * 1024;

/// A client connection. Every member function runs on the connection's
/// io_context thread (post to it from elsewhere).
class connection : public std::enable_shared_from_this<connection> {
public:
  connection(boost::asio::io_context& ioc, run_context& ctx, conn_spec spec);
  ~connection();

  /// Connects, upgrades and authenticates; `on_ready(true)` once the
  /// subscriptions are in place (`connected` event, or CONNECT/upgrade plus
  /// room:join replies with --setup none), `on_ready(false)` on failure.
  void start(std::function<void(bool)> on_ready);

  /// Sends one message:send with a stamped body of `size` bytes (or the
  /// stamped `body`). `slot` is handed back to on_send_answer. False when
  /// not sent (not ready, or the write queue is full).
  bool send_message(int room, std::size_t size, const std::string* body,
                    bool client_msg_id, int slot);

  /// Sends another request (room:join, room:leave, message:history,
  /// presence:list) for a room.
  void send_request(const std::string& type, int room);

  /// Closes the connection normally (not counted as lost). `by_replay`: a
  /// recorded disconnect. It lingers (at most linger_limit) until its own
  /// sends are answered and it received, in each room, every seq acked to
  /// anyone so far (the room's close target); then it closes. Seqs above
  /// the targets are not expected from it.
  void close(bool by_replay = false);

  /// Called with the slot of a send and whether it was acknowledged.
  std::function<void(int slot, bool ok)> on_send_answer;

  bool ready() const;
  const conn_spec& spec() const {
    return spec_;
  }
  /// Acknowledged sends, in answer order.
  const std::vector<acked_record>& acked() const {
    return acked_;
  }
  /// Rooms this connection saw, by room index.
  const std::unordered_map<int, room_track>& rooms() const {
    return rooms_;
  }
  /// Closed by the peer or by an error after being ready.
  bool lost() const {
    return lost_;
  }
  /// Closed by a recorded disconnect before the end.
  bool closed_by_replay() const {
    return closed_by_replay_;
  }
  /// Sends never answered (still pending, or lost with the connection).
  std::uint64_t unanswered() const {
    return pending_sends_ + lost_sends_;
  }
  /// Why the connection failed or was lost ("" if it did not).
  const std::string& failure() const {
    return failure_;
  }

private:
  struct impl;
  struct pending {
    bool is_send = false;
    int room = -1;
    std::int64_t sent_ns = 0;
    int slot = -1;
    std::string type;
  };

  // I/O (connection_io.cpp): raw socket, own RFC 6455 framing.
  void send_upgrade();
  void on_upgraded();
  void read_loop();
  void on_readable(boost::system::error_code ec);
  bool consume(const char* data, std::size_t n);
  bool on_server_frame(const server_frame& f);
  void write_next();
  void send_close();
  void enqueue_frame(ws_op op, std::string_view payload);
  void on_frame(std::string_view text);
  void on_reply(const inbound& in);
  void on_send_reply(const pending& p, bool ok, std::uint64_t seq,
                     bool duplicate, const std::string& code);
  void on_request_reply(const pending& p, const inbound& in);
  void on_message_new(const inbound& in);
  void on_delivery(std::string_view room_id, std::uint64_t seq,
                   std::string_view body);
  int room_index(std::string_view id);
  void on_connected(const inbound& in);
  void finish_close();
  void set_close_targets();
  void check_linger();
  void become_ready();
  void announce_ready();
  bool queue_full() const;
  void subscribe(int room);
  void unsubscribe(int room);
  void fail(const std::string& why);
  void enqueue(std::string frame);
  std::uint64_t request(const std::string& type, nlohmann::json data,
                        pending p);

  run_context& ctx_;
  conn_spec spec_;
  std::unique_ptr<impl> impl_;
  std::function<void(bool)> on_ready_;
  std::unordered_map<std::uint64_t, pending> pending_;
  std::unordered_map<int, room_track> rooms_;
  std::vector<acked_record> acked_;
  std::uint64_t next_id_ = 0;
  std::uint64_t next_n_ = 0;
  std::uint64_t pending_sends_ = 0, lost_sends_ = 0;
  int joins_waiting_ = 0;
  bool ready_ = false, lost_ = false, closed_by_replay_ = false;
  bool lingering_ = false, targets_set_ = false;
  std::string failure_;
  std::string last_room_id_; ///< room_index() cache
  int last_room_ = -1;
};

} // namespace agenthub::loadgen

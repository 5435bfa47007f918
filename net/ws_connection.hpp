// One WebSocket connection: RFC 6455 over a TCP socket on its own strand,
// with a byte-bounded write queue that gathers many frames per write.
#pragma once

#include "net/beast.hpp"
#include "net/websocket_frame.hpp"

#include <atomic>
#include <chrono>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

namespace agenthub::net {

class ws_connection;

/// What runs on top of the framing (/ws JSON, Engine.IO/Socket.IO). Called
/// on the connection's strand only.
class ws_protocol {
public:
  virtual ~ws_protocol() = default;
  /// The handshake is done; the protocol may send its greeting.
  virtual void on_open(ws_connection& c) = 0;
  /// A complete text message.
  virtual void on_text(ws_connection& c, std::string text) = 0;
  /// A complete binary message.
  virtual void on_binary(ws_connection& c, std::string data) = 0;
  /// The connection is gone (called exactly once).
  virtual void on_closed(ws_connection& c) = 0;
};

/// Counters shared by every WebSocket connection of a listener.
struct ws_stats {
  std::atomic<std::size_t> open{0};
};

/// The connection. Thread-safe entry points post to the strand.
class ws_connection : public std::enable_shared_from_this<ws_connection> {
public:
  ws_connection(beast::tcp_stream stream, std::shared_ptr<ws_stats> stats,
                std::shared_ptr<void> slot);
  ~ws_connection();

  /// Writes raw bytes (the 101 handshake response) before the WebSocket
  /// starts; `done(ok)` runs on the strand.
  void write_raw(std::shared_ptr<const std::string> bytes,
                 std::function<void(bool)> done);

  /// Starts reading (after the 101 response was written) with `leftover`
  /// bytes already received.
  void start(std::unique_ptr<ws_protocol> proto, std::string leftover);

  /// Queues a complete frame shared with other connections if the queue is
  /// below its high mark; false (nothing queued) otherwise. The
  /// `on_drained` callback runs once the queue falls below its low mark.
  bool send_bounded(std::shared_ptr<const std::string> frame);

  /// Queues a frame that must not be dropped (replies, events). Closes the
  /// connection (4009 slow consumer) if the queue exceeds its hard bound.
  void send(std::string frame);

  /// Sends a close frame and closes the connection.
  void close(std::uint16_t code, std::string reason);

  /// Called (on the strand) after a refused send_bounded once the queue has
  /// room again.
  void set_on_drained(std::function<void()> f);

  /// Bytes queued and not yet written.
  std::size_t queued_bytes() const {
    return queued_.load();
  }

  const std::string& remote_ip() const {
    return remote_ip_;
  }

  /// The connection's strand, for protocol timers.
  beast::tcp_stream::executor_type executor() {
    return stream_.get_executor();
  }

private:
  struct out_frame {
    std::shared_ptr<const std::string> shared;
    std::string owned;
    const std::string& bytes() const {
      return shared ? *shared : owned;
    }
  };

  void enqueue(out_frame f);
  void enqueue_control(std::string frame);
  void push(out_frame f);
  void take_inbox();
  void do_read();
  void on_readable(beast::error_code ec);
  void handle(ws_event& ev);
  void do_write();
  void on_write(beast::error_code ec, std::size_t n, std::size_t frames);
  void start_close(std::uint16_t code, const std::string& reason);
  void finish();
  void arm_ping();

  beast::tcp_stream stream_;
  std::shared_ptr<ws_stats> stats_;
  std::shared_ptr<void> slot_; ///< the listener's connection-cap slot
  std::unique_ptr<ws_protocol> proto_;
  ws_frame_parser parser_;
  std::string remote_ip_;

  std::deque<out_frame> queue_;
  // Frames from other threads wait here; one post moves them all to
  // queue_, so a burst costs one strand hop and leaves in one write.
  std::mutex inbox_mutex_;
  std::vector<out_frame> inbox_;
  std::vector<out_frame> taken_; ///< strand only: inbox_'s spare capacity
  bool inbox_scheduled_ = false; ///< guarded by inbox_mutex_
  std::atomic<std::size_t> queued_{0};
  std::atomic<bool> want_drain_{false};
  std::function<void()> on_drained_;
  bool writing_ = false;

  asio::steady_timer ping_timer_;
  std::chrono::steady_clock::time_point last_activity_;
  bool close_sent_ = false;
  bool finished_ = false;
};

} // namespace agenthub::net

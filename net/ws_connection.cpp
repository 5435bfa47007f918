// WebSocket I/O: parse on read, gather frames on write, ping, close.
#include "net/ws_connection.hpp"

#include "config/defaults.hpp"
#include "net/close_codes.hpp"

#include <boost/asio/steady_timer.hpp>
#include <boost/asio/write.hpp>
#include <spdlog/spdlog.h>

#include <array>

namespace agenthub::net {

ws_connection::ws_connection(beast::tcp_stream stream,
                             std::shared_ptr<ws_stats> stats,
                             std::shared_ptr<void> slot)
  : stream_(std::move(stream)), stats_(std::move(stats)),
    slot_(std::move(slot)), parser_(defaults::ws_max_message_bytes),
    ping_timer_(stream_.get_executor()),
    last_activity_(std::chrono::steady_clock::now()) {
  beast::error_code ec;
  auto ep = stream_.socket().remote_endpoint(ec);
  remote_ip_ = ec ? std::string{"unknown"} : ep.address().to_string();
  stats_->open.fetch_add(1);
}

ws_connection::~ws_connection() {
  stats_->open.fetch_sub(1);
}

void ws_connection::write_raw(std::shared_ptr<const std::string> bytes,
                              std::function<void(bool)> done) {
  asio::async_write(stream_.socket(), asio::buffer(*bytes),
                    [self = shared_from_this(), bytes, done = std::move(done)](
                      beast::error_code ec, std::size_t) { done(!ec); });
}

void ws_connection::start(std::unique_ptr<ws_protocol> proto,
                          std::string leftover) {
  proto_ = std::move(proto);
  proto_->on_open(*this);
  if (!leftover.empty()) {
    std::vector<ws_event> events;
    parser_.feed(leftover.data(), leftover.size(), events);
    for (auto& ev : events)
      handle(ev);
  }
  arm_ping();
  do_read();
}

void ws_connection::set_on_drained(std::function<void()> f) {
  on_drained_ = std::move(f);
}

bool ws_connection::send_bounded(std::shared_ptr<const std::string> frame) {
  auto n = frame->size();
  if (queued_.load() + n > defaults::ws_queue_high_bytes) {
    want_drain_.store(true);
    return false;
  }
  queued_.fetch_add(n);
  push(out_frame{std::move(frame), {}});
  return true;
}

void ws_connection::send(std::string frame) {
  auto n = frame.size();
  if (queued_.fetch_add(n) + n > defaults::ws_queue_hard_bytes) {
    queued_.fetch_sub(n);
    close(close_code::slow_consumer, "slow consumer: outbound queue full");
    return;
  }
  push(out_frame{nullptr, std::move(frame)});
}

// Called from any thread. Only the first frame of a burst posts to the
// strand: a room's fan-out reaches each connection as one strand hop and,
// once a write is under way, one gathered write per burst (issue #5, S1:
// a post and a sendmsg per frame were most of the hub's CPU).
void ws_connection::push(out_frame f) {
  bool schedule = false;
  {
    std::lock_guard<std::mutex> g{inbox_mutex_};
    inbox_.push_back(std::move(f));
    schedule = !inbox_scheduled_;
    inbox_scheduled_ = true;
  }
  if (schedule)
    asio::post(stream_.get_executor(),
               [self = shared_from_this()] { self->take_inbox(); });
}

void ws_connection::take_inbox() {
  {
    std::lock_guard<std::mutex> g{inbox_mutex_};
    taken_.swap(inbox_);
    inbox_scheduled_ = false;
  }
  for (auto& f : taken_) {
    if (finished_ || close_sent_)
      queued_.fetch_sub(f.bytes().size());
    else
      queue_.push_back(std::move(f));
  }
  taken_.clear(); // keeps the capacity for the next burst
  if (!writing_)
    do_write();
}

void ws_connection::close(std::uint16_t code, std::string reason) {
  asio::post(stream_.get_executor(),
             [self = shared_from_this(), code, r = std::move(reason)] {
               self->start_close(code, r);
             });
}

void ws_connection::enqueue(out_frame f) {
  if (finished_ || close_sent_) {
    queued_.fetch_sub(f.bytes().size());
    return;
  }
  queue_.push_back(std::move(f));
  if (!writing_)
    do_write();
}

void ws_connection::enqueue_control(std::string frame) {
  queued_.fetch_add(frame.size());
  enqueue(out_frame{nullptr, std::move(frame)});
}

void ws_connection::do_write() {
  if (queue_.empty() || finished_) {
    writing_ = false;
    return;
  }
  writing_ = true;
  // Many frames, one syscall: per-frame sendmsg dominated the cost in the
  // fan-out spike (caf-notes §3.4).
  std::vector<asio::const_buffer> bufs;
  std::size_t bytes = 0;
  std::size_t frames = 0;
  for (const auto& f : queue_) {
    if (frames == defaults::ws_frames_per_write
        || (frames > 0 && bytes + f.bytes().size() > 256 * 1024))
      break;
    bufs.emplace_back(f.bytes().data(), f.bytes().size());
    bytes += f.bytes().size();
    ++frames;
  }
  asio::async_write(
    stream_.socket(), bufs,
    [self = shared_from_this(), frames](beast::error_code ec, std::size_t n) {
      self->on_write(ec, n, frames);
    });
}

void ws_connection::on_write(beast::error_code ec, std::size_t,
                             std::size_t frames) {
  std::size_t bytes = 0;
  for (std::size_t i = 0; i < frames && !queue_.empty(); ++i) {
    bytes += queue_.front().bytes().size();
    queue_.pop_front();
  }
  queued_.fetch_sub(bytes);
  if (ec) {
    finish();
    return;
  }
  if (want_drain_.load() && queued_.load() < defaults::ws_queue_low_bytes) {
    want_drain_.store(false);
    if (on_drained_)
      on_drained_();
  }
  if (queue_.empty() && close_sent_) {
    // Our close frame is out: stop sending, wait briefly for the peer's.
    beast::error_code ignored;
    stream_.socket().shutdown(tcp::socket::shutdown_send, ignored);
    writing_ = false;
    return;
  }
  do_write();
}

// Waits for readability, then reads into a buffer of the I/O thread: an
// idle connection holds no read buffer. A 16 KiB buffer per connection was
// two thirds of the hub's memory per idle connection (issue #5, S5).
void ws_connection::do_read() {
  stream_.socket().async_wait(
    tcp::socket::wait_read, [self = shared_from_this()](beast::error_code ec) {
      self->on_readable(ec);
    });
}

void ws_connection::on_readable(beast::error_code ec) {
  if (ec) {
    finish();
    return;
  }
  // Used only within this handler: the parser copies what it keeps.
  thread_local std::array<char, 16 * 1024> read_buf;
  auto& sock = stream_.socket();
  if (!sock.non_blocking())
    sock.non_blocking(true, ec);
  auto n = ec ? 0 : sock.read_some(asio::buffer(read_buf), ec);
  if (ec == asio::error::would_block || ec == asio::error::try_again) {
    do_read(); // a spurious wakeup
    return;
  }
  if (ec) {
    finish();
    return;
  }
  last_activity_ = std::chrono::steady_clock::now();
  std::vector<ws_event> events;
  parser_.feed(read_buf.data(), n, events);
  for (auto& ev : events) {
    if (finished_)
      return;
    handle(ev);
  }
  if (!finished_ && !parser_.failed())
    do_read();
}

void ws_connection::handle(ws_event& ev) {
  switch (ev.kind) {
    case ws_event::text:
      if (!close_sent_)
        proto_->on_text(*this, std::move(ev.payload));
      break;
    case ws_event::binary:
      if (!close_sent_)
        proto_->on_binary(*this, std::move(ev.payload));
      break;
    case ws_event::ping:
      enqueue_control(ws_frame(ws_opcode::pong, ev.payload));
      break;
    case ws_event::pong:
      break;
    case ws_event::close:
      if (close_sent_) {
        finish(); // the answer to our close: done
      } else {
        // Echo the code (1005 "no status" is answered with an empty close).
        if (ev.code == 1005) {
          enqueue_control(ws_frame(ws_opcode::close, ""));
          close_sent_ = true;
        } else {
          start_close(ev.code, "");
        }
      }
      break;
    case ws_event::error:
      start_close(ev.code, ev.payload);
      break;
  }
}

void ws_connection::start_close(std::uint16_t code, const std::string& reason) {
  if (close_sent_ || finished_)
    return;
  enqueue_control(ws_close_frame(code, reason));
  close_sent_ = true;
  // Give the peer a moment to answer our close, then drop the socket.
  ping_timer_.expires_after(std::chrono::seconds{5});
  ping_timer_.async_wait([self = shared_from_this()](beast::error_code ec) {
    if (!ec)
      self->finish();
  });
}

void ws_connection::arm_ping() {
  ping_timer_.expires_after(defaults::ws_ping_interval);
  ping_timer_.async_wait([self = shared_from_this()](beast::error_code ec) {
    if (ec || self->close_sent_ || self->finished_)
      return;
    auto idle = std::chrono::steady_clock::now() - self->last_activity_;
    if (idle >= defaults::ws_idle_timeout) {
      self->start_close(close_code::idle_timeout, "idle timeout");
      return;
    }
    self->enqueue_control(ws_frame(ws_opcode::ping, ""));
    self->arm_ping();
  });
}

void ws_connection::finish() {
  if (finished_)
    return;
  finished_ = true;
  beast::error_code ec;
  ping_timer_.cancel();
  stream_.socket().shutdown(tcp::socket::shutdown_both, ec);
  stream_.socket().close(ec);
  // Buffers of a pending write stay alive until its handler pops them.
  if (!writing_) {
    queue_.clear();
    queued_.store(0);
  }
  if (proto_)
    proto_->on_closed(*this);
}

} // namespace agenthub::net

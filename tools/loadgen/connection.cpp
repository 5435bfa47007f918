// The client connection: Beast WebSocket I/O, framing and trackers.
#include "tools/loadgen/connection.hpp"

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/websocket.hpp>

#include "tools/loadgen/body_stamp.hpp"
#include <netinet/in.h>
#include <sys/socket.h>

#include <deque>

namespace agenthub::loadgen {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace websocket = beast::websocket;
using tcp = asio::ip::tcp;
using json = nlohmann::json;

/// The Beast side: stream, read buffer, write queue.
struct connection::impl {
  explicit impl(asio::io_context& ioc) : ws(ioc), linger(ioc) {
  }
  websocket::stream<beast::tcp_stream> ws;
  asio::steady_timer linger; // bounds a recorded disconnect's wait
  beast::flat_buffer buffer;
  std::deque<std::string> queue;
  bool writing = false;
  bool open = false;    // the WebSocket handshake completed
  bool closing = false; // close() was called
};

connection::connection(asio::io_context& ioc, run_context& ctx, conn_spec spec)
  : ctx_(ctx), spec_(std::move(spec)), impl_(std::make_unique<impl>(ioc)) {
}

connection::~connection() = default;

bool connection::ready() const {
  return ready_ && !impl_->closing && impl_->open;
}

void connection::start(std::function<void(bool)> on_ready) {
  on_ready_ = std::move(on_ready);
  auto& o = ctx_.opts;
  auto& sock = beast::get_lowest_layer(impl_->ws).socket();
  tcp::endpoint ep{asio::ip::make_address(o.url.host), o.url.port};
  beast::error_code ec;
  sock.open(ep.protocol(), ec);
  if (!ec && !spec_.source_ip.empty()) {
    // Choose the port at connect time (the 4-tuple), not at bind time:
    // otherwise each source address is limited to one range of ports.
    int one = 1;
    ::setsockopt(sock.native_handle(), IPPROTO_IP, IP_BIND_ADDRESS_NO_PORT,
                 &one, sizeof one);
    sock.bind(tcp::endpoint{asio::ip::make_address(spec_.source_ip), 0}, ec);
  }
  if (ec)
    return fail("socket: " + ec.message());
  beast::get_lowest_layer(impl_->ws).expires_after(
    std::chrono::milliseconds(static_cast<long>(o.connect_timeout * 1000)));
  auto self = shared_from_this();
  beast::get_lowest_layer(impl_->ws).async_connect(
    ep, [self](beast::error_code ec) {
      if (ec)
        return self->fail("connect: " + ec.message());
      auto& s = *self->impl_;
      beast::get_lowest_layer(s.ws).expires_never();
      beast::get_lowest_layer(s.ws).socket().set_option(tcp::no_delay{true});
      s.ws.set_option(
        websocket::stream_base::timeout::suggested(beast::role_type::client));
      std::string bearer;
      if (self->spec_.wire == framing::ws)
        bearer = self->ctx_.fl.agents.at(self->spec_.agent).jwt;
      s.ws.set_option(websocket::stream_base::decorator(
        [bearer](websocket::request_type& req) {
          req.set(beast::http::field::user_agent, "agenthub-loadgen");
          if (!bearer.empty())
            req.set(beast::http::field::authorization, "Bearer " + bearer);
        }));
      s.ws.read_message_max(16 * 1024 * 1024);
      s.ws.async_handshake(self->ctx_.opts.url.host_header,
                           handshake_target(self->spec_.wire),
                           [self](beast::error_code ec) {
                             if (ec)
                               return self->fail("handshake: " + ec.message());
                             self->impl_->open = true;
                             if (self->spec_.wire == framing::ws
                                 && self->ctx_.fl.ready_without_connected)
                               self->become_ready();
                             self->read_loop();
                           });
    });
}

void connection::read_loop() {
  auto self = shared_from_this();
  impl_->ws.async_read(
    impl_->buffer, [self](beast::error_code ec, std::size_t) {
      auto& s = *self->impl_;
      if (ec) {
        self->fail("read: " + ec.message()); // or the end of our close
        return;
      }
      if (s.ws.got_text()) {
        auto data = s.buffer.cdata();
        self->on_frame(
          std::string_view(static_cast<const char*>(data.data()), data.size()));
      }
      s.buffer.consume(s.buffer.size());
      self->read_loop();
    });
}

void connection::fail(const std::string& why) {
  if (impl_->closing) {
    // Closed by us: whatever fails now is the shutdown itself.
    impl_->open = false;
    lost_sends_ += pending_sends_;
    ctx_.counters.outstanding.fetch_sub(pending_sends_);
    pending_sends_ = 0;
    pending_.clear();
    return;
  }
  if (failure_.empty())
    failure_ = why;
  impl_->open = false;
  // Sends that will never be answered leave the outstanding count.
  lost_sends_ += pending_sends_;
  ctx_.counters.outstanding.fetch_sub(pending_sends_);
  pending_sends_ = 0;
  pending_.clear();
  for (auto& [room, t] : rooms_)
    if (t.subscribed)
      unsubscribe(room);
  if (!on_ready_) {
    lost_ = true;
    ctx_.counters.lost.fetch_add(1);
    ctx_.errors.add("connection_lost");
  } else {
    ctx_.counters.failed.fetch_add(1);
    ctx_.errors.add("connect_failed");
    auto cb = std::move(on_ready_);
    on_ready_ = nullptr;
    cb(false);
  }
  beast::error_code ignored;
  beast::get_lowest_layer(impl_->ws).socket().close(ignored);
}

void connection::close(bool by_replay) {
  auto& s = *impl_;
  if (s.closing)
    return;
  if (by_replay && ready()) {
    if (lingering_)
      return;
    lingering_ = true;
    closed_by_replay_ = true;
    s.linger.expires_after(linger_limit);
    auto self = shared_from_this();
    s.linger.async_wait([self](beast::error_code ec) {
      if (!ec)
        self->finish_close(); // waited long enough: missing ones will show
    });
    return check_linger();
  }
  closed_by_replay_ = closed_by_replay_ || by_replay;
  finish_close();
}

void connection::set_close_targets() {
  if (targets_set_)
    return;
  targets_set_ = true;
  for (auto& [room, t] : rooms_) {
    if (!t.subscribed)
      continue;
    auto [seq, sent_ns]
      = ctx_.rooms[static_cast<std::size_t>(room)].highest_acked();
    // The highest acked message, if sent while subscribed; else nothing
    // beyond what already came is expected.
    t.close_target = sent_ns > t.subscribed_ns ? seq : t.seqs.highest();
  }
}

void connection::check_linger() {
  if (!lingering_ || impl_->closing || pending_sends_ > 0)
    return;
  set_close_targets();
  for (auto& [room, t] : rooms_)
    if (t.subscribed && t.seqs.highest() < t.close_target)
      return;
  finish_close();
}

void connection::finish_close() {
  auto& s = *impl_;
  if (s.closing)
    return;
  if (lingering_)
    set_close_targets();
  s.linger.cancel();
  s.closing = true;
  for (auto& [room, t] : rooms_)
    if (t.subscribed)
      unsubscribe(room);
  if (!s.open) {
    beast::error_code ignored;
    beast::get_lowest_layer(s.ws).socket().close(ignored);
    return;
  }
  if (s.writing)
    return; // the write loop closes once the queue is empty
  auto self = shared_from_this();
  s.ws.async_close(websocket::close_code::normal, [self](beast::error_code) {
    // nop: the read loop ends with the close
  });
}

bool connection::queue_full() const {
  return impl_->queue.size() >= write_queue_limit;
}

void connection::enqueue(std::string frame) {
  auto& s = *impl_;
  s.queue.push_back(std::move(frame));
  if (s.writing)
    return;
  write_next();
}

void connection::write_next() {
  auto& s = *impl_;
  if (s.queue.empty()) {
    s.writing = false;
    if (s.closing && s.open) {
      auto self = shared_from_this();
      s.ws.async_close(websocket::close_code::normal,
                       [self](beast::error_code) {
                         // nop: the read loop ends with the close
                       });
    }
    return;
  }
  s.writing = true;
  s.ws.text(true);
  auto self = shared_from_this();
  s.ws.async_write(asio::buffer(s.queue.front()),
                   [self](beast::error_code ec, std::size_t) {
                     auto& st = *self->impl_;
                     st.queue.pop_front();
                     if (ec) {
                       st.writing = false;
                       st.queue.clear();
                       if (!st.closing)
                         self->fail("write: " + ec.message());
                       return;
                     }
                     self->write_next();
                   });
}

} // namespace agenthub::loadgen

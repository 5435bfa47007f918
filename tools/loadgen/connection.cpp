// The client connection's lifecycle: connect, upgrade, fail, close, and
// the linger of a recorded disconnect (I/O: connection_io.cpp).
#include "tools/loadgen/connection.hpp"

#include <boost/asio/ip/tcp.hpp>

#include "tools/loadgen/connection_impl.hpp"
#include <netinet/in.h>
#include <sys/socket.h>

namespace agenthub::loadgen {

namespace asio = boost::asio;
namespace beast = boost::beast;
using tcp = asio::ip::tcp;

connection::connection(asio::io_context& ioc, run_context& ctx, conn_spec spec)
  : ctx_(ctx), spec_(std::move(spec)),
    impl_(
      std::make_unique<impl>(ioc, 0x9E3779B97F4A7C15ULL * (spec_.index + 1)
                                    ^ static_cast<std::uint64_t>(now_ns()))) {
}

connection::~connection() = default;

bool connection::ready() const {
  return ready_ && !impl_->closing && impl_->open;
}

void connection::start(std::function<void(bool)> on_ready) {
  on_ready_ = std::move(on_ready);
  auto& o = ctx_.opts;
  auto& sock = impl_->stream.socket();
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
  impl_->stream.expires_after(
    std::chrono::milliseconds(static_cast<long>(o.connect_timeout * 1000)));
  auto self = shared_from_this();
  impl_->stream.async_connect(ep, [self](beast::error_code ec) {
    if (ec)
      return self->fail("connect: " + ec.message());
    self->impl_->stream.socket().set_option(tcp::no_delay{true});
    self->send_upgrade();
  });
}

void connection::fail(const std::string& why) {
  beast::error_code ignored;
  if (impl_->closing) {
    // Closed by us: whatever fails now is the shutdown itself.
    impl_->open = false;
    impl_->stream.socket().close(ignored);
    lost_sends_ += pending_sends_;
    ctx_.counters.outstanding.fetch_sub(pending_sends_);
    pending_sends_ = 0;
    pending_.clear();
    return;
  }
  if (!failure_.empty())
    return; // already failed (a write and a read may both report it)
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
  impl_->stream.socket().close(ignored);
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
    s.stream.socket().close(ignored);
    return;
  }
  if (!s.writing)
    send_close(); // else the write loop sends it once the queue is empty
}

bool connection::queue_full() const {
  return impl_->queue.size() >= write_queue_limit;
}

} // namespace agenthub::loadgen

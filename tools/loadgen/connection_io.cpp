// The client connection's I/O: the HTTP upgrade, then RFC 6455 frames on
// the raw socket. Reads wait for readability and drain the socket into one
// buffer per thread (an idle connection holds none); writes gather every
// queued frame into one syscall.
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/write.hpp>

#include "tools/loadgen/connection.hpp"
#include "tools/loadgen/connection_impl.hpp"

#include <array>
#include <random>
#include <vector>

namespace agenthub::loadgen {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;

namespace {

/// A Sec-WebSocket-Key: base64 of 16 random bytes.
std::string websocket_key(mask_source& m) {
  static const char* alphabet
    = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::array<unsigned char, 16> raw{};
  for (std::size_t i = 0; i < raw.size(); i += 4) {
    auto v = m.next();
    for (std::size_t k = 0; k < 4; ++k)
      raw[i + k] = static_cast<unsigned char>(v >> (8 * k));
  }
  std::string out;
  for (std::size_t i = 0; i < raw.size(); i += 3) {
    std::uint32_t v = static_cast<std::uint32_t>(raw[i]) << 16;
    if (i + 1 < raw.size())
      v |= static_cast<std::uint32_t>(raw[i + 1]) << 8;
    if (i + 2 < raw.size())
      v |= raw[i + 2];
    out += alphabet[(v >> 18) & 63];
    out += alphabet[(v >> 12) & 63];
    out += i + 1 < raw.size() ? alphabet[(v >> 6) & 63] : '=';
    out += i + 2 < raw.size() ? alphabet[v & 63] : '=';
  }
  return out;
}

/// Bytes read per syscall at most; one buffer per I/O thread.
constexpr std::size_t read_chunk = 256 * 1024;
/// Reads per wake-up before yielding to other connections.
constexpr int reads_per_wakeup = 4;
/// Frames gathered into one write at most.
constexpr std::size_t frames_per_write = 64;

} // namespace

void connection::send_upgrade() {
  auto& s = *impl_;
  s.request = std::make_unique<http::request<http::empty_body>>(
    http::verb::get, handshake_target(spec_.wire), 11);
  auto& req = *s.request;
  req.set(http::field::host, ctx_.opts.url.host_header);
  req.set(http::field::upgrade, "websocket");
  req.set(http::field::connection, "Upgrade");
  req.set(http::field::sec_websocket_key, websocket_key(s.masks));
  req.set(http::field::sec_websocket_version, "13");
  req.set(http::field::user_agent, "agenthub-loadgen");
  if (spec_.wire == framing::ws)
    req.set(http::field::authorization,
            "Bearer " + ctx_.fl.agents.at(spec_.agent).jwt);
  auto self = shared_from_this();
  http::async_write(s.stream, req, [self](beast::error_code ec, std::size_t) {
    if (ec)
      return self->fail("handshake: " + ec.message());
    auto& st = *self->impl_;
    st.response = std::make_unique<http::response_parser<http::empty_body>>();
    http::async_read(st.stream, st.handshake_buffer, *st.response,
                     [self](beast::error_code ec2, std::size_t) {
                       if (ec2)
                         return self->fail("handshake: " + ec2.message());
                       self->on_upgraded();
                     });
  });
}

void connection::on_upgraded() {
  auto& s = *impl_;
  auto status = s.response->get().result_int();
  if (status != 101)
    return fail("handshake: HTTP " + std::to_string(status));
  s.stream.expires_never();
  s.open = true;
  // Frames that came with the response (Engine.IO open, `connected`).
  std::string early = beast::buffers_to_string(s.handshake_buffer.data());
  s.request.reset();
  s.response.reset();
  s.handshake_buffer = beast::flat_buffer{};
  beast::error_code ec;
  s.stream.socket().non_blocking(true, ec);
  if (spec_.wire == framing::ws && ctx_.fl.ready_without_connected)
    become_ready();
  if (!early.empty() && !consume(early.data(), early.size()))
    return;
  if (s.open)
    read_loop();
}

void connection::read_loop() {
  auto self = shared_from_this();
  impl_->stream.socket().async_wait(
    tcp::socket::wait_read,
    [self](beast::error_code ec) { self->on_readable(ec); });
}

void connection::on_readable(boost::system::error_code ec) {
  if (ec)
    return fail("read: " + ec.message());
  thread_local std::vector<char> buf(read_chunk);
  auto& sock = impl_->stream.socket();
  for (int i = 0; i < reads_per_wakeup; ++i) {
    auto n = sock.read_some(asio::buffer(buf), ec);
    if (ec == asio::error::would_block || ec == asio::error::try_again)
      break;
    if (ec)
      return fail(ec == asio::error::eof ? "read: closed by the server"
                                         : "read: " + ec.message());
    if (!consume(buf.data(), n) || !impl_->open)
      return;
    if (n < buf.size())
      break;
  }
  read_loop();
}

// Parses every complete frame; keeps an incomplete one in `partial`.
bool connection::consume(const char* data, std::size_t n) {
  auto& s = *impl_;
  std::string_view in(data, n);
  if (!s.partial.empty()) {
    s.partial.append(data, n);
    in = s.partial;
  }
  std::size_t pos = 0;
  for (;;) {
    server_frame f;
    std::size_t used = 0;
    auto st = parse_server_frame(in.substr(pos), max_server_message, f, used);
    if (st == frame_status::incomplete)
      break;
    if (st == frame_status::invalid) {
      fail("protocol: invalid frame from the server");
      return false;
    }
    pos += used;
    if (!on_server_frame(f) || !s.open)
      return false;
  }
  if (s.partial.empty()) {
    s.partial.assign(in.data() + pos, in.size() - pos);
  } else {
    s.partial.erase(0, pos);
  }
  return true;
}

bool connection::on_server_frame(const server_frame& f) {
  auto& s = *impl_;
  switch (f.op) {
    case ws_op::ping:
      enqueue_frame(ws_op::pong, f.payload);
      return true;
    case ws_op::pong:
      return true;
    case ws_op::close:
      if (s.closing) {
        // The answer to our close: done.
        beast::error_code ignored;
        s.stream.socket().close(ignored);
        fail("closed");
        return false;
      }
      enqueue_frame(ws_op::close, f.payload.substr(0, 2));
      fail("closed by the server (close frame)");
      return false;
    case ws_op::binary:
      return true; // not ours
    case ws_op::text:
    case ws_op::continuation:
      break;
  }
  if (f.op == ws_op::text && f.fin && !s.in_message) {
    on_frame(f.payload);
    return true;
  }
  // A fragmented message (the hub does not fragment; others may).
  if (f.op == ws_op::text)
    s.message.clear();
  s.in_message = !f.fin;
  s.message.append(f.payload.data(), f.payload.size());
  if (!f.fin)
    return true;
  std::string whole;
  whole.swap(s.message);
  on_frame(whole);
  return true;
}

void connection::enqueue(std::string frame) {
  enqueue_frame(ws_op::text, frame);
}

void connection::enqueue_frame(ws_op op, std::string_view payload) {
  auto& s = *impl_;
  if (!s.open || s.close_sent)
    return;
  std::string out;
  out.reserve(payload.size() + 14);
  append_client_frame(out, op, payload, s.masks.next());
  s.queue.push_back(std::move(out));
  if (op == ws_op::close)
    s.close_sent = true;
  if (!s.writing)
    write_next();
}

void connection::write_next() {
  auto& s = *impl_;
  if (s.queue.empty()) {
    s.writing = false;
    if (s.closing && s.open && !s.close_sent)
      send_close();
    return;
  }
  s.writing = true;
  std::vector<asio::const_buffer> bufs;
  s.in_flight = std::min(s.queue.size(), frames_per_write);
  bufs.reserve(s.in_flight);
  for (std::size_t i = 0; i < s.in_flight; ++i)
    bufs.emplace_back(s.queue[i].data(), s.queue[i].size());
  auto self = shared_from_this();
  asio::async_write(s.stream.socket(), bufs,
                    [self](beast::error_code ec, std::size_t) {
                      auto& st = *self->impl_;
                      for (std::size_t i = 0; i < st.in_flight; ++i)
                        st.queue.pop_front();
                      st.in_flight = 0;
                      if (ec) {
                        st.writing = false;
                        st.queue.clear();
                        self->fail("write: " + ec.message());
                        return;
                      }
                      self->write_next();
                    });
}

// Sends our close frame and waits (at most 2 s) for the server's.
void connection::send_close() {
  auto& s = *impl_;
  if (s.close_sent || !s.open)
    return;
  enqueue_frame(ws_op::close, close_payload(1000));
  s.linger.expires_after(std::chrono::seconds(2));
  auto self = shared_from_this();
  s.linger.async_wait([self](beast::error_code ec) {
    if (ec)
      return;
    beast::error_code ignored;
    self->impl_->stream.socket().close(ignored);
  });
}

} // namespace agenthub::loadgen

// The test WebSocket client: Beast over one TCP connection, every operation
// asynchronous and driven by the calling thread against a deadline, so a
// wait that times out leaves the connection (and its pending read) intact.
#include "tests/support/ws_client.hpp"

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/websocket.hpp>

#include <algorithm>
#include <cctype>
#include <random>
#include <sstream>
#include <stdexcept>

namespace agenthub::testing {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
namespace websocket = beast::websocket;
using tcp = asio::ip::tcp;
using clock_type = std::chrono::steady_clock;

namespace {

/// Bytes; the largest frame the client accepts (history pages of 32 KiB
/// bodies reach several MiB).
constexpr std::size_t max_incoming_message = 64 * 1024 * 1024;

nlohmann::json parse_frame(const std::string& text) {
  auto j = nlohmann::json::parse(text, nullptr, false);
  if (j.is_discarded())
    return {{"type", "<not json>"}, {"text", text}};
  return j;
}

std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(),
                 [](unsigned char c) { return std::tolower(c); });
  return s;
}

} // namespace

std::string ws_refusal::error_code() const {
  if (!json.is_object() || !json.contains("error") || !json["error"].is_object()
      || !json["error"].contains("code") || !json["error"]["code"].is_string())
    return {};
  return json["error"]["code"].get<std::string>();
}

std::string frame_type(const nlohmann::json& frame) {
  if (frame.is_object() && frame.contains("type") && frame["type"].is_string())
    return frame["type"].get<std::string>();
  return {};
}

std::string frame_error_code(const nlohmann::json& frame) {
  if (!frame.is_object() || !frame.contains("error"))
    return {};
  const auto& e = frame["error"];
  if (!e.is_object() || !e.contains("code") || !e["code"].is_string())
    return {};
  return e["code"].get<std::string>();
}

std::string client_frame(std::uint8_t opcode, const std::string& payload,
                         bool fin) {
  std::string out;
  out.push_back(static_cast<char>((fin ? 0x80 : 0x00) | (opcode & 0x0f)));
  auto n = payload.size();
  if (n < 126) {
    out.push_back(static_cast<char>(0x80 | n));
  } else if (n <= 0xffff) {
    out.push_back(static_cast<char>(0x80 | 126));
    out.push_back(static_cast<char>((n >> 8) & 0xff));
    out.push_back(static_cast<char>(n & 0xff));
  } else {
    out.push_back(static_cast<char>(0x80 | 127));
    for (int shift = 56; shift >= 0; shift -= 8)
      out.push_back(
        static_cast<char>((static_cast<std::uint64_t>(n) >> shift) & 0xff));
  }
  static std::mt19937 rng{std::random_device{}()};
  char mask[4];
  for (auto& m : mask)
    m = static_cast<char>(rng() & 0xff);
  out.append(mask, 4);
  for (std::size_t i = 0; i < n; ++i)
    out.push_back(static_cast<char>(payload[i] ^ mask[i % 4]));
  return out;
}

struct ws_client::impl {
  asio::io_context ioc;
  websocket::stream<beast::tcp_stream> ws{ioc};
  beast::flat_buffer rbuf;
  bool reading = false; ///< an async_read is pending
  std::deque<nlohmann::json> frames;
  std::optional<ws_close> ended;
  unsigned next_ref = 0;
  /// While set, frames go here unparsed instead of into `frames`.
  std::function<void(const std::string&)> raw_sink;

  void start_read() {
    if (reading || ended)
      return;
    reading = true;
    ws.async_read(rbuf, [this](beast::error_code ec, std::size_t) {
      reading = false;
      if (ec) {
        ws_close c;
        if (ec == websocket::error::closed) {
          c.code = ws.reason().code;
          c.reason
            = std::string(ws.reason().reason.data(), ws.reason().reason.size());
        } else {
          c.reason = ec.message();
        }
        if (!ended) // drop() may have recorded why already
          ended = c;
        return;
      }
      auto text = beast::buffers_to_string(rbuf.data());
      rbuf.consume(rbuf.size());
      if (raw_sink) {
        raw_sink(text);
        return;
      }
      frames.push_back(parse_frame(text));
    });
  }

  /// Runs handlers (keeping a read pending) until `done()` or `deadline`;
  /// false if `done()` is still false then, or can no longer become true.
  bool pump(const std::function<bool()>& done, clock_type::time_point deadline,
            bool keep_reading = true) {
    while (!done()) {
      if (keep_reading)
        start_read();
      if (clock_type::now() >= deadline)
        return false;
      if (ioc.stopped())
        ioc.restart();
      if (ioc.run_one_until(deadline) == 0 && ioc.stopped() && !reading) {
        // No work left at all: nothing more can arrive.
        ioc.restart();
        return done();
      }
    }
    return true;
  }

  /// Waits for an asynchronous write (or close) to finish.
  bool finish_op(bool& finished, beast::error_code& ec,
                 std::chrono::milliseconds timeout) {
    bool ok = pump([&] { return finished; }, clock_type::now() + timeout);
    return ok && !ec;
  }

  bool write_text(const std::string& text) {
    if (ended)
      return false;
    bool finished = false;
    beast::error_code ec;
    auto data = std::make_shared<std::string>(text);
    ws.text(true);
    ws.async_write(asio::buffer(*data),
                   [&, data](beast::error_code e, std::size_t) {
                     ec = e;
                     finished = true;
                   });
    return finish_op(finished, ec, request_timeout);
  }
};

ws_client::ws_client(std::unique_ptr<impl> p) : impl_(std::move(p)) {
}

ws_client::ws_client(std::uint16_t port, const std::string& token,
                     const ws_options& opts) {
  auto r = try_connect(port, token, opts);
  if (auto* refusal = std::get_if<ws_refusal>(&r))
    throw std::runtime_error("WebSocket upgrade refused: HTTP "
                             + std::to_string(refusal->status) + " "
                             + refusal->body);
  impl_ = std::move(std::get<0>(r)->impl_);
}

ws_client::~ws_client() = default;

std::variant<std::unique_ptr<ws_client>, ws_refusal>
ws_client::try_connect(std::uint16_t port, const std::string& token,
                       const ws_options& opts) {
  auto p = std::make_unique<impl>();
  auto& stream = beast::get_lowest_layer(p->ws);
  tcp::endpoint target{asio::ip::make_address("127.0.0.1"), port};
  if (opts.receive_buffer_bytes > 0) {
    stream.socket().open(tcp::v4());
    stream.socket().set_option(
      asio::socket_base::receive_buffer_size(opts.receive_buffer_bytes));
  }
  stream.expires_after(opts.timeout);
  beast::error_code ec = asio::error::would_block;
  stream.async_connect(target, [&](beast::error_code e) { ec = e; });
  p->ioc.run();
  p->ioc.restart();
  if (ec)
    throw std::runtime_error("cannot connect to 127.0.0.1:"
                             + std::to_string(port) + ": " + ec.message());

  websocket::stream_base::timeout t;
  t.handshake_timeout = opts.timeout;
  t.idle_timeout = websocket::stream_base::none();
  t.keep_alive_pings = false;
  p->ws.set_option(t);
  p->ws.read_message_max(max_incoming_message);
  auto auth = opts.auth;
  p->ws.set_option(websocket::stream_base::decorator(
    [auth, token](websocket::request_type& req) {
      req.set(http::field::user_agent, "agenthub-integration-tests");
      if (auth == ws_auth::header)
        req.set(http::field::authorization, "Bearer " + token);
    }));
  auto path = opts.path;
  if (opts.auth == ws_auth::query)
    path
      += (path.find('?') == std::string::npos ? "?token=" : "&token=") + token;
  websocket::response_type res;
  ec = asio::error::would_block;
  p->ws.async_handshake(res, "127.0.0.1:" + std::to_string(port), path,
                        [&](beast::error_code e) { ec = e; });
  // Until the handshake completes, not until the io_context runs dry: a
  // refused handshake leaves Beast's handshake timer armed.
  while (ec == asio::error::would_block && p->ioc.run_one() > 0) {
  }
  p->ioc.restart();
  stream.expires_never();
  if (ec == websocket::error::upgrade_declined) {
    ws_refusal r;
    r.status = res.result_int();
    for (const auto& f : res) {
      auto& slot = r.headers[lower(std::string{f.name_string()})];
      slot += (slot.empty() ? "" : ", ") + std::string{f.value()};
    }
    r.body = res.body();
    r.json = nlohmann::json::parse(r.body, nullptr, false);
    if (r.json.is_discarded())
      r.json = nullptr;
    return r;
  }
  if (ec)
    throw std::runtime_error("WebSocket handshake failed: " + ec.message());
  return std::unique_ptr<ws_client>(new ws_client{std::move(p)});
}

bool ws_client::send_text(const std::string& text) {
  return impl_->write_text(text);
}

bool ws_client::send_json(const nlohmann::json& frame) {
  return impl_->write_text(frame.dump());
}

bool ws_client::send_raw(const std::string& bytes) {
  if (impl_->ended)
    return false;
  bool finished = false;
  beast::error_code ec;
  auto data = std::make_shared<std::string>(bytes);
  asio::async_write(beast::get_lowest_layer(impl_->ws), asio::buffer(*data),
                    [&, data](beast::error_code e, std::size_t) {
                      ec = e;
                      finished = true;
                    });
  // Do not read meanwhile: the hub may answer a bad frame by closing, and
  // the test wants to see that close afterwards.
  bool ok = impl_->pump([&] { return finished; },
                        clock_type::now() + request_timeout, false);
  return ok && !ec;
}

std::string ws_client::send_request(const std::string& type,
                                    const nlohmann::json& data) {
  auto ref = "r" + std::to_string(++impl_->next_ref);
  send_json({{"type", type}, {"ref", ref}, {"data", data}});
  return ref;
}

nlohmann::json ws_client::request(const std::string& type,
                                  const nlohmann::json& data,
                                  std::chrono::milliseconds timeout) {
  return wait_reply(send_request(type, data), timeout);
}

std::optional<nlohmann::json>
ws_client::receive(std::chrono::milliseconds timeout) {
  return wait_for([](const nlohmann::json&) { return true; }, timeout);
}

std::optional<nlohmann::json>
ws_client::wait_for(const predicate& match, std::chrono::milliseconds timeout) {
  auto deadline = clock_type::now() + timeout;
  auto& frames = impl_->frames;
  std::size_t scanned = 0;
  for (;;) {
    for (; scanned < frames.size(); ++scanned)
      if (match(frames[scanned])) {
        auto f = std::move(frames[scanned]);
        frames.erase(frames.begin() + static_cast<std::ptrdiff_t>(scanned));
        return f;
      }
    if (!impl_->pump([&] { return frames.size() > scanned; }, deadline))
      return std::nullopt;
  }
}

nlohmann::json ws_client::wait_event(const std::string& type,
                                     std::chrono::milliseconds timeout) {
  auto f = wait_for(
    [&](const nlohmann::json& j) { return frame_type(j) == type; }, timeout);
  if (!f)
    throw std::runtime_error("no '" + type + "' event within "
                             + std::to_string(timeout.count())
                             + " ms; buffered: " + describe_buffer());
  return *f;
}

nlohmann::json ws_client::wait_reply(const std::string& ref,
                                     std::chrono::milliseconds timeout) {
  auto f = wait_for(
    [&](const nlohmann::json& j) {
      return frame_type(j) == "reply" && j.contains("ref") && j["ref"] == ref;
    },
    timeout);
  if (!f)
    throw std::runtime_error("no reply to ref " + ref + " within "
                             + std::to_string(timeout.count())
                             + " ms; buffered: " + describe_buffer());
  return *f;
}

std::optional<ws_close>
ws_client::wait_close(std::chrono::milliseconds timeout) {
  impl_->pump([&] { return impl_->ended.has_value(); },
              clock_type::now() + timeout);
  return impl_->ended;
}

bool ws_client::drain(const raw_handler& on_frame,
                      std::chrono::milliseconds timeout) {
  bool more = true;
  impl_->raw_sink = [&](const std::string& text) {
    if (more)
      more = on_frame(text);
  };
  bool done = impl_->pump([&] { return !more || impl_->ended.has_value(); },
                          clock_type::now() + timeout);
  impl_->raw_sink = nullptr;
  return done;
}

void ws_client::poll(std::chrono::milliseconds quiet) {
  impl_->pump([] { return false; }, clock_type::now() + quiet);
  // Then collect whatever is complete already, without waiting.
  for (;;) {
    impl_->start_read();
    if (impl_->ioc.stopped())
      impl_->ioc.restart();
    if (impl_->ioc.poll() == 0)
      break;
  }
}

std::deque<nlohmann::json>& ws_client::buffered() {
  return impl_->frames;
}

std::deque<nlohmann::json> ws_client::take_buffered() {
  auto out = std::move(impl_->frames);
  impl_->frames.clear();
  return out;
}

bool ws_client::is_open() const {
  return !impl_->ended.has_value();
}

std::optional<ws_close> ws_client::close_info() const {
  return impl_->ended;
}

void ws_client::close(std::uint16_t code) {
  if (impl_->ended)
    return;
  bool finished = false;
  beast::error_code ec;
  impl_->ws.async_close(websocket::close_reason{code},
                        [&](beast::error_code e) {
                          ec = e;
                          finished = true;
                        });
  impl_->pump([&] { return finished && !impl_->reading; },
              clock_type::now() + std::chrono::seconds{5}, false);
  if (!impl_->ended)
    impl_->ended = ws_close{code, "closed by the client"};
  drop();
}

void ws_client::drop() {
  beast::error_code ec;
  auto& sock = beast::get_lowest_layer(impl_->ws).socket();
  sock.shutdown(tcp::socket::shutdown_both, ec);
  sock.close(ec);
  if (!impl_->ended)
    impl_->ended = ws_close{0, "dropped by the client"};
  // Let the aborted operations finish so nothing refers to the socket.
  if (impl_->ioc.stopped())
    impl_->ioc.restart();
  impl_->ioc.poll();
}

std::string ws_client::describe_buffer(std::size_t last) const {
  std::ostringstream os;
  const auto& frames = impl_->frames;
  os << frames.size() << " frame(s)";
  auto from = frames.size() > last ? frames.size() - last : 0;
  for (auto i = from; i < frames.size(); ++i) {
    auto text = frames[i].dump();
    os << "\n  " << text.substr(0, 300);
  }
  if (impl_->ended)
    os << "\n  connection ended: code " << impl_->ended->code << " ("
       << impl_->ended->reason << ")";
  return os.str();
}

} // namespace agenthub::testing

// Sockets for the CLI: one HTTP exchange per connection, and a client
// WebSocket. Every wait polls the SIGINT flag and a deadline, so a command
// never hangs on a dead hub and Ctrl-C always gets through.
#include "app/cli/transport.hpp"

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/websocket.hpp>

#include "app/cli/interrupt.hpp"

#include <functional>

namespace agenthub::cli {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
namespace websocket = beast::websocket;
using tcp = asio::ip::tcp;
using clock_type = std::chrono::steady_clock;

namespace {

/// How often a wait looks at the SIGINT flag.
constexpr std::chrono::milliseconds poll_slice{100};

/// How long to drain a cancelled operation before giving up on it.
constexpr std::chrono::seconds drain_limit{2};

/// 16 MiB: far above any answer the hub gives (a page of 200 messages of
/// 32 KiB each is about 6.5 MiB), yet a bound.
constexpr std::size_t max_body = 16u * 1024 * 1024;

/// Runs `ioc` one slice.
void run_slice(asio::io_context& ioc, clock_type::duration limit) {
  if (ioc.stopped())
    ioc.restart();
  ioc.run_for(std::min<clock_type::duration>(poll_slice, limit));
}

/// Runs `ioc` until `done`. At the deadline or on SIGINT it calls `cancel`,
/// lets the operation finish (aborted) and throws transport_error.
void run_until(asio::io_context& ioc, const bool& done,
               clock_type::time_point deadline,
               const std::function<void()>& cancel, const std::string& what) {
  while (!done) {
    auto now = clock_type::now();
    bool stop = interrupted();
    if (stop || now >= deadline) {
      cancel();
      auto drain_end = clock_type::now() + drain_limit;
      while (!done && clock_type::now() < drain_end)
        run_slice(ioc, poll_slice);
      if (stop)
        throw transport_error(transport_fault::interrupted,
                              what + ": interrupted");
      throw transport_error(transport_fault::timeout,
                            what + ": no answer in time");
    }
    run_slice(ioc, deadline - now);
  }
}

/// Resolves the hub's host (a deadline-bounded async_resolve).
tcp::resolver::results_type resolve(asio::io_context& ioc, const hub_url& url,
                                    clock_type::time_point deadline) {
  tcp::resolver resolver{ioc};
  tcp::resolver::results_type results;
  beast::error_code ec;
  bool done = false;
  resolver.async_resolve(
    url.host, url.port,
    [&](beast::error_code e, tcp::resolver::results_type r) {
      ec = e;
      results = std::move(r);
      done = true;
    });
  run_until(
    ioc, done, deadline, [&] { resolver.cancel(); }, "resolving " + url.host);
  if (ec)
    throw transport_error(transport_fault::unreachable,
                          "cannot resolve " + url.host + ": " + ec.message());
  return results;
}

/// Connects `stream` to the hub.
void connect_stream(asio::io_context& ioc, beast::tcp_stream& stream,
                    const hub_url& url, clock_type::time_point deadline) {
  auto results = resolve(ioc, url, deadline);
  beast::error_code ec;
  bool done = false;
  stream.async_connect(results, [&](beast::error_code e, const tcp::endpoint&) {
    ec = e;
    done = true;
  });
  run_until(
    ioc, done, deadline, [&] { stream.cancel(); },
    "connecting to " + url.to_string());
  if (ec)
    throw transport_error(transport_fault::unreachable,
                          "cannot connect to " + url.to_string() + ": "
                            + ec.message());
  stream.socket().set_option(tcp::no_delay{true}, ec);
}

/// A handler that records its error code and completion.
struct completion {
  beast::error_code ec;
  bool done = false;
  auto handler() {
    return [this](beast::error_code e, std::size_t) {
      ec = e;
      done = true;
    };
  }
};

std::string header_value(const http::fields& fields, http::field f) {
  auto it = fields.find(f);
  return it == fields.end() ? std::string{} : std::string{it->value()};
}

} // namespace

http_reply http_request(const hub_url& url, const std::string& method,
                        const std::string& target, const std::string& bearer,
                        const std::string& body,
                        std::chrono::milliseconds timeout) {
  asio::io_context ioc;
  beast::tcp_stream stream{ioc};
  auto deadline = clock_type::now() + timeout;
  connect_stream(ioc, stream, url, deadline);
  auto what = method + " " + target;
  auto cancel = [&] { stream.cancel(); };

  http::request<http::string_body> req{http::string_to_verb(method), target,
                                       11};
  req.set(http::field::host, url.host_header());
  req.set(http::field::user_agent, "agenthub-cli");
  req.set(http::field::accept, "application/json");
  if (!bearer.empty())
    req.set(http::field::authorization, "Bearer " + bearer);
  if (!body.empty()) {
    req.set(http::field::content_type, "application/json");
    req.body() = body;
  }
  req.keep_alive(false);
  req.prepare_payload();
  completion wrote;
  http::async_write(stream, req, wrote.handler());
  run_until(ioc, wrote.done, deadline, cancel, what);
  if (wrote.ec)
    throw transport_error(transport_fault::io,
                          what + ": sending failed: " + wrote.ec.message());

  beast::flat_buffer buffer;
  http::response_parser<http::string_body> parser;
  parser.body_limit(max_body);
  completion got;
  http::async_read(stream, buffer, parser, got.handler());
  run_until(ioc, got.done, deadline, cancel, what);
  if (got.ec)
    throw transport_error(transport_fault::io,
                          what + ": no complete answer: " + got.ec.message());
  beast::error_code ignored;
  stream.socket().shutdown(tcp::socket::shutdown_both, ignored);
  auto& res = parser.get();
  return {static_cast<unsigned>(res.result_int()), std::move(res.body()),
          header_value(res, http::field::retry_after)};
}

struct ws_client::impl {
  asio::io_context ioc;
  websocket::stream<beast::tcp_stream> ws{ioc};
  beast::flat_buffer buffer;
  bool reading = false; ///< an async_read is pending or finished unread
  completion read_op;
  bool closed = false;
  close_info closed_with;

  /// Records how the connection ended after a failed read.
  void on_read_error(const beast::error_code& ec) {
    closed = true;
    if (ec == websocket::error::closed) {
      closed_with.code = ws.reason().code;
      closed_with.reason = std::string{ws.reason().reason.c_str()};
    } else {
      closed_with.code = 1006;
      closed_with.reason = "connection lost: " + ec.message();
    }
  }
};

ws_client::ws_client() : impl_(std::make_unique<impl>()) {
}

ws_client::~ws_client() = default;

void ws_client::connect(const hub_url& url, const std::string& jwt,
                        std::chrono::milliseconds timeout) {
  auto& ws = impl_->ws;
  auto deadline = clock_type::now() + timeout;
  connect_stream(impl_->ioc, beast::get_lowest_layer(ws), url, deadline);
  websocket::stream_base::timeout t{};
  t.handshake_timeout = websocket::stream_base::none();
  t.idle_timeout = websocket::stream_base::none();
  t.keep_alive_pings = false;
  ws.set_option(t);
  ws.set_option(
    websocket::stream_base::decorator([jwt](websocket::request_type& req) {
      req.set(http::field::user_agent, "agenthub-cli");
      req.set(http::field::authorization, "Bearer " + jwt);
    }));
  ws.read_message_max(max_body);
  websocket::response_type res;
  beast::error_code ec;
  bool done = false;
  ws.async_handshake(res, url.host_header(), url.target("/ws"),
                     [&](beast::error_code e) {
                       ec = e;
                       done = true;
                     });
  run_until(
    impl_->ioc, done, deadline, [&] { beast::get_lowest_layer(ws).cancel(); },
    "WebSocket upgrade");
  if (ec == websocket::error::upgrade_declined)
    throw upgrade_refused{{static_cast<unsigned>(res.result_int()),
                           std::move(res.body()),
                           header_value(res, http::field::retry_after)}};
  if (ec)
    throw transport_error(transport_fault::io,
                          "WebSocket upgrade failed: " + ec.message());
  ws.text(true);
}

void ws_client::send(const std::string& text,
                     std::chrono::milliseconds timeout) {
  if (impl_->closed)
    throw transport_error(transport_fault::io,
                          "the WebSocket connection is closed");
  completion wrote;
  impl_->ws.async_write(asio::buffer(text), wrote.handler());
  run_until(
    impl_->ioc, wrote.done, clock_type::now() + timeout,
    [this] { beast::get_lowest_layer(impl_->ws).cancel(); },
    "sending on the WebSocket");
  if (wrote.ec)
    throw transport_error(transport_fault::io,
                          "sending on the WebSocket failed: "
                            + wrote.ec.message());
}

ws_client::result ws_client::read(std::string& out,
                                  std::chrono::milliseconds wait) {
  auto& s = *impl_;
  if (s.closed)
    return result::closed;
  if (!s.reading) {
    s.reading = true;
    s.read_op = completion{};
    s.ws.async_read(s.buffer, s.read_op.handler());
  }
  auto deadline = clock_type::now() + wait;
  while (!s.read_op.done) {
    if (interrupted())
      return result::interrupted;
    auto now = clock_type::now();
    if (now >= deadline)
      return result::timeout;
    run_slice(s.ioc, deadline - now);
  }
  s.reading = false;
  if (s.read_op.ec) {
    s.on_read_error(s.read_op.ec);
    return result::closed;
  }
  out = beast::buffers_to_string(s.buffer.data());
  s.buffer.consume(s.buffer.size());
  return result::message;
}

const close_info& ws_client::closed_with() const {
  return impl_->closed_with;
}

void ws_client::close() {
  auto& s = *impl_;
  if (s.closed || !s.ws.is_open())
    return;
  completion closing;
  s.ws.async_close(websocket::close_code::normal,
                   [&closing](beast::error_code e) {
                     closing.ec = e;
                     closing.done = true;
                   });
  auto end = clock_type::now() + drain_limit;
  while (!closing.done && clock_type::now() < end)
    run_slice(s.ioc, poll_slice);
  s.closed = true;
  s.closed_with = {1000, "closed by the client"};
}

} // namespace agenthub::cli

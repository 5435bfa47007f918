// HTTP connection handling with size limits, timeouts and security headers.
#include "net/http_session.hpp"

#include "config/defaults.hpp"
#include "net/api_error.hpp"
#include "net/dispatcher.hpp"
#include "net/upgrade_handler.hpp"

#include <boost/beast/websocket/rfc6455.hpp>
#include <spdlog/spdlog.h>

namespace agenthub::net {

http_session::http_session(tcp::socket socket, dispatcher& d,
                           upgrade_handler* upgrades,
                           std::shared_ptr<connection_stats> stats)
  : stream_(std::move(socket)), dispatcher_(d), upgrades_(upgrades),
    stats_(std::move(stats)) {
  auto counters = stats_;
  slot_ = std::shared_ptr<void>(
    nullptr, [counters](void*) { counters->connections.fetch_sub(1); });
  beast::error_code ec;
  auto ep = stream_.socket().remote_endpoint(ec);
  remote_ip_ = ec ? "unknown" : ep.address().to_string();
}

http_session::~http_session() {
  if (counted_in_flight_)
    stats_->in_flight.fetch_sub(1);
}

void http_session::run() {
  asio::dispatch(stream_.get_executor(),
                 [self = shared_from_this()] { self->do_read(); });
}

void http_session::do_read() {
  parser_ = std::make_unique<http::request_parser<http::string_body>>();
  parser_->body_limit(defaults::http_max_body_bytes);
  parser_->header_limit(defaults::http_max_header_bytes);
  // The first request must arrive within the read timeout; an idle
  // keep-alive connection may wait longer for its next one.
  stream_.expires_after(first_request_ ? defaults::http_read_timeout
                                       : defaults::http_keepalive_timeout);
  first_request_ = false;
  http::async_read(
    stream_, buffer_, *parser_,
    beast::bind_front_handler(&http_session::on_read, shared_from_this()));
}

void http_session::fail_request(unsigned status, const char* code,
                                const char* message) {
  auto r = error_response(api_error{status, code, message});
  send(r.status, r.content_type, std::move(r.body), std::move(r.headers), true);
}

void http_session::on_read(beast::error_code ec, std::size_t) {
  if (ec == http::error::end_of_stream || ec == beast::error::timeout
      || ec == asio::error::operation_aborted) {
    stream_.socket().shutdown(tcp::socket::shutdown_send, ec);
    return;
  }
  if (ec == http::error::body_limit)
    return fail_request(413, "payload_too_large",
                        "request body exceeds the size limit");
  if (ec == http::error::header_limit)
    return fail_request(431, "headers_too_large",
                        "request headers exceed the size limit");
  if (ec) {
    // Malformed HTTP: answer once, then close (never crash on input).
    if (ec.category() == make_error_code(http::error::bad_method).category())
      return fail_request(400, "bad_request", "malformed HTTP request");
    return;
  }
  handle(parser_->release());
}

void http_session::handle(beast_request req) {
  auto view = std::make_shared<http_request>();
  view->method = std::string{req.method_string()};
  auto target = std::string{req.target()};
  auto q = target.find('?');
  if (!percent_decode(std::string_view{target}.substr(0, q), view->path, false)
      || view->path.empty() || view->path[0] != '/')
    return fail_request(400, "bad_request", "malformed request target");
  if (q != std::string::npos)
    view->query = parse_query(std::string_view{target}.substr(q + 1));
  for (const auto& f : req) {
    std::string name{f.name_string()};
    for (auto& c : name)
      c = static_cast<char>(::tolower(static_cast<unsigned char>(c)));
    view->headers.emplace_back(std::move(name), std::string{f.value()});
  }
  view->remote_ip = remote_ip_;
  keep_alive_ = req.keep_alive();

  if (beast::websocket::is_upgrade(req)) {
    if (upgrades_ != nullptr && upgrades_->handles(view->path)
        && stats_->draining.load())
      return fail_request(503, "unavailable",
                          "the hub is shutting down; reconnect elsewhere");
    if (upgrades_ != nullptr && upgrades_->handles(view->path)) {
      stream_.expires_never();
      auto data = buffer_.data();
      std::string leftover{static_cast<const char*>(data.data()), data.size()};
      upgrades_->upgrade(std::move(stream_), std::move(req), std::move(view),
                         std::move(leftover), slot_);
      return;
    }
    return fail_request(404, "not_found", "no WebSocket endpoint here");
  }
  view->body = std::move(req.body());

  stats_->in_flight.fetch_add(1);
  counted_in_flight_ = true;
  // The responder may run on a pool thread: hop back onto our strand.
  auto self = shared_from_this();
  dispatcher_.dispatch(std::move(view), [self](http_response r) {
    asio::post(self->stream_.get_executor(),
               [self, r = std::move(r)]() mutable {
                 self->send(r.status, std::move(r.content_type),
                            std::move(r.body), std::move(r.headers), false);
               });
  });
}

void http_session::send(
  unsigned status, std::string content_type, std::string body,
  std::vector<std::pair<std::string, std::string>> headers, bool close) {
  close = close || !keep_alive_ || stats_->draining.load();
  auto res = std::make_shared<http::response<http::string_body>>();
  res->version(11);
  res->result(status);
  res->set(http::field::server, "agenthub");
  if (!content_type.empty())
    res->set(http::field::content_type, content_type);
  // API responses are private and never framed (JSON only, no HTML).
  res->set(http::field::cache_control, "no-store");
  res->set("X-Content-Type-Options", "nosniff");
  res->set("X-Frame-Options", "DENY");
  res->set("Referrer-Policy", "no-referrer");
  res->set("Content-Security-Policy", "default-src 'none'; frame-ancestors "
                                      "'none'");
  for (auto& [k, v] : headers) {
    // A handler's own policy (the admin page) replaces the API default;
    // two CSP headers would both apply.
    if (beast::iequals(k, "Content-Security-Policy"))
      res->set(k, v);
    else
      res->insert(k, v);
  }
  res->body() = std::move(body);
  res->keep_alive(!close);
  res->prepare_payload();
  response_ = res;
  stream_.expires_after(defaults::http_read_timeout);
  http::async_write(stream_, *res,
                    beast::bind_front_handler(&http_session::on_write,
                                              shared_from_this(), close));
}

void http_session::on_write(bool close, beast::error_code ec, std::size_t) {
  response_.reset();
  if (counted_in_flight_) {
    counted_in_flight_ = false;
    stats_->in_flight.fetch_sub(1);
  }
  if (ec || close) {
    stream_.socket().shutdown(tcp::socket::shutdown_send, ec);
    return;
  }
  do_read();
}

} // namespace agenthub::net

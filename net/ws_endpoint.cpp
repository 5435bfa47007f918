// Upgrades: RFC 6455 handshake, per-path protocol, auth for `/ws`.
#include "net/ws_endpoint.hpp"

#include "actors/hub_runtime.hpp"
#include "config/config.hpp"
#include "net/close_codes.hpp"
#include "net/dispatcher.hpp"
#include "net/json_protocol.hpp"
#include "net/ws_registry.hpp"

#include <boost/asio/write.hpp>
#include <spdlog/spdlog.h>

#include <ctime>

namespace agenthub::net {

bool is_socketio_path(const std::string& path) {
  return path == "/socket.io" || path == "/socket.io/";
}

struct ws_endpoint::impl {
  impl(dispatcher& d, socketio_timing t) : disp(d), timing(t) {
  }

  dispatcher& disp;
  socketio_timing timing;
  ws_registry registry;
};

namespace {

/// Writes a plain HTTP error and closes: the upgrade was refused.
void reject(beast::tcp_stream stream, const api_error& err,
            std::vector<std::pair<std::string, std::string>> headers = {}) {
  auto res = std::make_shared<http::response<http::string_body>>();
  auto r = error_response(err);
  res->version(11);
  res->result(r.status);
  res->set(http::field::server, "agenthub");
  res->set(http::field::content_type, "application/json");
  for (auto& [k, v] : r.headers)
    res->set(k, v);
  for (auto& [k, v] : headers)
    res->set(k, v);
  res->body() = r.body;
  res->keep_alive(false);
  res->prepare_payload();
  auto s = std::make_shared<beast::tcp_stream>(std::move(stream));
  http::async_write(*s, *res, [s, res](beast::error_code, std::size_t) {
    beast::error_code ec;
    s->socket().shutdown(tcp::socket::shutdown_both, ec);
  });
}

/// Checks the RFC 6455 handshake headers; the error to answer, if any.
std::optional<api_error> check_handshake(const http_request& req) {
  if (req.method != "GET")
    return api_error{400, "bad_handshake", "WebSocket upgrades use GET"};
  if (req.header("sec-websocket-version") != "13")
    return api_error{426, "unsupported_version",
                     "only WebSocket version 13 is supported"};
  auto key = req.header("sec-websocket-key");
  if (key.size() != 24 || key[22] != '=' || key[23] != '=')
    return api_error{400, "bad_handshake", "invalid Sec-WebSocket-Key"};
  return std::nullopt;
}

/// Engine.IO query checks (protocols.md §A.1); the error, if any.
std::optional<api_error> check_engineio(const http_request& req) {
  auto get = [&](const char* k) {
    auto i = req.query.find(k);
    return i == req.query.end() ? std::string{} : i->second;
  };
  if (get("EIO") != "4")
    return api_error{400, "unsupported_protocol_version",
                     "AgentHub speaks Engine.IO 4 (socket.io-client v3/v4)"};
  if (get("transport") != "websocket")
    return api_error{400, "transport_unsupported",
                     "only the websocket transport is supported: io(url, { "
                     "transports: ['websocket'] })"};
  if (!get("sid").empty())
    return api_error{400, "session_unknown",
                     "Session ID unknown (polling upgrades are not "
                     "supported; use transports: ['websocket'])"};
  return std::nullopt;
}

std::string token_of(const http_request& req) {
  auto token = bearer_token(req.header("authorization"));
  if (token.empty())
    if (auto q = req.query.find("token"); q != req.query.end())
      token = q->second;
  return token;
}

} // namespace

ws_endpoint::ws_endpoint(dispatcher& d, socketio_timing timing)
  : impl_(new impl{d, timing}) {
  impl_->registry.set_frame_rate(
    flood_guard::rate_for(d.context().cfg.session_events_per_second));
  // Disabling an agent takes effect on open connections too.
  d.context().agents.on_disabled([this](const std::string& agent_id) {
    close_agent(agent_id, close_code::agent_disabled, "agent disabled");
  });
}

ws_endpoint::~ws_endpoint() = default;

bool ws_endpoint::handles(const std::string& path) const {
  return path == "/ws" || path == "/ws/" || is_socketio_path(path);
}

void ws_endpoint::upgrade(beast::tcp_stream stream, beast_request,
                          std::shared_ptr<const http_request> view,
                          std::string leftover, std::shared_ptr<void> slot) {
  auto& disp = impl_->disp;
  if (auto err = check_handshake(*view)) {
    std::vector<std::pair<std::string, std::string>> h;
    if (err->status == 426)
      h.emplace_back("Sec-WebSocket-Version", "13");
    return reject(std::move(stream), *err, std::move(h));
  }
  // Browsers send Origin: refuse foreign pages (cross-site WebSocket
  // hijacking). Non-browser agents send none.
  auto origin = view->header("origin");
  if (!origin.empty() && !disp.origin_allowed(origin))
    return reject(std::move(stream),
                  api_error{403, "origin_not_allowed",
                            "this Origin is not in ALLOWED_ORIGINS"});
  bool socketio = is_socketio_path(view->path);
  std::unique_ptr<ws_protocol> proto;
  std::string agent_id; // known now for /ws; at CONNECT for Socket.IO
  if (socketio) {
    // Socket.IO authenticates at the namespace CONNECT, where a refusal
    // reaches the client as connect_error (protocols.md §A.1).
    if (auto err = check_engineio(*view))
      return reject(std::move(stream), *err);
    proto
      = make_socketio_protocol(impl_->registry, disp, disp.context().runtime,
                               token_of(*view), impl_->timing);
  } else {
    auto who = disp.authenticate(token_of(*view));
    if (auto* err = std::get_if<api_error>(&who)) {
      if (auto wait = disp.limit_anonymous(view->remote_ip); wait > 0)
        return reject(std::move(stream), errors::rate_limited(wait),
                      {{"Retry-After", std::to_string(wait)}});
      return reject(std::move(stream), *err);
    }
    auto& id = std::get<identity>(who);
    // The JWT leeway is for clock skew on requests; a connection would be
    // closed at its first heartbeat, so refuse it now with a clear reason.
    if (id.exp <= static_cast<std::int64_t>(std::time(nullptr)))
      return reject(std::move(stream),
                    api_error{401, "token_expired",
                              "session token expired; create a new session"});
    if (!impl_->registry.acquire(id.agent_id))
      return reject(std::move(stream),
                    api_error{429, "too_many_connections",
                              "this agent has too many open connections"});
    agent_id = id.agent_id;
    proto = make_json_protocol(impl_->registry, disp.context().runtime,
                               {id.agent_id, id.name, id.role, id.exp});
  }
  auto conn = std::make_shared<ws_connection>(
    std::move(stream), impl_->registry.stats(), std::move(slot));
  impl_->registry.track(conn, agent_id);
  auto response = std::make_shared<std::string>(
    "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\n"
    "Connection: Upgrade\r\nServer: agenthub\r\nSec-WebSocket-Accept: "
    + websocket_accept_key(view->header("sec-websocket-key")) + "\r\n\r\n");
  auto* p = proto.release();
  conn->write_raw(response, [conn, p, leftover](bool ok) mutable {
    std::unique_ptr<ws_protocol> owned{p};
    if (!ok) {
      // The protocol never opened: close it so it releases its slot.
      owned->on_closed(*conn);
      return;
    }
    conn->start(std::move(owned), std::move(leftover));
  });
}

void ws_endpoint::close_all(std::uint16_t code, const std::string& reason) {
  for (auto& c : impl_->registry.connections(""))
    c->close(code, reason);
}

void ws_endpoint::close_agent(const std::string& agent_id, std::uint16_t code,
                              const std::string& reason) {
  for (auto& c : impl_->registry.connections(agent_id))
    c->close(code, reason);
}

void ws_endpoint::set_recorder(traffic_recorder* r) {
  impl_->registry.set_recorder(r);
}

std::size_t ws_endpoint::open_connections() const {
  return impl_->registry.stats()->open.load();
}

} // namespace agenthub::net

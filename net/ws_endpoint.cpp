// The `/ws` endpoint: RFC 6455 handshake, JWT check, limits, JSON protocol.
#include "net/ws_endpoint.hpp"

#include "actors/hub_runtime.hpp"
#include "config/defaults.hpp"
#include "net/close_codes.hpp"
#include "net/dispatcher.hpp"
#include "net/ws_connection.hpp"
#include "net/ws_json_codec.hpp"
#include "net/ws_sink.hpp"

#include <boost/asio/write.hpp>
#include <spdlog/spdlog.h>

#include <ctime>
#include <map>
#include <mutex>

namespace agenthub::net {

namespace {

const wire_format json_format{framing::json_ws, &encode_ws_reply,
                              &encode_ws_error, &encode_ws_event};

/// Per-agent connection counts on this node.
class connection_limits {
public:
  bool acquire(const std::string& agent) {
    std::lock_guard<std::mutex> g{mutex_};
    auto& n = counts_[agent];
    if (n >= defaults::max_connections_per_agent)
      return false;
    ++n;
    return true;
  }

  void release(const std::string& agent) {
    std::lock_guard<std::mutex> g{mutex_};
    if (auto i = counts_.find(agent); i != counts_.end() && --i->second == 0)
      counts_.erase(i);
  }

private:
  std::mutex mutex_;
  std::map<std::string, unsigned> counts_;
};

/// A connection-level flood guard in front of the session's 30 events/s
/// limit: it bounds what can pile up in the session's mailbox.
class flood_guard {
public:
  bool allow() {
    auto now = std::chrono::steady_clock::now();
    std::chrono::duration<double> dt = now - last_;
    last_ = now;
    tokens_ = std::min(200.0, tokens_ + dt.count() * 100.0);
    if (tokens_ < 1.0)
      return false;
    tokens_ -= 1.0;
    return true;
  }

private:
  double tokens_ = 200.0;
  std::chrono::steady_clock::time_point last_
    = std::chrono::steady_clock::now();
};

} // namespace

struct ws_endpoint::impl {
  explicit impl(dispatcher& d) : disp(d) {
  }

  dispatcher& disp;
  std::shared_ptr<ws_stats> stats = std::make_shared<ws_stats>();
  connection_limits limits;
  std::mutex mutex;
  struct tracked {
    std::weak_ptr<ws_connection> conn;
    std::string agent_id;
  };
  std::map<ws_connection*, tracked> live;

  void track(const std::shared_ptr<ws_connection>& c,
             const std::string& agent_id) {
    std::lock_guard<std::mutex> g{mutex};
    live[c.get()] = tracked{c, agent_id};
  }

  std::vector<std::shared_ptr<ws_connection>>
  connections(const std::string& agent_id) {
    std::vector<std::shared_ptr<ws_connection>> out;
    std::lock_guard<std::mutex> g{mutex};
    for (auto& [p, t] : live)
      if (agent_id.empty() || t.agent_id == agent_id)
        if (auto c = t.conn.lock())
          out.push_back(c);
    return out;
  }

  void untrack(ws_connection* c) {
    std::lock_guard<std::mutex> g{mutex};
    live.erase(c);
  }
};

namespace {

/// The `/ws` protocol: JSON frames to session commands.
class json_protocol : public ws_protocol {
public:
  json_protocol(ws_endpoint::impl& ep, hub_runtime& rt, session_identity who)
    : ep_(ep), runtime_(rt), who_(std::move(who)) {
  }

  void on_open(ws_connection& c) override {
    auto sink = std::make_shared<ws_sink>(c.weak_from_this(), json_format);
    link_ = runtime_.open_session(who_, sink);
    c.set_on_drained([link = link_] { link->drained(); });
    spdlog::debug("ws: agent {} connected from {}", who_.name, c.remote_ip());
  }

  void on_text(ws_connection& c, std::string text) override {
    if (!flood_.allow()) {
      if (++refused_ > 1000)
        return c.close(close_code::rate_limited, "flooding");
      c.send(ws_frame(ws_opcode::text,
                      encode_ws_error("", "rate_limited", "slow down")));
      return;
    }
    link_->command(decode_ws_json(text));
  }

  void on_binary(ws_connection& c, std::string) override {
    c.close(close_code::unsupported,
            "binary frames are not supported; send JSON text frames");
  }

  void on_closed(ws_connection& c) override {
    if (link_)
      link_->closed();
    ep_.limits.release(who_.agent_id);
    ep_.untrack(&c);
    spdlog::debug("ws: agent {} disconnected", who_.name);
  }

private:
  ws_endpoint::impl& ep_;
  hub_runtime& runtime_;
  session_identity who_;
  std::shared_ptr<session_link> link_;
  flood_guard flood_;
  unsigned refused_ = 0;
};

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

} // namespace

ws_endpoint::ws_endpoint(dispatcher& d) : impl_(new impl{d}) {
  // Disabling an agent takes effect on open connections too.
  d.context().agents.on_disabled([this](const std::string& agent_id) {
    close_agent(agent_id, close_code::agent_disabled, "agent disabled");
  });
}

ws_endpoint::~ws_endpoint() = default;

bool ws_endpoint::handles(const std::string& path) const {
  return path == "/ws" || path == "/ws/";
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
  auto token = bearer_token(view->header("authorization"));
  if (token.empty())
    if (auto q = view->query.find("token"); q != view->query.end())
      token = q->second;
  auto who = disp.authenticate(token);
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
  if (!impl_->limits.acquire(id.agent_id))
    return reject(
      std::move(stream),
      api_error{429, "too_many_connections",
                "this agent already has "
                  + std::to_string(defaults::max_connections_per_agent)
                  + " open connections"});
  session_identity sid{id.agent_id, id.name, id.role, id.exp};
  auto conn = std::make_shared<ws_connection>(std::move(stream), impl_->stats,
                                              std::move(slot));
  impl_->track(conn, sid.agent_id);
  auto response = std::make_shared<std::string>(
    "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\n"
    "Connection: Upgrade\r\nServer: agenthub\r\nSec-WebSocket-Accept: "
    + websocket_accept_key(view->header("sec-websocket-key")) + "\r\n\r\n");
  auto* ep = impl_.get();
  auto& rt = disp.context().runtime;
  conn->write_raw(response, [conn, ep, &rt, sid, leftover](bool ok) mutable {
    if (!ok) {
      ep->limits.release(sid.agent_id);
      ep->untrack(conn.get());
      return;
    }
    conn->start(std::make_unique<json_protocol>(*ep, rt, sid),
                std::move(leftover));
  });
}

void ws_endpoint::close_all(std::uint16_t code, const std::string& reason) {
  for (auto& c : impl_->connections(""))
    c->close(code, reason);
}

void ws_endpoint::close_agent(const std::string& agent_id, std::uint16_t code,
                              const std::string& reason) {
  for (auto& c : impl_->connections(agent_id))
    c->close(code, reason);
}

std::size_t ws_endpoint::open_connections() const {
  return impl_->stats->open.load();
}

} // namespace agenthub::net

// Middleware order: CORS preflight, route lookup, rate limit, auth, handler.
#include "net/dispatcher.hpp"

#include "config/config.hpp"
#include "config/defaults.hpp"
#include "net/probe.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <atomic>
#include <chrono>

namespace agenthub::net {

std::string bearer_token(const std::string& authorization) {
  // RFC 6750: the scheme is case-insensitive.
  if (authorization.size() < 7)
    return {};
  std::string scheme = authorization.substr(0, 7);
  std::transform(scheme.begin(), scheme.end(), scheme.begin(), ::tolower);
  if (scheme != "bearer ")
    return {};
  auto token = authorization.substr(7);
  auto b = token.find_first_not_of(' ');
  if (b == std::string::npos)
    return {};
  token = token.substr(b);
  while (!token.empty() && token.back() == ' ')
    token.pop_back();
  return token;
}

dispatcher::dispatcher(hub_context& ctx, router routes)
  : ctx_(ctx), routes_(std::move(routes)),
    anonymous_(defaults::rate_limit_anonymous_per_minute,
               defaults::rate_limit_table_capacity),
    agents_(defaults::rate_limit_agent_per_minute,
            defaults::rate_limit_table_capacity) {
}

unsigned dispatcher::limit_anonymous(const std::string& ip) {
  auto wait = anonymous_.acquire(ip);
  if (wait > 0)
    probe::rate_limited("anonymous");
  return wait;
}

bool dispatcher::origin_allowed(const std::string& origin) const {
  const auto& list = ctx_.cfg.allowed_origins;
  return std::find(list.begin(), list.end(), origin) != list.end();
}

std::variant<identity, api_error>
dispatcher::authenticate(const std::string& jwt) const {
  if (jwt.empty())
    return errors::unauthorized("missing bearer token; create a session with "
                                "POST /api/v1/sessions");
  auto now = std::chrono::duration_cast<std::chrono::seconds>(
               std::chrono::system_clock::now().time_since_epoch())
               .count();
  auto verified = ctx_.keyring.verify(jwt, now, defaults::jwt_leeway);
  if (auto* err = std::get_if<auth::jwt_error>(&verified)) {
    if (*err == auth::jwt_error::expired)
      return api_error{401, "token_expired",
                       "session token expired; create a new session"};
    return errors::invalid_token(std::string{"session token rejected: "}
                                 + auth::to_string(*err));
  }
  auto& c = std::get<auth::jwt_claims>(verified);
  if (ctx_.agents.is_disabled(c.sub))
    return api_error{401, "agent_disabled", "this agent is disabled"};
  return identity{c.sub, c.name, c.role, c.jti, c.exp};
}

namespace {

void add_cors(http_response& r, const std::string& origin) {
  r.headers.emplace_back("Access-Control-Allow-Origin", origin);
  r.headers.emplace_back("Vary", "Origin");
}

} // namespace

void dispatcher::dispatch(std::shared_ptr<const http_request> req,
                          responder done) {
  auto start = std::chrono::steady_clock::now();
  auto origin = req->header("origin");
  bool cors = !origin.empty() && origin_allowed(origin);
  auto m = routes_.find(req->method, req->path);
  std::string route = m.found ? m.found->pattern : "unmatched";

  // Every exit goes through `finish`: CORS headers, metrics, exactly once.
  auto once = std::make_shared<std::atomic<bool>>(false);
  auto method = req->method;
  responder finish = [done = std::move(done), once, start, route, method, cors,
                      origin](http_response r) {
    if (once->exchange(true))
      return;
    if (cors)
      add_cors(r, origin);
    std::chrono::duration<double> d = std::chrono::steady_clock::now() - start;
    probe::http_request(method, route, r.status, d.count());
    done(std::move(r));
  };

  if (req->method == "OPTIONS") {
    http_response r;
    r.status = 204;
    r.content_type.clear();
    if (cors) {
      r.headers.emplace_back("Access-Control-Allow-Methods",
                             "GET, POST, PATCH, DELETE, OPTIONS");
      r.headers.emplace_back("Access-Control-Allow-Headers",
                             "Authorization, Content-Type, Mcp-Session-Id, "
                             "MCP-Protocol-Version");
      r.headers.emplace_back("Access-Control-Max-Age", "600");
    }
    return finish(std::move(r));
  }
  if (!m.found) {
    if (!m.allowed.empty()) {
      auto r = error_response(errors::method_not_allowed());
      r.headers.emplace_back("Allow", m.allowed);
      return finish(std::move(r));
    }
    return finish(error_response(errors::not_found("route")));
  }
  const auto& rt = *m.found;
  request_context ctx{req, std::move(m.params), std::nullopt, rt.pattern};

  auto limit
    = [&](rate_limiter& rl, const std::string& key, const char* scope) {
        if (!rt.rate_limited)
          return false;
        if (auto wait = rl.acquire(key); wait > 0) {
          probe::rate_limited(scope);
          auto r = error_response(errors::rate_limited(wait));
          r.headers.emplace_back("Retry-After", std::to_string(wait));
          finish(std::move(r));
          return true;
        }
        return false;
      };

  if (rt.who == access::open) {
    if (limit(anonymous_, req->remote_ip, "anonymous"))
      return;
  } else {
    auto who = authenticate(bearer_token(req->header("authorization")));
    if (auto* err = std::get_if<api_error>(&who)) {
      // Failed authentications count against the client address, so token
      // guessing is limited like any anonymous traffic.
      if (limit(anonymous_, req->remote_ip, "anonymous"))
        return;
      return finish(error_response(*err));
    }
    auto& id = std::get<identity>(who);
    if (rt.who == access::admin && !id.is_admin())
      return finish(
        error_response(errors::forbidden("this operation needs an admin")));
    if (limit(agents_, id.agent_id, "agent"))
      return;
    ctx.who = std::move(id);
  }
  try {
    rt.fn(std::move(ctx), finish);
  } catch (const std::exception& e) {
    spdlog::error("handler {} {} failed: {}", req->method, rt.pattern,
                  e.what());
    finish(error_response(errors::internal()));
  }
}

} // namespace agenthub::net

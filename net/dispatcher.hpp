// The request pipeline: CORS, rate limits, authentication, routing, metrics.
#pragma once

#include "net/api_error.hpp"
#include "net/hub_context.hpp"
#include "net/rate_limiter.hpp"
#include "net/router.hpp"

#include <memory>
#include <variant>

namespace agenthub::net {

/// Runs every HTTP request (not WebSocket upgrades) through the middleware
/// and its route. Called on I/O threads: it never blocks; handlers hand
/// blocking work to the pools.
class dispatcher {
public:
  dispatcher(hub_context& ctx, router routes);

  /// Handles one request; `done` is called exactly once, on any thread.
  void dispatch(std::shared_ptr<const http_request> req, responder done);

  /// Verifies a session JWT from an Authorization header value or a raw
  /// token, including the disabled-agent check. Used by WebSocket upgrades.
  std::variant<identity, api_error> authenticate(const std::string& jwt) const;

  /// Counts a request against the per-address limit; 0 if allowed, else
  /// the seconds to wait (used for failed WebSocket authentications).
  unsigned limit_anonymous(const std::string& ip);

  /// True if `origin` is in ALLOWED_ORIGINS (exact match).
  bool origin_allowed(const std::string& origin) const;

  hub_context& context() {
    return ctx_;
  }

private:
  hub_context& ctx_;
  router routes_;
  rate_limiter anonymous_;
  rate_limiter agents_;
};

/// The bearer token of an Authorization header value, or "".
std::string bearer_token(const std::string& authorization);

} // namespace agenthub::net

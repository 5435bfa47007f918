// Route table: method + path pattern ("/api/v1/agents/:id") -> handler.
#pragma once

#include "net/http_types.hpp"

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace agenthub::net {

/// The authenticated caller of a request (from a verified session JWT).
struct identity {
  std::string agent_id;
  std::string name;
  std::string role;
  std::string jti;
  std::int64_t exp = 0;

  bool is_admin() const {
    return role == "admin";
  }
};

/// Who may call a route.
enum class access {
  open,  ///< no session needed (rate-limited per client IP)
  agent, ///< any enabled agent with a valid session JWT
  admin, ///< an admin's session JWT
};

/// Everything a handler gets about its request.
struct request_context {
  std::shared_ptr<const http_request> req;
  std::map<std::string, std::string> params; ///< path parameters
  std::optional<identity> who;               ///< set for agent/admin routes
  std::string route;                         ///< matched pattern

  /// A path parameter (empty if absent).
  std::string param(const std::string& name) const;
};

/// A route handler: must eventually call the responder exactly once.
using handler = std::function<void(request_context, responder)>;

/// One registered route.
struct route {
  std::string method;
  std::string pattern;
  access who;
  bool rate_limited;
  handler fn;
  std::vector<std::string> segments;
};

/// Matches requests to routes. Literal segments win over `:param` segments
/// when both match (so "/agents/me" beats "/agents/:id").
class router {
public:
  /// Registers a route.
  void add(std::string method, std::string pattern, access who, handler fn,
           bool rate_limited = true);

  /// Result of a lookup.
  struct match {
    const route* found = nullptr; ///< null: no route for method
    std::map<std::string, std::string> params;
    std::string allowed; ///< "GET, POST" when path exists
  };

  /// Looks up `method` + `path`; `found` is null when nothing matches.
  match find(const std::string& method, const std::string& path) const;

private:
  std::vector<route> routes_;
};

/// Splits "/a/b/" into {"a", "b"}.
std::vector<std::string> split_path(const std::string& path);

} // namespace agenthub::net

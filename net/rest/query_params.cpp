// Strict integer parsing for query parameters.
#include "net/rest/query_params.hpp"

#include <cerrno>
#include <cstdlib>

namespace agenthub::net {

std::variant<std::optional<long long>, api_error>
opt_int_param(const request_context& ctx, const std::string& name,
              long long min, long long max) {
  auto i = ctx.req->query.find(name);
  if (i == ctx.req->query.end())
    return std::optional<long long>{};
  const auto& s = i->second;
  char* end = nullptr;
  errno = 0;
  long long v
    = s.empty() || s.size() > 19 ? 0 : std::strtoll(s.c_str(), &end, 10);
  if (s.empty() || s.size() > 19 || errno != 0 || end != s.c_str() + s.size()
      || v < min || v > max)
    return errors::validation(
      "query parameter '" + name + "' must be an integer from "
      + std::to_string(min) + " to " + std::to_string(max));
  return std::optional<long long>{v};
}

std::variant<long long, api_error> int_param(const request_context& ctx,
                                             const std::string& name,
                                             long long fallback, long long min,
                                             long long max) {
  auto v = opt_int_param(ctx, name, min, max);
  if (auto* err = std::get_if<api_error>(&v))
    return *err;
  return std::get<0>(v).value_or(fallback);
}

} // namespace agenthub::net

// Validated query parameters (limits, cursors) for list endpoints.
#pragma once

#include "net/api_error.hpp"
#include "net/router.hpp"

#include <optional>
#include <string>
#include <variant>

namespace agenthub::net {

/// An integer query parameter within [min, max]; `fallback` when absent.
/// A malformed or out-of-range value is a 422 naming the parameter.
std::variant<long long, api_error> int_param(const request_context& ctx,
                                             const std::string& name,
                                             long long fallback, long long min,
                                             long long max);

/// Like int_param, but absent stays absent.
std::variant<std::optional<long long>, api_error>
opt_int_param(const request_context& ctx, const std::string& name,
              long long min, long long max);

} // namespace agenthub::net

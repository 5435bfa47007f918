// REST errors: {"error":{"code","message"}} with the matching HTTP status.
#pragma once

#include "net/http_types.hpp"

#include <nlohmann/json_fwd.hpp>

#include <string>

namespace agenthub::net {

/// A client-visible error. `code` is stable snake_case (documented in
/// docs/api.md); `message` is for humans and may change.
struct api_error {
  unsigned status;
  std::string code;
  std::string message;
};

/// The JSON error response for `e`.
http_response error_response(const api_error& e);

/// A JSON response with `status` and `body`.
http_response json_response(unsigned status, const nlohmann::json& body);

namespace errors {
api_error bad_request(std::string message);
api_error invalid_json(std::string message);
api_error validation(std::string message); ///< 422 validation_failed
api_error unauthorized(std::string message);
api_error invalid_token(std::string message);
api_error forbidden(std::string message);
api_error not_found(std::string what);
api_error conflict(std::string code, std::string message);
api_error payload_too_large();
api_error unsupported_media_type();
api_error method_not_allowed();
api_error rate_limited(unsigned retry_after_seconds);
api_error unavailable(std::string message); ///< 503, retryable
api_error internal();
} // namespace errors

} // namespace agenthub::net

// Construction of error and JSON responses.
#include "net/api_error.hpp"

#include <nlohmann/json.hpp>

namespace agenthub::net {

http_response error_response(const api_error& e) {
  nlohmann::json body = {{"error", {{"code", e.code}, {"message", e.message}}}};
  http_response r;
  r.status = e.status;
  r.body = body.dump();
  if (e.status == 401) {
    // RFC 6750 §3: name the problem when a token was presented.
    bool bad_token = e.code == "invalid_token" || e.code == "token_expired"
                     || e.code == "agent_disabled";
    r.headers.emplace_back("WWW-Authenticate",
                           bad_token ? "Bearer realm=\"agenthub\", "
                                       "error=\"invalid_token\""
                                     : "Bearer realm=\"agenthub\"");
  }
  return r;
}

http_response json_response(unsigned status, const nlohmann::json& body) {
  http_response r;
  r.status = status;
  // Replace invalid UTF-8 instead of throwing: a stored string can never
  // turn a response into a 500.
  r.body = body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  return r;
}

namespace errors {

api_error bad_request(std::string message) {
  return {400, "bad_request", std::move(message)};
}
api_error invalid_json(std::string message) {
  return {400, "invalid_json", std::move(message)};
}
api_error validation(std::string message) {
  return {422, "validation_failed", std::move(message)};
}
api_error unauthorized(std::string message) {
  return {401, "unauthorized", std::move(message)};
}
api_error invalid_token(std::string message) {
  return {401, "invalid_token", std::move(message)};
}
api_error forbidden(std::string message) {
  return {403, "forbidden", std::move(message)};
}
api_error not_found(std::string what) {
  return {404, "not_found", std::move(what) + " not found"};
}
api_error conflict(std::string code, std::string message) {
  return {409, std::move(code), std::move(message)};
}
api_error payload_too_large() {
  return {413, "payload_too_large", "request body exceeds the size limit"};
}
api_error unsupported_media_type() {
  return {415, "unsupported_media_type",
          "send the body as Content-Type: application/json"};
}
api_error method_not_allowed() {
  return {405, "method_not_allowed", "method not allowed on this resource"};
}
api_error rate_limited(unsigned retry_after_seconds) {
  return {429, "rate_limited",
          "too many requests; retry after "
            + std::to_string(retry_after_seconds) + " s"};
}
api_error unavailable(std::string message) {
  return {503, "unavailable", std::move(message)};
}
api_error internal() {
  return {500, "internal_error", "internal error; see the hub's log"};
}

} // namespace errors

} // namespace agenthub::net

// Plain HTTP request/response values: what handlers see instead of Beast.
#pragma once

#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace agenthub::net {

/// A complete, size-checked HTTP request as handlers see it.
struct http_request {
  std::string method;                       ///< "GET", "POST", ...
  std::string path;                         ///< percent-decoded path, no query
  std::map<std::string, std::string> query; ///< decoded query parameters
  std::vector<std::pair<std::string, std::string>>
    headers; ///< lower-case names
  std::string body;
  std::string remote_ip;

  /// The first header with this lower-case name, or "".
  std::string header(std::string_view lower_name) const;
};

/// A response; `headers` are added to the defaults (content type, security).
struct http_response {
  unsigned status = 200;
  std::string content_type = "application/json";
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;
};

/// Completes a request. Callable from any thread, exactly once.
using responder = std::function<void(http_response)>;

/// Splits "a=1&b=%20x" into decoded pairs (later duplicates are ignored).
std::map<std::string, std::string> parse_query(std::string_view query);

/// Percent-decodes `in`; `plus_is_space` for query strings. Returns false for
/// malformed escapes.
bool percent_decode(std::string_view in, std::string& out, bool plus_is_space);

} // namespace agenthub::net

// The hub's base URL, as given to `agenthub login --url`.
#pragma once

#include <optional>
#include <string>

namespace agenthub::cli {

/// A parsed `http://host[:port][/prefix]` URL. Only plain HTTP: the hub
/// speaks no TLS itself (docs/security.md), so the CLI talks to its port.
struct hub_url {
  std::string host; ///< name or address, without IPv6 brackets
  std::string port; ///< "80" when the URL names none
  std::string base; ///< path prefix without trailing '/' ("" or "/hub")

  /// "host:port" as sent in the Host header ("[::1]:3000" for IPv6).
  std::string host_header() const;
  /// The URL in canonical form: "http://host:port/prefix".
  std::string to_string() const;
  /// `base` + `path` (`path` starts with '/').
  std::string target(const std::string& path) const;
};

/// Parses `text`; nullopt with `why` set if it is not a usable hub URL.
std::optional<hub_url> parse_hub_url(const std::string& text, std::string& why);

} // namespace agenthub::cli

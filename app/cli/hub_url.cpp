// Parsing of the hub URL given to `agenthub login`.
#include "app/cli/hub_url.hpp"

#include <algorithm>
#include <cctype>

namespace agenthub::cli {

std::string hub_url::host_header() const {
  auto h = host.find(':') != std::string::npos ? "[" + host + "]" : host;
  return h + ":" + port;
}

std::string hub_url::to_string() const {
  return "http://" + host_header() + base;
}

std::string hub_url::target(const std::string& path) const {
  return base + path;
}

namespace {

bool valid_port(const std::string& p) {
  if (p.empty() || p.size() > 5
      || !std::all_of(p.begin(), p.end(),
                      [](unsigned char c) { return std::isdigit(c); }))
    return false;
  auto n = std::stoi(p);
  return n >= 1 && n <= 65535;
}

/// A DNS name or IPv4 address; `ipv6` also allows ':' (inside brackets).
bool valid_host(const std::string& h, bool ipv6) {
  return !h.empty() && std::all_of(h.begin(), h.end(), [&](unsigned char c) {
    return std::isalnum(c) || c == '.' || c == '-' || c == '_'
           || (ipv6 && c == ':');
  });
}

} // namespace

std::optional<hub_url> parse_hub_url(const std::string& text,
                                     std::string& why) {
  const std::string scheme = "http://";
  if (text.rfind("https://", 0) == 0) {
    why = "https:// is not supported: the CLI speaks plain HTTP; use the "
          "hub's own port (e.g. through an SSH tunnel)";
    return std::nullopt;
  }
  if (text.rfind(scheme, 0) != 0) {
    why = "the URL must start with http:// (e.g. http://127.0.0.1:3000)";
    return std::nullopt;
  }
  auto rest = text.substr(scheme.size());
  auto slash = rest.find('/');
  auto authority = rest.substr(0, slash);
  std::string path = slash == std::string::npos ? "" : rest.substr(slash);
  if (path.find_first_of("?#") != std::string::npos) {
    why = "the URL must not have a query or fragment";
    return std::nullopt;
  }
  while (!path.empty() && path.back() == '/')
    path.pop_back();
  if (authority.find('@') != std::string::npos) {
    why = "the URL must not contain credentials; use --token";
    return std::nullopt;
  }
  hub_url out;
  out.base = path;
  out.port = "80";
  bool ipv6 = !authority.empty() && authority[0] == '[';
  if (ipv6) {
    auto close = authority.find(']');
    if (close == std::string::npos) {
      why = "unterminated IPv6 address in the URL";
      return std::nullopt;
    }
    out.host = authority.substr(1, close - 1);
    auto after = authority.substr(close + 1);
    if (!after.empty()) {
      if (after[0] != ':') {
        why = "bad text after the IPv6 address in the URL";
        return std::nullopt;
      }
      out.port = after.substr(1);
    }
  } else {
    auto colon = authority.rfind(':');
    out.host = authority.substr(0, colon);
    if (colon != std::string::npos)
      out.port = authority.substr(colon + 1);
  }
  if (!valid_host(out.host, ipv6)) {
    why = "the URL has no valid host";
    return std::nullopt;
  }
  if (!valid_port(out.port)) {
    why = "the URL's port must be a number from 1 to 65535";
    return std::nullopt;
  }
  return out;
}

} // namespace agenthub::cli

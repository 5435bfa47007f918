// The target URL and the loopback-only rule.
#include "tools/loadgen/target.hpp"

#include <boost/asio/ip/address.hpp>

#include <sstream>

namespace agenthub::loadgen {

bool is_loopback_literal(const std::string& address) {
  boost::system::error_code ec;
  auto a = boost::asio::ip::make_address(address, ec);
  return !ec && a.is_loopback();
}

std::variant<target, std::string> parse_target(const std::string& url) {
  std::string rest;
  for (const char* scheme : {"http://", "ws://"}) {
    std::string s = scheme;
    if (url.compare(0, s.size(), s) == 0)
      rest = url.substr(s.size());
  }
  if (rest.empty())
    return "--url must be http://HOST:PORT (got '" + url + "')";
  rest = rest.substr(0, rest.find('/'));
  target t;
  std::string port;
  if (!rest.empty() && rest[0] == '[') {
    auto close = rest.find(']');
    if (close == std::string::npos)
      return "--url: unterminated [IPv6] address";
    t.host = rest.substr(1, close - 1);
    if (close + 1 < rest.size() && rest[close + 1] == ':')
      port = rest.substr(close + 2);
    t.v6 = true;
  } else {
    auto colon = rest.find(':');
    t.host = rest.substr(0, colon);
    if (colon != std::string::npos)
      port = rest.substr(colon + 1);
  }
  if (t.host == "localhost")
    t.host = "127.0.0.1";
  if (!is_loopback_literal(t.host))
    return "refusing target '" + t.host
           + "': only loopback (127.0.0.0/8, ::1, localhost) is allowed";
  t.v6 = t.host.find(':') != std::string::npos;
  if (port.empty()) {
    t.port = 80;
  } else {
    if (port.find_first_not_of("0123456789") != std::string::npos
        || port.size() > 5 || std::stoul(port) == 0 || std::stoul(port) > 65535)
      return "--url: bad port '" + port + "'";
    t.port = static_cast<std::uint16_t>(std::stoul(port));
  }
  t.host_header
    = (t.v6 ? "[" + t.host + "]" : t.host) + ":" + std::to_string(t.port);
  return t;
}

std::variant<std::vector<std::string>, std::string>
parse_source_ips(const std::string& list, bool v6) {
  std::vector<std::string> out;
  std::stringstream ss(list);
  std::string item;
  while (std::getline(ss, item, ',')) {
    if (item.empty())
      continue;
    if (!is_loopback_literal(item))
      return "--source-ips: '" + item + "' is not a loopback address";
    if ((item.find(':') != std::string::npos) != v6)
      return "--source-ips: '" + item
             + "' is not of the target's address family";
    out.push_back(item);
  }
  if (out.empty())
    return "--source-ips: no address given";
  return out;
}

} // namespace agenthub::loadgen

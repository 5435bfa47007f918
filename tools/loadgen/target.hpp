// The target URL: parsing and the loopback-only rule.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <variant>
#include <vector>

namespace agenthub::loadgen {

/// Where the hub (or a baseline server) listens: a loopback address.
struct target {
  std::string host; ///< the address literal to connect to
  std::uint16_t port = 0;
  std::string host_header; ///< the Host header ("127.0.0.1:3000")
  bool v6 = false;
};

/// Parses `http://HOST:PORT` (or ws://; the path, if any, is ignored).
/// Only loopback targets are accepted: 127.0.0.0/8, ::1 and `localhost`
/// (taken as 127.0.0.1, without DNS). Returns the refusal reason otherwise:
/// a load tool must not be pointed at someone else's server by accident.
std::variant<target, std::string> parse_target(const std::string& url);

/// Whether an address literal is loopback (127.0.0.0/8 or ::1).
bool is_loopback_literal(const std::string& address);

/// Parses "--source-ips a,b,…": loopback literals of the target's family.
std::variant<std::vector<std::string>, std::string>
parse_source_ips(const std::string& list, bool v6);

} // namespace agenthub::loadgen

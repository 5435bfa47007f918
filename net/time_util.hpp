// Wall-clock helpers: unix seconds and ISO 8601 rendering.
#pragma once

#include <chrono>
#include <cstdint>
#include <ctime>
#include <string>

namespace agenthub::net {

/// Seconds since the unix epoch, now.
inline std::int64_t unix_now() {
  return std::chrono::duration_cast<std::chrono::seconds>(
           std::chrono::system_clock::now().time_since_epoch())
    .count();
}

/// "2026-11-22T10:00:00.000Z" for a unix time in seconds.
inline std::string iso8601_utc(std::int64_t unix_seconds) {
  std::time_t t = static_cast<std::time_t>(unix_seconds);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%S.000Z", &tm);
  return buf;
}

} // namespace agenthub::net

// Wall-clock timestamps in the API's format.
#pragma once

#include <chrono>
#include <string>

namespace agenthub {

/// Now as ISO 8601 UTC with milliseconds: "2026-11-22T10:00:00.123Z".
std::string now_iso8601();

/// `t` as ISO 8601 UTC with milliseconds (the format of now_iso8601).
std::string iso8601(std::chrono::system_clock::time_point t);

} // namespace agenthub

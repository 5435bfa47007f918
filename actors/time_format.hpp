// Wall-clock timestamps in the API's format.
#pragma once

#include <string>

namespace agenthub {

/// Now as ISO 8601 UTC with milliseconds: "2026-11-22T10:00:00.123Z".
std::string now_iso8601();

} // namespace agenthub

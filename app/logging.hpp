// Process-wide logging setup: human text or JSON lines, on stderr.
#pragma once

#include <string>

namespace agenthub {

/// Configures the default spdlog logger. Logs go to stderr so stdout stays
/// free for command output (bootstrap-admin prints its token there).
void setup_logging(const std::string& level, bool json);

} // namespace agenthub

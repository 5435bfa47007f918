// The --reuse file: agents, API tokens, JWTs and rooms of an earlier run.
#pragma once

#include "tools/loadgen/fleet.hpp"

#include <optional>
#include <string>

namespace agenthub::loadgen {

/// Loads a reuse file; nullopt if it does not exist. Throws setup_failure
/// if it exists but is unreadable or of another shape than `shape`.
std::optional<fleet> load_reuse_file(const std::string& path,
                                     const std::string& shape);

/// Writes a reuse file (mode 0600: it holds API tokens). Throws
/// setup_failure.
void save_reuse_file(const std::string& path, const std::string& shape,
                     const fleet& f);

} // namespace agenthub::loadgen

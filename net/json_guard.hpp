// Checks on untrusted JSON text before it is parsed.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace agenthub::net {

/// Nesting allowed in client JSON: our payloads need 4 levels; a cap keeps
/// recursive copies of hostile documents off the stack.
constexpr int json_max_depth = 64;

/// What is wrong with `text` before parsing, or nullopt: a raw NUL byte
/// (the parser would stop there and accept a prefix) or nesting deeper than
/// `json_max_depth`.
std::optional<std::string> json_text_problem(std::string_view text);

} // namespace agenthub::net

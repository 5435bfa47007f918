// NUL and depth checks over raw JSON text (one pass, strings skipped).
#include "net/json_guard.hpp"

namespace agenthub::net {

std::optional<std::string> json_text_problem(std::string_view text) {
  int depth = 0;
  bool in_string = false;
  bool escaped = false;
  for (char c : text) {
    if (c == '\0')
      return std::string{"JSON text contains a NUL byte"};
    if (in_string) {
      if (escaped)
        escaped = false;
      else if (c == '\\')
        escaped = true;
      else if (c == '"')
        in_string = false;
      continue;
    }
    if (c == '"') {
      in_string = true;
    } else if (c == '[' || c == '{') {
      if (++depth > json_max_depth)
        return "JSON nested deeper than " + std::to_string(json_max_depth)
               + " levels";
    } else if (c == ']' || c == '}') {
      --depth;
    }
  }
  return std::nullopt;
}

} // namespace agenthub::net

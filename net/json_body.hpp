// Request body parsing and field validation shared by the REST handlers.
#pragma once

#include "net/api_error.hpp"
#include "net/http_types.hpp"

#include <nlohmann/json.hpp>

#include <initializer_list>
#include <string>
#include <string_view>
#include <variant>

namespace agenthub::net {

/// The JSON type a body field must have.
enum class field_type { string, integer, boolean, object, array };

/// One allowed field of a request body.
struct field_rule {
  const char* name;
  field_type type;
  bool required;
  bool nullable = false;
};

/// Parses a JSON object body: 415 unless Content-Type is application/json,
/// 400 for malformed JSON or a non-object, 422 for missing, unknown or
/// wrongly typed fields. An empty body is treated as `{}` when `rules` has no
/// required field.
std::variant<nlohmann::json, api_error>
parse_json_body(const http_request& req,
                std::initializer_list<field_rule> rules);

/// Agent names and room slugs: `^[a-z0-9][a-z0-9_-]{0,63}$`.
bool is_slug(std::string_view s);

/// Valid UTF-8 with 1..max_chars code points and no control characters.
bool is_display_text(std::string_view s, std::size_t max_chars);

/// Valid UTF-8 (any length, control characters allowed except NUL).
bool is_valid_utf8(std::string_view s);

/// UUID text (8-4-4-4-12 hex digits, either case).
bool is_uuid(std::string_view s);

} // namespace agenthub::net

// Body parsing with strict schemas: wrong input changes nothing.
#include "net/json_body.hpp"

#include "net/json_guard.hpp"

#include <algorithm>
#include <cctype>

namespace agenthub::net {

namespace {

const char* type_name(field_type t) {
  switch (t) {
    case field_type::string:
      return "a string";
    case field_type::integer:
      return "an integer";
    case field_type::boolean:
      return "a boolean";
    case field_type::object:
      return "an object";
    case field_type::array:
      return "an array";
  }
  return "?";
}

bool has_type(const nlohmann::json& v, field_type t) {
  switch (t) {
    case field_type::string:
      return v.is_string();
    case field_type::integer:
      return v.is_number_integer();
    case field_type::boolean:
      return v.is_boolean();
    case field_type::object:
      return v.is_object();
    case field_type::array:
      return v.is_array();
  }
  return false;
}

bool is_json_content_type(const std::string& ct) {
  auto semi = ct.find(';');
  std::string base = ct.substr(0, semi);
  base.erase(std::remove_if(base.begin(), base.end(),
                            [](unsigned char c) { return std::isspace(c); }),
             base.end());
  std::transform(base.begin(), base.end(), base.begin(),
                 [](unsigned char c) { return std::tolower(c); });
  return base == "application/json";
}

} // namespace

std::variant<nlohmann::json, api_error>
parse_json_body(const http_request& req,
                std::initializer_list<field_rule> rules) {
  bool any_required = std::any_of(
    rules.begin(), rules.end(), [](const field_rule& r) { return r.required; });
  nlohmann::json body;
  if (req.body.empty() && !any_required) {
    body = nlohmann::json::object();
  } else {
    if (!is_json_content_type(req.header("content-type")))
      return errors::unsupported_media_type();
    if (req.body.empty())
      return errors::invalid_json("request body is empty; expected a JSON "
                                  "object");
    if (auto problem = json_text_problem(req.body))
      return errors::invalid_json(*problem);
    body = nlohmann::json::parse(req.body, nullptr, false);
    if (body.is_discarded())
      return errors::invalid_json("request body is not valid JSON");
    if (!body.is_object())
      return errors::invalid_json("request body must be a JSON object");
  }
  for (const auto& [key, value] : body.items()) {
    auto rule
      = std::find_if(rules.begin(), rules.end(),
                     [&](const field_rule& r) { return key == r.name; });
    if (rule == rules.end())
      return errors::validation("unknown field '" + key + "'");
    if (value.is_null() && rule->nullable)
      continue;
    if (!has_type(value, rule->type))
      return errors::validation("field '" + key + "' must be "
                                + type_name(rule->type));
  }
  for (const auto& r : rules)
    if (r.required && !body.contains(r.name))
      return errors::validation(std::string{"field '"} + r.name
                                + "' is required");
  return body;
}

bool is_slug(std::string_view s) {
  if (s.empty() || s.size() > 64)
    return false;
  auto alnum
    = [](char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'); };
  if (!alnum(s[0]))
    return false;
  return std::all_of(s.begin() + 1, s.end(),
                     [&](char c) { return alnum(c) || c == '_' || c == '-'; });
}

namespace {

/// Decodes one UTF-8 code point at s[i]; returns its length or 0 if invalid.
std::size_t utf8_next(std::string_view s, std::size_t i, char32_t& cp) {
  auto b = static_cast<unsigned char>(s[i]);
  std::size_t len = 0;
  if (b < 0x80) {
    cp = b;
    return 1;
  } else if ((b & 0xE0) == 0xC0) {
    len = 2;
    cp = b & 0x1F;
  } else if ((b & 0xF0) == 0xE0) {
    len = 3;
    cp = b & 0x0F;
  } else if ((b & 0xF8) == 0xF0) {
    len = 4;
    cp = b & 0x07;
  } else {
    return 0;
  }
  if (i + len > s.size())
    return 0;
  for (std::size_t k = 1; k < len; ++k) {
    auto c = static_cast<unsigned char>(s[i + k]);
    if ((c & 0xC0) != 0x80)
      return 0;
    cp = (cp << 6) | (c & 0x3F);
  }
  // Reject overlong forms, surrogates and values beyond U+10FFFF.
  if ((len == 2 && cp < 0x80) || (len == 3 && cp < 0x800)
      || (len == 4 && cp < 0x10000) || cp > 0x10FFFF
      || (cp >= 0xD800 && cp <= 0xDFFF))
    return 0;
  return len;
}

} // namespace

bool is_valid_utf8(std::string_view s) {
  for (std::size_t i = 0; i < s.size();) {
    char32_t cp = 0;
    auto n = utf8_next(s, i, cp);
    if (n == 0 || cp == 0)
      return false;
    i += n;
  }
  return true;
}

bool is_display_text(std::string_view s, std::size_t max_chars) {
  std::size_t chars = 0;
  for (std::size_t i = 0; i < s.size();) {
    char32_t cp = 0;
    auto n = utf8_next(s, i, cp);
    if (n == 0 || cp < 0x20 || cp == 0x7F)
      return false;
    i += n;
    ++chars;
  }
  return chars >= 1 && chars <= max_chars;
}

bool is_uuid(std::string_view s) {
  if (s.size() != 36)
    return false;
  for (std::size_t i = 0; i < 36; ++i) {
    char c = s[i];
    if (i == 8 || i == 13 || i == 18 || i == 23) {
      if (c != '-')
        return false;
    } else if (!std::isxdigit(static_cast<unsigned char>(c))) {
      return false;
    }
  }
  return true;
}

} // namespace agenthub::net

// Small helpers shared by the stores' SQL text and row decoding.
#pragma once

#include <pqxx/field>

#include <optional>
#include <string>

namespace agenthub::db {

/// SQL expression rendering a timestamptz column as ISO 8601 UTC with
/// milliseconds ("2026-11-22T10:00:00.123Z"), the API's time format.
inline std::string iso(const std::string& column) {
  return "to_char(" + column
         + " AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.MS\"Z\"')";
}

/// A nullable text field as std::optional.
inline std::optional<std::string> opt_text(const pqxx::field& f) {
  if (f.is_null())
    return std::nullopt;
  return f.as<std::string>();
}

} // namespace agenthub::db

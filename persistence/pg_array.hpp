// PostgreSQL array literals for array-typed statement parameters.
#pragma once

#include <string>
#include <vector>

namespace agenthub::db {

/// `{"a","b"}` with every element quoted and escaped: a parameter value for
/// `$1::text[]` / `$1::uuid[]` (libpqxx 6.4 has no array parameters). The
/// SQL text stays constant; this is data, never SQL.
std::string to_pg_array(const std::vector<std::string>& values);

} // namespace agenthub::db

// PostgreSQL connections: connection strings, opening, error classification.
#pragma once

#include <pqxx/connection>

#include <memory>
#include <stdexcept>
#include <string>

namespace agenthub::db {

/// The database could not be reached or the connection broke; retryable.
class unavailable : public std::runtime_error {
public:
  using std::runtime_error::runtime_error;
};

/// Turns `DATABASE_URL` (URI or keyword/value form) into a libpq keyword
/// string with `connect_timeout` and `application_name` set unless given.
/// Throws std::invalid_argument for a malformed URL; the message never
/// repeats the URL (it may hold a password).
std::string make_conninfo(const std::string& database_url);

/// Opens a connection and prepares every statement of every store.
/// Throws `unavailable` when the server cannot be reached.
std::unique_ptr<pqxx::connection> open_connection(const std::string& conninfo);

/// Prepares every store's statements on `c` (after a reconnect, too).
void prepare_statements(pqxx::connection& c);

/// True for errors that mean "the connection is gone" (retry elsewhere).
bool is_connection_error(const std::exception& e);

/// SQLSTATE of a pqxx::sql_error, or "" for anything else.
std::string sqlstate_of(const std::exception& e);

/// libpq's multi-line messages ("...failed\n\tIs the server running...")
/// joined into one line, so every log record stays one line.
std::string one_line(std::string message);

/// Host and port of a conninfo, for error messages (never the password).
std::string describe_target(const std::string& conninfo);

} // namespace agenthub::db

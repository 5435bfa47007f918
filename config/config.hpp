// AgentHub's runtime configuration: environment, optional file, validation.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <variant>
#include <vector>

namespace agenthub {

/// Looks up one variable by name (the process environment in production, a
/// map in tests).
using env_lookup
  = std::function<std::optional<std::string>(const std::string& name)>;

/// The process environment as an `env_lookup`.
env_lookup process_environment();

/// Which parts a subcommand needs validated (`migrate` needs no JWT secret).
struct config_needs {
  bool jwt = true;
  bool database = true;
};

/// The validated configuration of one hub process.
struct config {
  std::string host;
  std::uint16_t port = 0;
  std::string log_level;       ///< trace|debug|info|warn|error
  bool log_json = false;       ///< JSON lines instead of human text
  std::string jwt_secret;      ///< HS256 key for new tokens
  std::string jwt_secret_old;  ///< previous key, still accepted (rotation)
  std::string database_url;    ///< libpq URI or keyword/value string
  std::string database_source; ///< which variables it came from, for errors
  std::vector<std::string> allowed_origins; ///< exact CORS origins
  unsigned io_threads = 0;
  unsigned scheduler_threads = 0;
  unsigned db_workers = 0;
  unsigned db_writers = 0;
  /// SESSION_EVENTS_PER_SECOND: client events per second per connection.
  unsigned session_events_per_second = 0;
  std::chrono::seconds db_startup_timeout{0}; ///< DB_STARTUP_TIMEOUT
  long socketio_ping_interval_ms = 0;         ///< SOCKETIO_PING_INTERVAL_MS
  long socketio_ping_timeout_ms = 0;          ///< SOCKETIO_PING_TIMEOUT_MS
  std::string record_file;          ///< AGENTHUB_RECORD_FILE ("" = off)
  bool record_bodies = false;       ///< AGENTHUB_RECORD_BODIES=1
  std::size_t record_max_bytes = 0; ///< AGENTHUB_RECORD_MAX_MB

  /// One `KEY=value` line per setting with secrets replaced by `<redacted>`.
  std::string redacted_summary() const;
};

/// A configuration problem: the variable at fault and what is wrong with it.
struct config_error {
  std::string variable;
  std::string message;
  /// "JWT_SECRET: must be at least 32 bytes (got 5)".
  std::string to_string() const;
};

/// Reads the configuration. Precedence: environment, then the file named by
/// `AGENTHUB_CONFIG` (dotenv `KEY=value` lines), then defaults. Each secret
/// may instead come from `<NAME>_FILE`.
std::variant<config, config_error> load_config(const env_lookup& env,
                                               config_needs needs = {});

/// Quotes a libpq keyword/value connection-string value ('...' with \ and '
/// escaped).
std::string quote_conninfo_value(const std::string& v);

/// Parses dotenv text (`KEY=value`, `#` comments, optional quotes).
std::variant<std::vector<std::pair<std::string, std::string>>, config_error>
parse_dotenv(const std::string& text, const std::string& origin);

} // namespace agenthub

// A database, a running hub and a logged-in admin: the usual test setup.
#pragma once

#include <nlohmann/json.hpp>

#include "tests/support/hub_process.hpp"
#include "tests/support/pg_database.hpp"

#include <iosfwd>
#include <memory>
#include <string>

namespace agenthub::testing {

/// Row counts of the identity tables; a rejected write must leave them as
/// they were.
struct row_counts {
  long long agents = 0;
  long long tokens = 0;
  long long audit = 0;
  long long revoked = 0; ///< tokens with revoked_at set

  /// Equal if every count is.
  bool operator==(const row_counts& other) const;
  /// Not equal if any count differs.
  bool operator!=(const row_counts& other) const {
    return !(*this == other);
  }
};

/// "agents=3 tokens=4 audit=9 revoked=1", for assertion messages.
std::ostream& operator<<(std::ostream& os, const row_counts& c);

/// An agent made for a test, with its API token and a session JWT.
struct agent_credentials {
  std::string id;
  std::string name;
  std::string role;
  std::string api_token;
  std::string jwt;
};

/// A fresh database and hub (random 48-byte JWT secret), bootstrapped with
/// `agenthub bootstrap-admin` and logged in as that admin. Helper methods
/// throw std::runtime_error (with the response) when the hub answers
/// something other than the expected success.
class hub_fixture {
public:
  /// `extra_env` is added to (and overrides) the hub's base environment.
  explicit hub_fixture(env_map extra_env = {});
  ~hub_fixture();

  pg_database db;
  std::string jwt_secret;
  std::string admin_token; ///< the bootstrap admin's API token
  std::string admin_jwt;   ///< a session JWT of the admin
  std::string admin_id;

  /// The running hub.
  hub_process& process() {
    return *hub_;
  }

  /// DATABASE_URL, JWT_SECRET and LOG_LEVEL for this fixture's database.
  env_map base_env() const;

  /// Stops the hub (expecting exit 0) and starts a new one with
  /// `base_env()` overlaid with `extra_env` (not cumulative), then logs the
  /// admin in again so `admin_jwt` is valid for the new hub.
  void restart(const env_map& extra_env);

  /// Kills the hub with SIGKILL (no shutdown at all: a crash) and starts a
  /// new one on the same database with `base_env()` overlaid with
  /// `extra_env`, then logs the admin in again.
  void crash_and_restart(const env_map& extra_env = {});

  /// A client for the hub, optionally bound to another loopback address.
  http_client client(const std::string& source_ip = "") const;

  /// Sends a request with `Authorization: Bearer <jwt>` (none if empty).
  http_result call(const std::string& method, const std::string& path,
                   const std::string& jwt, const std::string& body = "") const;

  /// GET `path` as the holder of `jwt`.
  http_result get(const std::string& path, const std::string& jwt) const;

  /// POST `body` (as JSON) to `path` as the holder of `jwt`.
  http_result post(const std::string& path, const std::string& jwt,
                   const nlohmann::json& body) const;

  /// PATCH `path` with `body` (as JSON) as the holder of `jwt`.
  http_result patch(const std::string& path, const std::string& jwt,
                    const nlohmann::json& body) const;

  /// DELETE `path` as the holder of `jwt`.
  http_result del(const std::string& path, const std::string& jwt) const;

  /// POST /api/v1/agents as the admin; returns the created agent (201).
  nlohmann::json create_agent(const std::string& name,
                              const std::string& role = "agent");

  /// POST /api/v1/agents/:id/tokens as the admin; returns the body (201),
  /// which holds the one-time `token`.
  nlohmann::json issue_token(const std::string& agent_id,
                             const nlohmann::json& body
                             = nlohmann::json::object());

  /// POST /api/v1/sessions with `Authorization: Bearer <api_token>`.
  http_result login(const std::string& api_token,
                    const std::string& source_ip = "") const;

  /// Creates an agent, issues it a token and logs in (all must succeed).
  agent_credentials new_agent(const std::string& name,
                              const std::string& role = "agent");

  /// A session JWT for a new agent called `name`.
  std::string jwt_for(const std::string& name,
                      const std::string& role = "agent");

  /// Current row counts of agents, api_tokens and audit_events.
  row_counts counts();

  /// Rows in audit_events of `type`.
  long long audit_count(const std::string& type);

  /// Waits until audit_events has `expected` rows of `type`; true if so.
  /// (Failed logins are audited after the answer is sent.)
  bool wait_audit_count(const std::string& type, long long expected);

private:
  /// Starts a hub with `base_env()` overlaid with `extra_env`.
  void start(const env_map& extra_env);
  /// Logs the bootstrap admin in; sets `admin_jwt` and `admin_id`.
  void login_admin();

  std::unique_ptr<hub_process> hub_;
};

/// `prefix` plus a per-process counter: agent names unique within a hub.
std::string unique_name(const std::string& prefix);

} // namespace agenthub::testing

// API tokens: long-lived credentials stored as Argon2id hashes only.
#pragma once

#include <nlohmann/json_fwd.hpp>
#include <pqxx/connection>

#include <optional>
#include <string>
#include <vector>

namespace pqxx {
class transaction_base;
class dbtransaction;
} // namespace pqxx

namespace agenthub::db {

/// A token as listed to its owner or an admin (never the hash).
struct token_row {
  std::string id;
  std::string agent_id;
  std::string prefix;
  std::optional<std::string> name;
  std::string created_at;
  std::optional<std::string> expires_at;
  std::optional<std::string> revoked_at;
  std::optional<std::string> last_used_at;
};

/// What login needs to decide on a presented token.
struct token_auth_row {
  std::string token_id;
  std::string agent_id;
  std::string hash;
  bool expired = false;
  bool revoked = false;
  std::string agent_name;
  std::string agent_role;
  bool agent_disabled = false;
};

/// The API representation (camelCase, `prefix` as `agt_<prefix>`).
nlohmann::json to_json(const token_row& t);

/// Prepares this store's statements on a connection.
void prepare_token_statements(pqxx::connection& c);

/// Stores a new token's hash. Expiry: `expires_at` (RFC 3339 text, checked
/// with check_expiry first) or `expires_in_seconds`; neither = no expiry.
/// nullopt when the agent does not exist.
std::optional<token_row>
insert_token(pqxx::transaction_base& t, const std::string& agent_id,
             const std::string& prefix, const std::string& hash,
             const std::optional<std::string>& name,
             std::optional<long long> expires_in_seconds,
             const std::optional<std::string>& expires_at);

/// How an requested expiry time compares with now.
enum class expiry_check { ok, in_past, too_far, invalid };

/// Validates an RFC 3339 expiry: in the future and within `max_days`.
expiry_check check_expiry(pqxx::dbtransaction& t, const std::string& text,
                          int max_days);

/// The token with this prefix joined with its agent, if any.
std::optional<token_auth_row> find_token_for_auth(pqxx::transaction_base& t,
                                                  const std::string& prefix);

/// All tokens of an agent, newest first.
std::vector<token_row> list_tokens(pqxx::transaction_base& t,
                                   const std::string& agent_id);

/// The token with this id or prefix, if any.
std::optional<token_row> find_token(pqxx::transaction_base& t,
                                    const std::optional<std::string>& id,
                                    const std::optional<std::string>& prefix);

/// Marks a token revoked (idempotent: the first revocation time is kept).
std::optional<token_row> revoke_token(pqxx::transaction_base& t,
                                      const std::string& id);

/// Records a successful use.
void touch_token(pqxx::transaction_base& t, const std::string& id);

} // namespace agenthub::db

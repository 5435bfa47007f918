// The audit trail: who logged in, which tokens were issued and revoked.
#pragma once

#include <nlohmann/json_fwd.hpp>
#include <pqxx/connection>

#include <optional>
#include <string>

namespace pqxx {
class transaction_base;
} // namespace pqxx

namespace agenthub::db {

/// Audit event types (stable strings, queried by operators).
namespace audit {
constexpr const char* login = "login";
constexpr const char* login_failed = "login-failed";
constexpr const char* agent_created = "agent-created";
constexpr const char* agent_updated = "agent-updated";
constexpr const char* token_issued = "token-issued";
constexpr const char* token_revoked = "token-revoked";
constexpr const char* room_created = "room-created";
constexpr const char* room_archived = "room-archived";
constexpr const char* member_added = "member-added";
constexpr const char* member_removed = "member-removed";
} // namespace audit

/// Prepares this store's statements on a connection.
void prepare_audit_statements(pqxx::connection& c);

/// Appends one audit event in the caller's transaction, so the event and the
/// change it records commit together. `payload` must never hold a secret.
void insert_audit(pqxx::transaction_base& t, const char* type,
                  const std::optional<std::string>& agent_id,
                  const nlohmann::json& payload);

} // namespace agenthub::db

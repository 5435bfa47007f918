// Audit rows, written in the same transaction as the change they record.
#include "persistence/audit_store.hpp"

#include "persistence/probe.hpp"

#include <nlohmann/json.hpp>
#include <pqxx/pqxx>

namespace agenthub::db {

void prepare_audit_statements(pqxx::connection& c) {
  c.prepare("audit_insert", "INSERT INTO audit_events (type, agent_id, payload)"
                            " VALUES ($1, $2::uuid, $3::jsonb)");
}

void insert_audit(pqxx::transaction_base& t, const char* type,
                  const std::optional<std::string>& agent_id,
                  const nlohmann::json& payload) {
  query_timer timer{"audit_insert"};
  t.exec_prepared0("audit_insert", std::string{type}, agent_id, payload.dump());
}

} // namespace agenthub::db

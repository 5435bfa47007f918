// Agents: the identities that hold API tokens and join rooms.
#pragma once

#include <nlohmann/json_fwd.hpp>
#include <pqxx/connection>

#include <optional>
#include <string>
#include <vector>

namespace pqxx {
class transaction_base;
} // namespace pqxx

namespace agenthub::db {

/// One row of `agents`, timestamps as ISO 8601 text.
struct agent_row {
  std::string id;
  std::string name;
  std::string display_name;
  std::string role; ///< "admin" | "agent"
  std::string created_at;
  std::string updated_at;
  std::optional<std::string> disabled_at;
};

/// The API representation (camelCase, as the seed).
nlohmann::json to_json(const agent_row& a);

/// Prepares this store's statements on a connection.
void prepare_agent_statements(pqxx::connection& c);

/// Inserts an agent; nullopt when the name is taken.
std::optional<agent_row> insert_agent(pqxx::transaction_base& t,
                                      const std::string& name,
                                      const std::string& display_name,
                                      const std::string& role);

/// Agents ordered by name, those after `after_name`, at most `limit`.
std::vector<agent_row> list_agents(pqxx::transaction_base& t,
                                   const std::string& after_name, int limit);

/// The agent with this id (a valid UUID text), if any.
std::optional<agent_row> find_agent(pqxx::transaction_base& t,
                                    const std::string& id);

/// The agent with this name, if any.
std::optional<agent_row> find_agent_by_name(pqxx::transaction_base& t,
                                            const std::string& name);

/// Changes the display name and/or the disabled state; nullopt if absent.
std::optional<agent_row>
update_agent(pqxx::transaction_base& t, const std::string& id,
             const std::optional<std::string>& display_name,
             std::optional<bool> disabled);

/// Ids of every disabled agent (loaded at startup into the auth cache).
std::vector<std::string> disabled_agent_ids(pqxx::transaction_base& t);

/// True when at least one enabled admin exists.
bool any_admin(pqxx::transaction_base& t);

} // namespace agenthub::db

// Agent rows: create, read, list, update; prepared statements only.
#include "persistence/agent_store.hpp"

#include "persistence/probe.hpp"
#include "persistence/sql_util.hpp"

#include <nlohmann/json.hpp>
#include <pqxx/pqxx>

namespace agenthub::db {

namespace {

std::string columns() {
  return "id::text, name, display_name, role, " + iso("created_at") + ", "
         + iso("updated_at") + ", " + iso("disabled_at");
}

agent_row decode(const pqxx::row& r) {
  return agent_row{r[0].as<std::string>(), r[1].as<std::string>(),
                   r[2].as<std::string>(), r[3].as<std::string>(),
                   r[4].as<std::string>(), r[5].as<std::string>(),
                   opt_text(r[6])};
}

std::optional<agent_row> first(const pqxx::result& r) {
  if (r.empty())
    return std::nullopt;
  return decode(r[0]);
}

} // namespace

nlohmann::json to_json(const agent_row& a) {
  return {{"id", a.id},
          {"name", a.name},
          {"displayName", a.display_name},
          {"role", a.role},
          {"disabled", a.disabled_at.has_value()},
          {"disabledAt", a.disabled_at ? nlohmann::json(*a.disabled_at)
                                       : nlohmann::json(nullptr)},
          {"createdAt", a.created_at},
          {"updatedAt", a.updated_at}};
}

void prepare_agent_statements(pqxx::connection& c) {
  c.prepare("agent_insert",
            "INSERT INTO agents (name, display_name, role) VALUES ($1, $2, $3)"
            " ON CONFLICT (name) DO NOTHING RETURNING "
              + columns());
  c.prepare("agent_list", "SELECT " + columns()
                            + " FROM agents WHERE name > $1 ORDER BY name"
                              " LIMIT $2");
  c.prepare("agent_find",
            "SELECT " + columns() + " FROM agents WHERE id = $1::uuid");
  c.prepare("agent_find_by_name",
            "SELECT " + columns() + " FROM agents WHERE name = $1");
  c.prepare("agent_update",
            "UPDATE agents SET display_name = coalesce($2, display_name),"
            " disabled_at = CASE WHEN $3::boolean IS NULL THEN disabled_at"
            "   WHEN $3::boolean THEN coalesce(disabled_at, now())"
            "   ELSE NULL END,"
            " updated_at = now() WHERE id = $1::uuid RETURNING "
              + columns());
  c.prepare("agent_disabled_ids",
            "SELECT id::text FROM agents WHERE disabled_at IS NOT NULL");
  c.prepare("agent_any_admin",
            "SELECT EXISTS (SELECT 1 FROM agents WHERE role = 'admin'"
            " AND disabled_at IS NULL)");
}

std::optional<agent_row> insert_agent(pqxx::transaction_base& t,
                                      const std::string& name,
                                      const std::string& display_name,
                                      const std::string& role) {
  query_timer timer{"agent_insert"};
  return first(t.exec_prepared("agent_insert", name, display_name, role));
}

std::vector<agent_row> list_agents(pqxx::transaction_base& t,
                                   const std::string& after_name, int limit) {
  query_timer timer{"agent_list"};
  std::vector<agent_row> out;
  for (const auto& r : t.exec_prepared("agent_list", after_name, limit))
    out.push_back(decode(r));
  return out;
}

std::optional<agent_row> find_agent(pqxx::transaction_base& t,
                                    const std::string& id) {
  query_timer timer{"agent_find"};
  return first(t.exec_prepared("agent_find", id));
}

std::optional<agent_row> find_agent_by_name(pqxx::transaction_base& t,
                                            const std::string& name) {
  query_timer timer{"agent_find"};
  return first(t.exec_prepared("agent_find_by_name", name));
}

std::optional<agent_row>
update_agent(pqxx::transaction_base& t, const std::string& id,
             const std::optional<std::string>& display_name,
             std::optional<bool> disabled) {
  query_timer timer{"agent_update"};
  return first(t.exec_prepared("agent_update", id, display_name, disabled));
}

std::vector<std::string> disabled_agent_ids(pqxx::transaction_base& t) {
  query_timer timer{"agent_list"};
  std::vector<std::string> out;
  for (const auto& r : t.exec_prepared("agent_disabled_ids"))
    out.push_back(r[0].as<std::string>());
  return out;
}

bool any_admin(pqxx::transaction_base& t) {
  query_timer timer{"agent_find"};
  return t.exec_prepared1("agent_any_admin")[0].as<bool>();
}

} // namespace agenthub::db

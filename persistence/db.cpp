// Opening connections and mapping libpq failures to clear errors.
#include "persistence/db.hpp"

#include "config/config.hpp"
#include "config/defaults.hpp"
#include "persistence/agent_store.hpp"
#include "persistence/audit_store.hpp"
#include "persistence/message_store.hpp"
#include "persistence/room_store.hpp"
#include "persistence/token_store.hpp"

#include <pqxx/pqxx>

#include <libpq-fe.h>

namespace agenthub::db {

std::string make_conninfo(const std::string& database_url) {
  char* err = nullptr;
  PQconninfoOption* opts = PQconninfoParse(database_url.c_str(), &err);
  if (opts == nullptr) {
    std::string msg = err ? err : "cannot parse connection string";
    if (err)
      PQfreemem(err);
    while (!msg.empty() && msg.back() == '\n')
      msg.pop_back();
    throw std::invalid_argument(msg);
  }
  std::string out;
  bool has_timeout = false;
  bool has_app = false;
  for (auto* o = opts; o->keyword != nullptr; ++o) {
    if (o->val == nullptr)
      continue;
    std::string key = o->keyword;
    has_timeout |= key == "connect_timeout";
    has_app |= key == "application_name";
    out += (out.empty() ? "" : " ") + key + "=" + quote_conninfo_value(o->val);
  }
  PQconninfoFree(opts);
  if (!has_timeout)
    out += " connect_timeout="
           + std::to_string(defaults::db_connect_timeout_seconds);
  if (!has_app)
    out += " application_name='agenthub'";
  return out;
}

std::string describe_target(const std::string& conninfo) {
  std::string host = "localhost";
  std::string port = "5432";
  std::string dbname;
  if (auto* opts = PQconninfoParse(conninfo.c_str(), nullptr)) {
    for (auto* o = opts; o->keyword != nullptr; ++o) {
      if (o->val == nullptr)
        continue;
      std::string key = o->keyword;
      if (key == "host" || key == "hostaddr")
        host = o->val;
      else if (key == "port")
        port = o->val;
      else if (key == "dbname")
        dbname = o->val;
    }
    PQconninfoFree(opts);
  }
  return host + ":" + port + (dbname.empty() ? "" : "/" + dbname);
}

void prepare_statements(pqxx::connection& c) {
  prepare_agent_statements(c);
  prepare_token_statements(c);
  prepare_audit_statements(c);
  prepare_room_statements(c);
  prepare_message_statements(c);
}

std::unique_ptr<pqxx::connection> open_connection(const std::string& conninfo) {
  std::unique_ptr<pqxx::connection> c;
  try {
    c = std::make_unique<pqxx::connection>(conninfo);
  } catch (const pqxx::broken_connection& e) {
    std::string msg = e.what();
    while (!msg.empty() && (msg.back() == '\n' || msg.back() == ' '))
      msg.pop_back();
    throw unavailable(msg);
  }
  prepare_statements(*c);
  return c;
}

bool is_connection_error(const std::exception& e) {
  return dynamic_cast<const pqxx::broken_connection*>(&e) != nullptr
         || dynamic_cast<const unavailable*>(&e) != nullptr
         || dynamic_cast<const pqxx::in_doubt_error*>(&e) != nullptr;
}

std::string sqlstate_of(const std::exception& e) {
  if (auto* s = dynamic_cast<const pqxx::sql_error*>(&e))
    return s->sqlstate();
  return {};
}

} // namespace agenthub::db

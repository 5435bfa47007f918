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
    // libpq quotes the URI (password included) after " in URI": cut it.
    if (auto at = msg.find(" in URI"); at != std::string::npos)
      msg.resize(at);
    if (auto at = msg.find(database_url); at != std::string::npos)
      msg.replace(at, database_url.size(), "<url>");
    throw std::invalid_argument(one_line(std::move(msg)));
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
    throw unavailable(one_line(e.what()));
  }
  prepare_statements(*c);
  return c;
}

std::string one_line(std::string message) {
  std::string out;
  out.reserve(message.size());
  bool space = false;
  for (char c : message) {
    if (c == '\n' || c == '\r' || c == '\t' || c == ' ') {
      space = !out.empty();
      continue;
    }
    if (space)
      out += ' ';
    space = false;
    out += c;
  }
  return out;
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

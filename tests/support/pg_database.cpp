// Creating, querying and dropping per-test databases.
#include "tests/support/pg_database.hpp"

#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <random>
#include <stdexcept>
#include <vector>

namespace agenthub::testing {

namespace {

std::string unique_name() {
  static std::atomic<unsigned> counter{0};
  std::random_device rd;
  char suffix[16];
  std::snprintf(suffix, sizeof suffix, "%06x", rd() & 0xffffffu);
  return "ah_t_" + std::to_string(getpid()) + "_"
         + std::to_string(counter.fetch_add(1)) + "_" + suffix;
}

/// Runs one statement outside a transaction (CREATE/DROP/ALTER DATABASE).
void admin_exec(const std::string& admin_url, const std::string& sql) {
  pqxx::connection c{admin_url};
  pqxx::nontransaction tx{c};
  tx.exec(sql);
}

} // namespace

std::string test_database_url() {
  const char* url = std::getenv("AGENTHUB_TEST_DATABASE_URL");
  if (url == nullptr || *url == '\0')
    throw std::runtime_error(
      "AGENTHUB_TEST_DATABASE_URL is not set. Integration tests need the "
      "private test cluster: run `AGENTHUB_PG_PORT=55433 tools/pg.sh start` "
      "and `export AGENTHUB_TEST_DATABASE_URL=$(AGENTHUB_PG_PORT=55433 "
      "tools/pg.sh url)`, or use tools/test.sh");
  return url;
}

std::string with_database(const std::string& url, const std::string& dbname) {
  auto scheme = url.find("://");
  if (scheme == std::string::npos)
    return url + " dbname=" + dbname; // key=value form: the last one wins
  auto query = url.find('?', scheme + 3);
  auto slash = url.find('/', scheme + 3);
  auto end = query == std::string::npos ? url.size() : query;
  if (slash == std::string::npos || slash > end)
    return url.substr(0, end) + "/" + dbname + url.substr(end);
  return url.substr(0, slash + 1) + dbname + url.substr(end);
}

int drop_stale_test_databases() {
  auto admin_url = test_database_url();
  std::vector<std::string> stale;
  {
    pqxx::connection c{admin_url};
    pqxx::nontransaction tx{c};
    for (const auto& row : tx.exec("SELECT datname FROM pg_database"
                                   " WHERE datname LIKE 'ah\\_t\\_%'")) {
      auto name = row[0].as<std::string>();
      auto pid = std::strtol(name.c_str() + 5, nullptr, 10);
      if (pid > 0 && kill(static_cast<pid_t>(pid), 0) != 0 && errno == ESRCH)
        stale.push_back(name);
    }
  }
  for (const auto& name : stale)
    admin_exec(admin_url, "DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
  return static_cast<int>(stale.size());
}

pg_database::pg_database()
  : admin_url_(test_database_url()), name_(unique_name()) {
  url_ = with_database(admin_url_, name_);
  admin_exec(admin_url_, "CREATE DATABASE " + name_);
}

pg_database::~pg_database() {
  conn_.reset();
  try {
    admin_exec(admin_url_,
               "DROP DATABASE IF EXISTS " + name_ + " WITH (FORCE)");
  } catch (const std::exception& e) {
    std::fprintf(stderr, "pg_database: cannot drop %s: %s\n", name_.c_str(),
                 e.what());
  }
}

pqxx::connection& pg_database::connection() {
  if (!conn_ || !conn_->is_open())
    conn_ = std::make_unique<pqxx::connection>(url_);
  return *conn_;
}

void pg_database::set_connections_allowed(bool allowed) {
  admin_exec(admin_url_, "ALTER DATABASE " + name_ + " WITH ALLOW_CONNECTIONS "
                           + (allowed ? "true" : "false"));
}

void pg_database::terminate_connections() {
  conn_.reset();
  pqxx::connection c{admin_url_};
  pqxx::nontransaction tx{c};
  tx.exec_params("SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
                 " WHERE datname = $1 AND pid <> pg_backend_pid()",
                 name_);
}

} // namespace agenthub::testing
